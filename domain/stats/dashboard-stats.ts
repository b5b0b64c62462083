// DashboardStats: the efficiency reads (today vs yesterday so far, a range's trend, satisfaction), every figure
// computed by metricsOf from summed counters: closed days from rollups, today from the live store, the rest raw.
import type { Clock } from '../clock.ts';
import { dictionary } from '../dictionary.ts';
import { previousRange } from '../day-range.ts';
import { addDays, dayBounds, daysBetween, localDay, sameLocalTime, type LocalDay } from '../local-day.ts';
import { parseInput } from '../parse-input.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { RealtimeStore } from '../realtime/realtime-store.ts';
import type { CountersSource } from './counters-source.ts';
import { mergeDayCounters, sumDays, type Counters, type DayCounters } from './counters.ts';
import { RUNNING_TOTAL_STEP_MS, type DailyRollupStore } from './daily-rollup-store.ts';
import { figuresOf } from './figures.ts';
import { change, metricsOf, satisfactionOf } from './metrics.ts';
import {
  SatisfactionInputSchema,
  TrendInputSchema,
  type SatisfactionInput,
  type SatisfactionStats,
  type PeriodMetrics,
  type TodayStats,
  type Trend,
  type TrendInput,
} from './models.ts';

export interface DashboardStatsPorts {
  readonly counters: CountersSource;
  readonly rollups: DailyRollupStore;
  /** Today's counters as Monitoring shows them (the RealtimeStore); absent: today from raw facts. */
  readonly live?: RealtimeStore;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
}

const EMPTY: Counters = Object.freeze(dictionary<number>());

export class DashboardStats {
  readonly #p: DashboardStatsPorts;
  readonly #dayMetrics = new WeakMap<Counters, PeriodMetrics>();
  readonly #sums = new Map<string, { parts: Counters[]; sum: Counters }>();

  constructor(ports: DashboardStatsPorts) {
    this.#p = ports;
  }

