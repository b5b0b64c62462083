// In-memory DailyRollupStore: rollups and dirty marks in maps, for tests and as the reference of the SQL store.
import type { LocalDay } from '../../../domain/local-day.ts';
import { copyCounters, type Counters, type DayCounters } from '../../../domain/stats/counters.ts';
import type { DailyRollupStore } from '../../../domain/stats/daily-rollup-store.ts';

export class MemoryDailyRollupStore implements DailyRollupStore {
  readonly #rollups = new Map<string, Map<LocalDay, Counters>>();
  readonly #running = new Map<string, Map<LocalDay, readonly Counters[]>>();
  /** tenant -> day -> when it was marked dirty */
  readonly #dirty = new Map<string, Map<LocalDay, Date>>();

  async get(tenantId: string, days: readonly LocalDay[]): Promise<DayCounters> {
    const out: DayCounters = {};
    const rollups = this.#rollups.get(tenantId);
    const dirty = this.#dirty.get(tenantId);
    for (const d of days) {
      const c = rollups?.get(d);
      if (c && !dirty?.has(d)) out[d] = copyCounters(c);
    }
    return out;
  }

  async put(tenantId: string, day: LocalDay, counters: Counters, computedFrom: Date, runningTotals?: readonly Counters[]): Promise<void> {
    mapOf(this.#rollups, tenantId).set(day, copyCounters(counters));
    if (runningTotals) mapOf(this.#running, tenantId).set(day, runningTotals.map(copyCounters));
    const dirty = this.#dirty.get(tenantId);
    const marked = dirty?.get(day);
    if (marked && marked <= computedFrom) dirty!.delete(day);
  }

  async getRunningTotal(tenantId: string, day: LocalDay, steps: number): Promise<Counters | null> {
    if (this.#dirty.get(tenantId)?.has(day)) return null;
    const c = this.#running.get(tenantId)?.get(day)?.[steps - 1];
    return c ? copyCounters(c) : null;
  }

  async dirtyDays(tenantId: string): Promise<LocalDay[]> {
    return [...(this.#dirty.get(tenantId)?.keys() ?? [])].sort();
  }

  /** Marks a day as touched by a late event (what the PostgreSQL event write does itself). */
  markDirty(tenantId: string, day: LocalDay, at: Date = new Date(0)): void {
    mapOf(this.#dirty, tenantId).set(day, at);
  }
}

function mapOf<V>(outer: Map<string, Map<LocalDay, V>>, key: string): Map<LocalDay, V> {
  let inner = outer.get(key);
  if (!inner) outer.set(key, (inner = new Map()));
  return inner;
}
