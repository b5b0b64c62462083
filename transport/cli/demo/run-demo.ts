// runDemo: plays the chatbot and the agent workbench, each a small fastify app with the tracker plugin, through
// the typed helpers into the service's own stores: N days of seeded history quickly, then gentle live traffic.
import type { Services } from '../../../adapters/index.ts';
import { invalid } from '../../../domain/errors.ts';
import { addDays, localDay } from '../../../domain/local-day.ts';
import { silentLogger } from '../../../domain/logger.ts';
import type { RealtimeSink } from '../../../domain/tracker/sink-queue.ts';
import type { TrackerStats } from '../../../domain/tracker/tracker-stats.ts';
import { trackerPorts } from '../../fastify-plugin/service-ports.ts';
import { playEvent, startDemoApps, type DemoApps, type DemoPorts } from './demo-apps.ts';
import { occurredAt, planDay } from './demo-plan.ts';
import { playLive, type LiveReport } from './live-demo.ts';

export interface DemoOptions {
  readonly ports: DemoPorts;
  /** Same seed, same history (default 1). */
  readonly seed?: number;
  /** Full days of history before today, plus today until now (default 0: none). */
  readonly backfillDays?: number;
  /** Keep generating traffic until `signal` aborts (default false). */
  readonly live?: boolean;
  readonly signal?: AbortSignal;
  /** Live only: how much faster than real time conversations unfold (default 1). */
  readonly speed?: number;
  /** Default `demo`. */
  readonly tenantId?: string;
  /** The tenant's time zone, for the daily rhythm (default UTC). */
  readonly timeZone?: string;
  /** Mean sessions on a weekday of history (default 260). */
  readonly sessionsPerDay?: number;
  /** Live arrivals per minute at speed 1 (default 20: a few events a second). */
  readonly liveSessionsPerMinute?: number;
  /** Live: the Coze API the chatbot calls (default: a local stand-in started for the run). */
  readonly coze?: { readonly baseUrl: string; readonly token: string };
  readonly retentionDays?: number;
  readonly onProgress?: (progress: { phase: 'backfill'; day: string; events: number }) => void;
}

export interface DemoReport {
  readonly backfill: { readonly days: number; readonly events: number };
  readonly live: LiveReport | null;
  readonly chatbot: TrackerStats;
  readonly workbench: TrackerStats;
}

/** The ports a demo needs, from the service's composition root: its event store, its sinks, its clock. */
export function demoPorts(services: Services): DemoPorts {
  const ports = trackerPorts(services);
  return { events: ports.events, sinks: ports.realtime as RealtimeSink[], clock: ports.clock, logger: services.logger };
}

/** Runs the demo; resolves when the backfill is written and, when live, after `signal` aborts and all is flushed. */
export async function runDemo(opts: DemoOptions): Promise<DemoReport> {
  const seed = opts.seed ?? 1;
  const backfillDays = opts.backfillDays ?? 0;
  const retentionDays = opts.retentionDays ?? 90;
  if (!Number.isInteger(backfillDays) || backfillDays < 0 || backfillDays >= retentionDays) {
    throw invalid('backfillDays', `must be an integer from 0 to ${retentionDays - 1} (the retention period)`);
  }
  if (opts.speed !== undefined && !(opts.speed > 0 && opts.speed <= 1000)) throw invalid('speed', 'must be above 0 and at most 1000');
  const apps = await startDemoApps(opts.ports, { tenantId: opts.tenantId ?? 'demo', retentionDays });
  let live: LiveReport | null = null;
  let events = 0;
  try {
    events = await backfill(apps, opts, seed, backfillDays);
    if (opts.live && !opts.signal?.aborted) {
      live = await playLive(apps, {
        seed,
        clock: opts.ports.clock,
        zone: opts.timeZone ?? 'UTC',
        speed: opts.speed ?? 1,
        sessionsPerMinute: opts.liveSessionsPerMinute ?? 20,
        signal: opts.signal,
        coze: opts.coze,
        logger: opts.ports.logger ?? silentLogger,
      });
    }
  } finally {
    await Promise.all([apps.chatbot.close(), apps.workbench.close()]);
  }
  return {
    backfill: { days: backfillDays, events },
    live,
    chatbot: apps.chatbot.analyticsTracker.stats(),
    workbench: apps.workbench.analyticsTracker.stats(),
  };
}

async function backfill(apps: DemoApps, opts: DemoOptions, seed: number, days: number): Promise<number> {
  if (days === 0) return 0;
  const zone = opts.timeZone ?? 'UTC';
  const now = opts.ports.clock.now();
  const today = localDay(now, zone);
  let total = 0;
  for (let back = days; back >= 0; back--) {
    if (opts.signal?.aborted) break;
    const day = addDays(today, -back);
    let n = 0;
    for (const e of planDay({ seed, day, zone, sessionsPerDay: opts.sessionsPerDay })) {
      if (occurredAt(e) > now) break; // today: only what has happened by now
      n += playEvent(apps, e);
    }
    await Promise.all([apps.chatbot.analyticsTracker.flush(), apps.workbench.analyticsTracker.flush()]);
    total += n;
    opts.onProgress?.({ phase: 'backfill', day, events: n });
  }
  return total;
}
