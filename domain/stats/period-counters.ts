// Rollup-first reading of daily counters: closed days from the daily rollups when current, everything else (today,
// days never rolled up, days a late event dirtied) from raw facts, in as few windows as possible.
import { addDays, dayBounds, type LocalDay } from '../local-day.ts';
import type { CountersSource } from './counters-source.ts';
import { mergeDayCounters, type DayCounters } from './counters.ts';
import type { DailyRollupStore } from './daily-rollup-store.ts';

export class PeriodCounters {
  readonly #source: CountersSource;
  readonly #rollups: DailyRollupStore;

  constructor(deps: { counters: CountersSource; rollups: DailyRollupStore }) {
    this.#source = deps.counters;
    this.#rollups = deps.rollups;
  }

  /**
   * Counters of each local day from `first` to `last` (both included). Days before `today` may come from rollups;
   * `today` and later always come from raw facts. Days with nothing are absent.
   */
  async days(tenantId: string, zone: string, first: LocalDay, last: LocalDay, today: LocalDay): Promise<DayCounters> {
    const closed: LocalDay[] = [];
    for (let d = first; d <= last && d < today; d = addDays(d, 1)) closed.push(d);
    const stored = closed.length ? await this.#rollups.get(tenantId, closed) : {};
    const out: DayCounters = {};
    for (const d of closed) if (stored[d]) out[d] = stored[d];

    const runs: [LocalDay, LocalDay][] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (out[d]) continue;
      const run = runs[runs.length - 1];
      if (run && run[1] === addDays(d, -1)) run[1] = d;
      else runs.push([d, d]);
    }
    const raw = await Promise.all(
      runs.map(([a, b]) => this.#source.countersBetween(tenantId, zone, dayBounds(a, zone).start, dayBounds(b, zone).end)),
    );
    for (const r of raw) mergeDayCounters(out, r);
    for (const d of Object.keys(out)) if (d < first || d > last) delete out[d];
    return out;
  }
}
