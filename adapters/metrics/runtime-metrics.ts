// What is read at scrape time (collect()), never counted on a hot path: the in-process trackers' queues, drops and
// retries (their stats()), the service's derived-update sinks, the database pool's use and waits.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SinkQueueStats } from '../../domain/tracker/sink-queue.ts';
import type { TrackerStats } from '../../domain/tracker/tracker-stats.ts';
import type { PoolUse } from '../postgres/db/connect.ts';

/** Where the scrape reads from; each may be absent (no pool on PGlite, no sinks in a bare registry). */
export interface RuntimeSources {
  /** The running trackers of this process, by product. */
  readonly trackers: () => readonly { readonly product: string; stats(): TrackerStats }[];
  readonly sinks?: () => SinkQueueStats;
  readonly pool?: () => PoolUse;
}

type Labels = Record<string, string>;
/** A metric's samples now: its labels and value, one pair each. */
type Read = () => Iterable<readonly [Labels, number]>;

/**
 * A metric whose samples are read at each scrape: a gauge (a level now) or a counter (a total some stats() keeps,
 * which only grows); series not read this time disappear (a stopped tracker).
 */
function scraped(registry: Registry, kind: 'gauge' | 'counter', name: string, help: string, labelNames: readonly string[], read: Read): void {
  const config = { name, help, labelNames, registers: [registry] };
  if (kind === 'gauge') {
    new Gauge({
      ...config,
      collect() {
        this.reset();
        for (const [labels, value] of read()) this.set(labels, value);
      },
    });
  } else {
    new Counter({
      ...config,
      collect() {
        this.reset();
        for (const [labels, value] of read()) this.inc(labels, value);
      },
    });
  }
}

const one = (value: number | undefined): (readonly [Labels, number])[] => (value === undefined ? [] : [[{}, value]]);

export function runtimeMetrics(registry: Registry, sources: () => RuntimeSources): void {
  const trackers = () =>
    sources()
      .trackers()
      .map((t) => ({ product: t.product, stats: t.stats() }));
  const perProduct = (pick: (s: TrackerStats) => number) => () => trackers().map(({ product, stats }) => [{ product }, pick(stats)] as const);

  scraped(
    registry,
    'gauge',
    'cs_analytics_tracker_queue_events',
    'Events waiting or being written in an in-process tracker, by product',
    ['product'],
    perProduct((s) => s.queued),
  );
  scraped(
    registry,
    'gauge',
    'cs_analytics_tracker_queue_bytes',
    'Bytes held by an in-process tracker’s queue, by product',
    ['product'],
    perProduct((s) => s.queueBytes),
  );
  scraped(
    registry,
    'counter',
    'cs_analytics_tracker_dropped_events_total',
    'Events an in-process tracker accepted and will never store, by product and reason',
    ['product', 'reason'],
    () => trackers().flatMap(({ product, stats }) => Object.entries(stats.dropped).map(([reason, n]) => [{ product, reason }, n] as const)),
  );
  scraped(
    registry,
    'counter',
    'cs_analytics_tracker_retries_total',
    'Event writes an in-process tracker attempted again after a transient store failure, by product',
    ['product'],
    perProduct((s) => s.retried),
  );

  scraped(registry, 'gauge', 'cs_analytics_sink_pending_events', 'Stored events waiting for their derived updates (realtime, token usage)', [], () =>
    one(sources().sinks?.().pending),
  );
  scraped(
    registry,
    'counter',
    'cs_analytics_sink_dropped_events_total',
    'Stored events whose realtime update was dropped past the backlog bound (the resync job repairs them)',
    [],
    () => one(sources().sinks?.().dropped),
  );

  const pool = (pick: (use: PoolUse) => number) => () => {
    const use = sources().pool?.();
    return one(use && pick(use));
  };
  scraped(
    registry,
    'gauge',
    'cs_analytics_db_pool_connections',
    'Connections the PostgreSQL pool holds open (idle or in use)',
    [],
    pool((u) => u.total),
  );
  scraped(
    registry,
    'gauge',
    'cs_analytics_db_pool_idle_connections',
    'Open connections of the pool not in use',
    [],
    pool((u) => u.idle),
  );
  scraped(
    registry,
    'gauge',
    'cs_analytics_db_pool_waiting_queries',
    'Queries waiting for a connection of the pool (above 0 for long: the pool is too small)',
    [],
    pool((u) => u.waiting),
  );
}