  /**
   * Every metric of today (the local day so far) with its value yesterday up to the same local time and the change
   * `(today - yesterday) / yesterday` (null when yesterday is 0).
   */
  async getTodayStats(tenantId: string): Promise<TodayStats> {
    const { now, zone, today } = await this.#today(tenantId);
    const yesterday = addDays(today, -1);
    const previousFrom = dayBounds(yesterday, zone).start;
    const previousTo = sameLocalTime(now, zone, -1);
    const [cur, prev] = await Promise.all([this.#todayCounters(tenantId, zone, today), this.#dayUntil(tenantId, zone, yesterday, previousTo)]);
    const current = metricsOf(cur);
    const previous = metricsOf(prev);
    return {
      day: today,
      timeZone: zone,
      asOf: now.toISOString(),
      previousFrom: previousFrom.toISOString(),
      previousTo: previousTo.toISOString(),
      current,
      previous,
      figures: figuresOf(current, previous),
    };
  }

  /**
   * One row per local day of the range (quiet days as zeros), totals, and the change against the range of as many days
   * just before it. The range is `from`..`to` or the last `days` (default 7, today included; a bare number is `days`).
   * Where it holds today, today's figures are the live ones, as `stats.today` shows them.
   */
  async getTrend(tenantId: string, range: TrendInput | number = {}): Promise<Trend> {
    const { now, zone, today } = await this.#today(tenantId);
    const { from, to } = rangeOf(parseInput(TrendInputSchema, typeof range === 'number' ? { days: range } : range), today);
    const previous = previousRange(from, to);
    const all = await this.#days(tenantId, zone, previous.from, to, today);
    const current = daysBetween(from, to);
    const totals = metricsOf(this.#sumOf(tenantId, all, from, to, today));
    const before = this.#metricsOfDay(this.#sumOf(tenantId, all, previous.from, previous.to, today));
    return {
      days: current.length,
      timeZone: zone,
      asOf: now.toISOString(),
      from,
      to,
      previousFrom: previous.from,
      previousTo: previous.to,
      rows: current.map((day) => ({ day, ...this.#metricsOfDay(all[day]) })),
      totals,
      previous: before,
      figures: figuresOf(totals, before),
    };
  }

  /**
   * Ratings of the sessions last rated in the range (as getTrend takes it; default: the last 7 local days, today
   * included): counts 1..5, mean and CSAT, per day, and against the range of the same length before it.
   */
  async getSatisfaction(tenantId: string, range: SatisfactionInput = {}): Promise<SatisfactionStats> {
    const { zone, today } = await this.#today(tenantId);
    const { from, to } = rangeOf(parseInput(SatisfactionInputSchema, range), today);
    const previousDays = previousRange(from, to);
    const all: DayCounters = await this.#days(tenantId, zone, previousDays.from, to, today);
    const satisfaction = satisfactionOf(this.#sumOf(tenantId, all, from, to, today));
    const previous = satisfactionOf(this.#sumOf(tenantId, all, previousDays.from, previousDays.to, today));
    return {
      timeZone: zone,
      from,
      to,
      satisfaction,
      previous,
      change: {
        total: change(satisfaction.total, previous.total),
        mean: change(satisfaction.mean, previous.mean),
        csat: change(satisfaction.csat, previous.csat),
      },
      byDay: daysBetween(from, to).map((day) => ({ day, ...satisfactionOf(all[day] ?? {}) })),
    };
  }

  /**
   * The sum of the days `first`..`last` of `all`. The closed days' part is remembered while every day is the same
   * object (rollups are shared objects), so a range is summed once per rollup version; today is added on each read.
   */
  #sumOf(tenantId: string, all: DayCounters, first: LocalDay, last: LocalDay, today: LocalDay): Counters {
    const lastClosed = last < today ? last : addDays(today, -1);
    const parts = first <= lastClosed ? daysBetween(first, lastClosed).map((d) => all[d] ?? EMPTY) : [];
    const key = `${tenantId}|${first}|${lastClosed}`;
    let held = this.#sums.get(key);
    if (!held || held.parts.length !== parts.length || !held.parts.every((p, i) => p === parts[i])) {
      if (this.#sums.size >= 1000) this.#sums.clear();
      this.#sums.set(key, (held = { parts, sum: sumDays(parts) }));
    }
    return last >= today && first <= today ? sumDays([held.sum, all[today] ?? EMPTY]) : held.sum;
  }

  /** metricsOf counters, remembered per counters object (rollups and remembered sums are shared, never changed). */
  #metricsOfDay(c: Counters | undefined): PeriodMetrics {
    if (!c) return metricsOf({});
    let m = this.#dayMetrics.get(c);
    if (!m) this.#dayMetrics.set(c, (m = metricsOf(c)));
    return m;
  }

  // Rollup-first reading of counters: closed days from the daily rollups when current, today from the live store when
  // there is one, and everything else (days never rolled up, days a late event dirtied) from raw facts, in as few
  // windows as possible. "Yesterday up to this time" is yesterday's running total plus the last few minutes raw.

  /**
   * Counters of each local day from `first` to `last` (both included). Days before `today` may come from rollups,
   * `today` from the live store, the rest from raw facts. Days with nothing are absent.
   */
  async #days(tenantId: string, zone: string, first: LocalDay, last: LocalDay, today: LocalDay): Promise<DayCounters> {
    const closed: LocalDay[] = [];
    for (let d = first; d <= last && d < today; d = addDays(d, 1)) closed.push(d);
    const wantsToday = first <= today && today <= last && this.#p.live !== undefined;
    const [stored, live] = await Promise.all([
      closed.length ? this.#p.rollups.get(tenantId, closed) : ({} as DayCounters),
      wantsToday ? this.#todayCounters(tenantId, zone, today) : null,
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
  async #todayCounters(tenantId: string, zone: string, today: LocalDay): Promise<Counters> {
    const { start, end } = dayBounds(today, zone);
    if (this.#p.live) return (await this.#p.live.read(tenantId, today, end)).counters;
    return sumDays(Object.values(await this.#p.counters.countersBetween(tenantId, zone, start, end)));
  }

  /**
   * The counters of `day` from its local midnight up to `until`: the running total of its whole steps when stored
   * (read beside the raw rest, in parallel), else everything raw.
   */
  async #dayUntil(tenantId: string, zone: string, day: LocalDay, until: Date): Promise<Counters> {
    const start = dayBounds(day, zone).start;
    const steps = Math.floor((until.getTime() - start.getTime()) / RUNNING_TOTAL_STEP_MS);
    const boundary = new Date(start.getTime() + steps * RUNNING_TOTAL_STEP_MS);
    const raw = (from: Date, to: Date) => this.#p.counters.countersBetween(tenantId, zone, from, to);
    const [head, tail] = await Promise.all([steps >= 1 ? this.#p.rollups.getRunningTotal(tenantId, day, steps) : null, raw(boundary, until)]);
    const rest = head ?? (steps >= 1 ? sumDays(Object.values(await raw(start, boundary))) : {});
    return sumDays([rest, ...Object.values(tail)]);
  }

  async #today(tenantId: string): Promise<{ now: Date; zone: string; today: LocalDay }> {
    const now = this.#p.clock.now();
    const zone = await this.#p.zoneOf(tenantId);
    return { now, zone, today: localDay(now, zone) };
  }
}

/** The days a parsed Dashboard range names: `from`..`to`, or the last `days` (default 7) ending `today`. */
function rangeOf(input: { days?: number; from?: LocalDay; to?: LocalDay }, today: LocalDay): { from: LocalDay; to: LocalDay } {
  if (input.from && input.to) return { from: input.from, to: input.to };
  return { from: addDays(today, -((input.days ?? 7) - 1)), to: today };
}
