// RealtimeHealer: keeps a realtime store that can fail or come back empty (Redis) equal to a recompute from stored
// events. A projection that fails is not retried (a timed-out MULTI may have run: a retry could count it twice) but
// marks the store stale; a store found empty or stale is rebuilt at once by the resync, one run at a time, with the
// projections held meanwhile so none lands between the replay and the replace. It is also the scheduled resync job.
import type { AnalyticsEvent } from '../events/envelope.ts';
import type { Logger } from '../logger.ts';
import type { RealtimeSink } from '../tracker/sink-queue.ts';
import type { Job, JobSummary } from './job.ts';
import type { RealtimeReplaySource } from './realtime-resync.ts';
import { SyncRealtimeStats, type SyncRealtimeStatsPorts } from './sync-realtime-stats.ts';

/** Whether the realtime store still holds what a resync put there (the port of the "primed" key). */
export interface RealtimeMarker {
  /** False once the store was emptied (restarted without persistence, FLUSHALL); throws when it cannot be reached. */
  isPrimed(): Promise<boolean>;
  /** Written after a resync filled the store. */
  markPrimed(): Promise<void>;
}

export interface RealtimeHealerPorts extends SyncRealtimeStatsPorts {
  readonly marker: RealtimeMarker;
  /** The RealtimeProjector on the same store. */
  readonly projector: RealtimeSink;
  readonly logger: Logger;
}

/** How long the ids a resync replayed are kept, so events it counted and still queued for projection are skipped. */
const REPLAYED_KEPT_MS = 60_000;

export class RealtimeHealer implements Job {
  readonly name = 'sync-realtime-stats';
  readonly #p: RealtimeHealerPorts;
  /** A projection failed since the last resync: the store misses it. */
  #dirty = false;
  #running: Promise<JobSummary> | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #replayed: { ids: Set<string>; until: number } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(ports: RealtimeHealerPorts) {
    this.#p = ports;
  }

  /** The projector as the sinks and the status change call it: never fails, a failure is healed by a resync. */
  readonly sink: RealtimeSink = { name: 'realtime', apply: (events) => this.#apply(events) };

  /** True while the store may differ from a recompute (a projection failed, or a resync is under way). */
  get stale(): boolean {
    return this.#dirty || this.#running !== undefined;
  }

  /** Checks now and every `everyMs` (default 3 s); call `check()` too when the store's connection is ready again. */
  start(everyMs = 3000): void {
    this.#timer ??= setInterval(() => void this.check(), everyMs);
    this.#timer.unref?.();
    void this.check();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Rebuilds at once when the store answers and is empty or stale; does nothing while it cannot be reached. */
  async check(): Promise<void> {
    if (this.#running) return;
    let primed: boolean;
    try {
      primed = await this.#p.marker.isPrimed();
    } catch {
      return; // away: nothing to rebuild into yet (the next check or reconnect tries again)
    }
    if (primed && !this.#dirty) return;
    await this.run(this.#p.clock.now()).catch((err) => {
      this.#p.logger.warn('realtime resync failed; retrying shortly', { error: (err as Error)?.message ?? String(err) });
    });
  }

  /** The resync of every tenant (job `sync-realtime-stats`); a call while one runs joins it. */
  run(now: Date): Promise<JobSummary> {
    this.#running ??= this.#resync(now).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #resync(now: Date): Promise<JobSummary> {
    const wasDirty = this.#dirty;
    this.#dirty = false;
    // Projections that started before wait for their end; those that start now wait for the resync's.
    await Promise.all(this.#inFlight);
    const ids = new Set<string>();
    const replay: RealtimeReplaySource = {
      replayEvents: async (tenantId, since, agentsSince) => {
        const events = await this.#p.replay.replayEvents(tenantId, since, agentsSince);
        for (const e of events) ids.add(e.id);
        return events;
      },
    };
    try {
      const summary = await new SyncRealtimeStats({ ...this.#p, replay }).run(now);
      await this.#p.marker.markPrimed();
      this.#replayed = { ids, until: this.#p.clock.now().getTime() + REPLAYED_KEPT_MS };
      if (wasDirty) this.#p.logger.info('realtime store rebuilt from stored events', { ...summary });
      return summary;
    } catch (err) {
      this.#dirty = true;
      throw err;
    }
  }

  async #apply(events: readonly AnalyticsEvent[]): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
    // The replayed ids are let go once past their time, not held until the next resync.
    if (this.#replayed && this.#p.clock.now().getTime() >= this.#replayed.until) this.#replayed = undefined;
    const replayed = this.#replayed?.ids;
    const fresh = replayed ? events.filter((e) => !replayed.has(e.id)) : events;
    if (fresh.length === 0) return;
    const run = this.#p.projector.apply(fresh).catch((err) => {
      if (!this.#dirty) this.#p.logger.warn('realtime projection failed; a resync rebuilds it', { error: (err as Error)?.message ?? String(err) });
      this.#dirty = true;
    });
    this.#inFlight.add(run);
    try {
      await run;
    } finally {
      this.#inFlight.delete(run);
    }
  }
}
