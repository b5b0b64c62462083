// Job `sync-realtime-stats`: rebuilds the realtime state of every tenant on record or active in the last two days
// from stored events (RealtimeResync), so a flushed, restarted or drifted realtime store heals.
import type { Clock } from '../clock.ts';
import type { RealtimeStore } from '../realtime/realtime-store.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { Job, JobSummary } from './job.ts';
import { RealtimeResync, type RealtimeReplaySource } from './realtime-resync.ts';
import { sweepTenants, type TenantSweepPorts } from './tenant-sweep.ts';

/** Tenants with an event in this window are resynced even without a record. */
const ACTIVE_WINDOW_MS = 2 * 86_400_000;

export interface SyncRealtimeStatsPorts extends TenantSweepPorts {
  readonly replay: RealtimeReplaySource;
  readonly realtime: RealtimeStore;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
}

export class SyncRealtimeStats implements Job {
  readonly name = 'sync-realtime-stats';
  readonly #p: SyncRealtimeStatsPorts;
  readonly #resync: RealtimeResync;

  constructor(ports: SyncRealtimeStatsPorts) {
    this.#p = ports;
    this.#resync = new RealtimeResync(ports);
  }

  /** Reports the tenants resynced, the events replayed and the sessions restored. */
  async run(now: Date): Promise<JobSummary> {
    const tenants = await sweepTenants(this.#p, new Date(now.getTime() - ACTIVE_WINDOW_MS));
    let events = 0;
    let sessions = 0;
    for (const tenantId of tenants) {
      const r = await this.#resync.run(tenantId);
      events += r.events;
      sessions += r.sessions;
    }
    return { tenants: tenants.length, eventsReplayed: events, sessions };
  }
}
