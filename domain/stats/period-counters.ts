// Rollup-first reading of counters: closed days from the daily rollups when current, today from the live store when
// there is one, and everything else (days never rolled up, days a late event dirtied) from raw facts, in as few
// windows as possible. "Yesterday up to this time" is yesterday's running total plus the last few minutes raw.
import { addDays, dayBounds, type LocalDay } from '../local-day.ts';
import type { RealtimeStore } from '../realtime/realtime-store.ts';
import type { CountersSource } from './counters-source.ts';
import { mergeDayCounters, sumDays, type Counters, type DayCounters } from './counters.ts';
import { RUNNING_TOTAL_STEP_MS, type DailyRollupStore } from './daily-rollup-store.ts';

export interface PeriodCountersPorts {
  readonly counters: CountersSource;
  readonly rollups: DailyRollupStore;
  /** Today's counters kept live by the RealtimeProjector (what Monitoring shows); absent: today from raw facts. */
  readonly live?: RealtimeStore;
}

export class PeriodCounters {
  readonly #p: PeriodCountersPorts;

  constructor(ports: PeriodCountersPorts) {
    this.#p = ports;
  }

  /**
   * Counters of each local day from `first` to `last` (both included). Days before `today` may come from rollups,
   * `today` from the live store, the rest from raw facts. Days with nothing are absent.
   */
  async days(tenantId: string, zone: string, first: LocalDay, last: LocalDay, today: LocalDay): Promise<DayCounters> {
    const closed: LocalDay[] = [];
    for (let d = first; d <= last && d < today; d = addDays(d, 1)) closed.push(d);
    const wantsToday = first <= today && today <= last && this.#p.live !== undefined;
    const [stored, live] = await Promise.all([
      closed.length ? this.#p.rollups.get(tenantId, closed) : ({} as DayCounters),
      wantsToday ? this.today(tenantId, zone, today) : null,
    ]);
    const out: DayCounters = {};
    for (const d of closed) if (stored[d]) out[d] = stored[d];
    if (live) out[today] = live;

    const runs: [LocalDay, LocalDay][] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (out[d]) continue;
      const run = runs[runs.length - 1];
      if (run && run[1] === addDays(d, -1)) run[1] = d;
      else runs.push([d, d]);
    }
    const raw = await Promise.all(
      runs.map(([a, b]) => this.#p.counters.countersBetween(tenantId, zone, dayBounds(a, zone).start, dayBounds(b, zone).end)),
    );
    for (const r of raw) mergeDayCounters(out, r);
    for (const d of Object.keys(out)) if (d < first || d > last) delete out[d];
    return out;
  }

  /** Today's counters so far: from the live store when there is one, else from raw facts. */
  async today(tenantId: string, zone: string, today: LocalDay): Promise<Counters> {
    const { start, end } = dayBounds(today, zone);
    if (this.#p.live) return (await this.#p.live.read(tenantId, today, end)).counters;
    return sumDays(Object.values(await this.#p.counters.countersBetween(tenantId, zone, start, end)));
  }

  /**
   * The counters of `day` from its local midnight up to `until`: the running total of its whole steps when stored
   * (read beside the raw rest, in parallel), else everything raw.
   */
  async dayUntil(tenantId: string, zone: string, day: LocalDay, until: Date): Promise<Counters> {
    const start = dayBounds(day, zone).start;
    const steps = Math.floor((until.getTime() - start.getTime()) / RUNNING_TOTAL_STEP_MS);
    const boundary = new Date(start.getTime() + steps * RUNNING_TOTAL_STEP_MS);
    const raw = (from: Date, to: Date) => this.#p.counters.countersBetween(tenantId, zone, from, to);
    const [head, tail] = await Promise.all([
      steps >= 1 ? this.#p.rollups.getRunningTotal(tenantId, day, steps) : null,
      raw(boundary, until),
    ]);
    const rest = head ?? (steps >= 1 ? sumDays(Object.values(await raw(start, boundary))) : {});
    return sumDays([rest, ...Object.values(tail)]);
  }
}
