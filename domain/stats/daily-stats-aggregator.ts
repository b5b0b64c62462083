// The daily aggregation (job `aggregate-daily-stats`): recomputes closed local days from raw facts into the rollups,
// yesterday and every day a late event dirtied, so late events reach every figure of their own day. Recent days
// also get their running totals every RUNNING_TOTAL_STEP_MS.
import type { Clock } from '../clock.ts';
import { addDays, dayBounds, localDay, type LocalDay } from '../local-day.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { CountersSource } from './counters-source.ts';
import type { Counters } from './counters.ts';
import { sumDays } from './counters.ts';
import { RUNNING_TOTAL_STEP_MS, type DailyRollupStore } from './daily-rollup-store.ts';

/** Days back from today whose running totals are kept (yesterday's serve "yesterday up to now"). */
const RUNNING_TOTAL_DAYS = 2;

export class DailyStatsAggregator {
  readonly #source: CountersSource;
  readonly #rollups: DailyRollupStore;
  readonly #clock: Clock;
  readonly #zoneOf: ZoneOf;

  constructor(deps: { counters: CountersSource; rollups: DailyRollupStore; clock: Clock; zoneOf: ZoneOf }) {
    this.#source = deps.counters;
    this.#rollups = deps.rollups;
    this.#clock = deps.clock;
    this.#zoneOf = deps.zoneOf;
  }

  /**
   * Rolls up yesterday, the dirty days, and `alsoDays` (e.g. a backfill), each a closed day of the tenant's zone;
   * today is never rolled up. Returns the days written, in order.
   */
  async run(tenantId: string, alsoDays: readonly LocalDay[] = []): Promise<LocalDay[]> {
    const zone = await this.#zoneOf(tenantId);
    const today = localDay(this.#clock.now(), zone);
    const days = new Set<LocalDay>([addDays(today, -1), ...alsoDays, ...(await this.#rollups.dirtyDays(tenantId))]);
    const written: LocalDay[] = [];
    for (const day of [...days].filter((d) => d < today).sort()) {
      // On the marks' own clock: with the app's (skewed, or fixed in tests) a mark could be cleared unseen or never.
      const computedFrom = (await this.#rollups.marksNow?.()) ?? this.#clock.now();
      const { start, end } = dayBounds(day, zone);
      if (day >= addDays(today, -RUNNING_TOTAL_DAYS)) {
        const running = await this.#runningTotals(tenantId, zone, start, end);
        await this.#rollups.put(tenantId, day, running.pop() ?? {}, computedFrom, running);
      } else {
        const counters = (await this.#source.countersBetween(tenantId, zone, start, end))[day] ?? {};
        await this.#rollups.put(tenantId, day, counters, computedFrom);
      }
      written.push(day);
    }
    return written;
  }

  /** Running totals of [start, start + k steps) for k = 1.., the last one ending at `end` (the whole day). */
  async #runningTotals(tenantId: string, zone: string, start: Date, end: Date): Promise<Counters[]> {
    const out: Counters[] = [];
    let total: Counters = {};
    for (let t = start.getTime(); t < end.getTime(); t += RUNNING_TOTAL_STEP_MS) {
      const stepEnd = new Date(Math.min(t + RUNNING_TOTAL_STEP_MS, end.getTime()));
      const window = await this.#source.countersBetween(tenantId, zone, new Date(t), stepEnd);
      total = sumDays([total, ...Object.values(window)]);
      out.push(total);
    }
    return out;
  }
}
