// FallbackRealtimeStore: the live store (Redis) for reads while it answers and is trusted; otherwise the same view
// recomputed from stored events (PostgreSQL) by the realtime resync into memory, so a frozen, stopped or half-rebuilt
// Redis costs a read at most its command timeout plus the recompute, never a hang, a 500 or wrong figures.
// Writes go to the live store as they are (the RealtimeHealer heals what fails there).
import { DomainError, unavailable } from '../../domain/errors.ts';
import type { Clock } from '../../domain/clock.ts';
import { RealtimeResync, type RealtimeReplaySource } from '../../domain/jobs/realtime-resync.ts';
import type { LocalDay } from '../../domain/local-day.ts';
import type { Logger } from '../../domain/logger.ts';
import type { AgentState } from '../../domain/realtime/agent-state.ts';
import type { RealtimeChange, RealtimeReadOptions, RealtimeState, RealtimeStore, RealtimeView } from '../../domain/realtime/realtime-store.ts';
import type { SessionFacts } from '../../domain/sessions/session-facts.ts';
import type { ZoneOf } from '../../domain/tenants/zone-of.ts';
import { MemoryRealtimeStore } from '../memory/realtime/memory-realtime-store.ts';

export interface FallbackRealtimeStoreOptions {
  /** The live store (Redis). */
  readonly live: RealtimeStore;
  /** Stored events to recompute from (the PostgreSQL event store). */
  readonly replay: RealtimeReplaySource;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
  readonly logger: Logger;
  /** True while the live store may differ from a recompute (RealtimeHealer.stale): reads recompute meanwhile. */
  readonly stale?: () => boolean;
  /** Longest a recompute may take before the read answers 503 (default 1500 ms). */
  readonly recomputeBudgetMs?: number;
  /** A recompute serves the tenant's reads this long (default 2000 ms), so an outage is not a replay per read. */
  readonly recomputeReuseMs?: number;
  /** After the live store failed a read, it is skipped this long (default 2000 ms) rather than awaited again. */
  readonly liveBackoffMs?: number;
}

interface Recompute {
  readonly at: number;
  readonly store: Promise<MemoryRealtimeStore>;
}

export class FallbackRealtimeStore implements RealtimeStore {
  readonly #o: FallbackRealtimeStoreOptions;
  readonly #live: RealtimeStore;
  readonly #recomputed = new Map<string, Recompute>();
  #liveFailedAt = Number.NEGATIVE_INFINITY;
  #warned = false;

  constructor(options: FallbackRealtimeStoreOptions) {
    this.#o = options;
    this.#live = options.live;
  }

  async read(tenantId: string, day: LocalDay, activeSince: Date, options?: RealtimeReadOptions): Promise<RealtimeView> {
    const now = Date.now();
    const trusted = !this.#o.stale?.() && now - this.#liveFailedAt >= (this.#o.liveBackoffMs ?? 2000);
    if (trusted) {
      try {
        const view = await this.#live.read(tenantId, day, activeSince, options);
        this.#warned = false;
        return view;
      } catch (err) {
        if (DomainError.is(err)) throw err;
        this.#liveFailedAt = Date.now();
        if (!this.#warned)
          this.#o.logger.warn('realtime store unreadable; reads recompute from stored events', { error: (err as Error)?.message ?? String(err) });
        this.#warned = true;
      }
    }
    const store = await this.#recompute(tenantId);
    return store.read(tenantId, day, activeSince, options);
  }

  loadSessions(tenantId: string, sessionIds: readonly string[]): Promise<Map<string, SessionFacts>> {
    return this.#live.loadSessions(tenantId, sessionIds);
  }

  loadAgents(tenantId: string, agentIds: readonly string[]): Promise<Map<string, AgentState>> {
    return this.#live.loadAgents(tenantId, agentIds);
  }

  commit(tenantId: string, change: RealtimeChange): Promise<void> {
    return this.#live.commit(tenantId, change);
  }

  replace(tenantId: string, state: RealtimeState): Promise<void> {
    return this.#live.replace(tenantId, state);
  }

  ping(): Promise<void> {
    return this.#live.ping();
  }

  /** Today's view of the tenant rebuilt from stored events, shared by the reads of the next moments; 503 past the budget. */
  async #recompute(tenantId: string): Promise<MemoryRealtimeStore> {
    const now = Date.now();
    let entry = this.#recomputed.get(tenantId);
    if (!entry || now - entry.at >= (this.#o.recomputeReuseMs ?? 2000)) {
      const memory = new MemoryRealtimeStore();
      const { replay, clock, zoneOf } = this.#o;
      const store = new RealtimeResync({ replay, realtime: memory, clock, zoneOf }).run(tenantId).then(() => memory);
      entry = { at: now, store };
      for (const [id, old] of this.#recomputed) if (now - old.at >= (this.#o.recomputeReuseMs ?? 2000)) this.#recomputed.delete(id);
      this.#recomputed.set(tenantId, entry);
      // A failed recompute is not reused; entries past their reuse go whenever a new one starts.
      store.catch(() => {
        if (this.#recomputed.get(tenantId) === entry) this.#recomputed.delete(tenantId);
      });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable('live figures: the realtime store is unavailable and the recompute took too long; retry shortly')),
        this.#o.recomputeBudgetMs ?? 1500,
      );
    });
    try {
      return await Promise.race([entry.store, budget]);
    } catch (err) {
      if (DomainError.is(err)) throw err;
      throw unavailable('live figures: neither the realtime store nor the stored events answer now; retry shortly');
    } finally {
      clearTimeout(timer);
    }
  }
}
