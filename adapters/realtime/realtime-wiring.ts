// How the realtime side is wired on a store that can fail or come back empty (Redis): reads through the
// FallbackRealtimeStore, projections and the resync job through one RealtimeHealer. On the in-process store, as is.
import type { Clock } from '../../domain/clock.ts';
import type { Job } from '../../domain/jobs/job.ts';
import { RealtimeHealer, type RealtimeMarker } from '../../domain/jobs/realtime-healer.ts';
import type { RealtimeReplaySource } from '../../domain/jobs/realtime-resync.ts';
import { SyncRealtimeStats } from '../../domain/jobs/sync-realtime-stats.ts';
import type { TenantSweepPorts } from '../../domain/jobs/tenant-sweep.ts';
import type { Logger } from '../../domain/logger.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import type { ZoneOf } from '../../domain/tenants/zone-of.ts';
import type { RealtimeSink } from '../../domain/tracker/sink-queue.ts';
import { FallbackRealtimeStore } from './fallback-realtime-store.ts';

/** What tells that the live store came back or was emptied (createServices makes it from the Redis client). */
export interface RealtimeHealth {
  readonly marker: RealtimeMarker;
  /** Calls `listener` each time the store's connection is ready again. */
  onReady(listener: () => void): void;
  /** How often the store is checked for emptiness or staleness (default 3000 ms). */
  readonly checkEveryMs?: number;
}

export interface RealtimeWiringPorts {
  readonly store: RealtimeStore;
  /** The RealtimeProjector on `store`. */
  readonly projector: RealtimeSink;
  readonly health?: RealtimeHealth | undefined;
  readonly replay: RealtimeReplaySource;
  readonly sweep: TenantSweepPorts;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
  readonly logger: Logger;
}

export interface RealtimeWiring {
  /** What Monitoring and today's figures read. */
  readonly reads: RealtimeStore;
  /** What newly stored events (and a status change) are projected through. */
  readonly sink: RealtimeSink;
  /** Job `sync-realtime-stats`. */
  readonly resyncJob: Job;
  /** Starts watching the store (checks at once). */
  start(): void;
  stop(): void;
}

export function realtimeWiring(p: RealtimeWiringPorts): RealtimeWiring {
  const { store, projector, health, replay, sweep, clock, zoneOf, logger } = p;
  if (!health) {
    const resyncJob = new SyncRealtimeStats({ ...sweep, replay, realtime: store, clock, zoneOf });
    return { reads: store, sink: projector, resyncJob, start() {}, stop() {} };
  }
  const healer = new RealtimeHealer({ ...sweep, replay, realtime: store, clock, zoneOf, projector, marker: health.marker, logger });
  const reads = new FallbackRealtimeStore({ live: store, replay, clock, zoneOf, logger, stale: () => healer.stale });
  return {
    reads,
    sink: healer.sink,
    resyncJob: healer,
    start() {
      health.onReady(() => void healer.check());
      healer.start(health.checkEveryMs);
    },
    stop: () => healer.stop(),
  };
}
