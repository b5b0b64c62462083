// ServiceMetrics read at scrape time: the in-process trackers' queues and drops, the pool's use and waits, the
// sinks, Redis errors; and its registry is its own (two services in one process count apart).
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../adapters/metrics/service-metrics.ts';
import type { AppendResult, EventStore } from '../../domain/events/event-store.ts';
import { initTracker, stopAllTrackers } from '../../domain/tracker/registry.ts';
import { aClock, sequentialIds } from '../support/builders.ts';

/** A store whose appends never answer: what a tracker holds stays queued. */
const stuckStore: EventStore = {
  append: () => new Promise<AppendResult>(() => {}),
  sessionEvents: async () => [],
  count: async () => 0,
} as unknown as EventStore;

async function samples(metrics: ServiceMetrics): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await metrics.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('ServiceMetrics', () => {
  afterEach(() => stopAllTrackers({ deadlineMs: 0 }));

  it('reads each running tracker’s queue depth and drops by reason at scrape time', async () => {
    const tracker = initTracker(
      'metrics_probe',
      { events: stuckStore, clock: aClock(), ids: sequentialIds() },
      { tenantId: 't1', maxQueueEvents: 3, bufferSize: 100 },
    );
    for (let i = 0; i < 5; i++) tracker.track('session.start', {}, `s${i}`, { channel: 'web' });
    const s = await samples(new ServiceMetrics());
    expect(s.get('cs_analytics_tracker_queue_events{product="metrics_probe"}')).toBe(3);
    expect(s.get('cs_analytics_tracker_dropped_events_total{product="metrics_probe",reason="queue_full"}')).toBe(2);
    expect(s.get('cs_analytics_tracker_dropped_events_total{product="metrics_probe",reason="shutdown"}')).toBe(0);
    expect(s.get('cs_analytics_tracker_retries_total{product="metrics_probe"}')).toBe(0);
    expect(s.get('cs_analytics_tracker_queue_bytes{product="metrics_probe"}')).toBeGreaterThan(0);
  });

  it('reads the pool’s connections and waiting queries, and the sinks, from what it watches', async () => {
    const metrics = new ServiceMetrics();
    let waiting = 2;
    metrics.watch({
      engine: 'postgres',
      pool: () => ({ total: 4, idle: 0, waiting }),
      sinks: () => ({ applied: 10, failures: 0, pending: 7, dropped: 1 }),
    });
    let s = await samples(metrics);
    expect(s.get('cs_analytics_db_info{engine="postgres"}')).toBe(1);
    expect(s.get('cs_analytics_db_pool_connections')).toBe(4);
    expect(s.get('cs_analytics_db_pool_idle_connections')).toBe(0);
    expect(s.get('cs_analytics_db_pool_waiting_queries')).toBe(2);
    expect(s.get('cs_analytics_sink_pending_events')).toBe(7);
    expect(s.get('cs_analytics_sink_dropped_events_total')).toBe(1);
    waiting = 0;
    s = await samples(metrics);
    expect(s.get('cs_analytics_db_pool_waiting_queries')).toBe(0);
  });

  it('counts Redis errors, in a registry of its own per instance', async () => {
    const one = new ServiceMetrics();
    const other = new ServiceMetrics();
    one.redisError();
    one.redisError();
    expect((await samples(one)).get('cs_analytics_redis_errors_total')).toBe(2);
    expect((await samples(other)).get('cs_analytics_redis_errors_total')).toBe(0);
  });

  it('bounds ingest labels: unknown names and undeclared fields count as other', async () => {
    const metrics = new ServiceMetrics();
    metrics.ingest.judged({
      accepted: [],
      duplicates: [],
      rejected: [
        { name: 'x'.repeat(500), field: 'name' },
        { name: 'session.start', field: 'data.someClientKey' },
        { name: 'session.start', field: 'data.customerId' },
      ],
    });
    const s = await samples(metrics);
    expect(s.get('cs_analytics_ingest_events_rejected_total{name="other",reason="name"}')).toBe(1);
    expect(s.get('cs_analytics_ingest_events_rejected_total{name="session.start",reason="other"}')).toBe(1);
    expect(s.get('cs_analytics_ingest_events_rejected_total{name="session.start",reason="data.customerId"}')).toBe(1);
  });
});
