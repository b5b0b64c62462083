// DashboardStats: the efficiency reads (today vs yesterday so far, the N-day trend, satisfaction), every figure
// computed by metricsOf from summed counters: closed days from rollups, today from the live store, the rest raw.
import type { Clock } from '../clock.ts';
import { invalid } from '../errors.ts';
import { addDays, dayBounds, daysBetween, localDay, sameLocalTime, type LocalDay } from '../local-day.ts';
import { parseInput } from '../parse-input.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { RealtimeStore } from '../realtime/realtime-store.ts';
import type { CountersSource } from './counters-source.ts';
import { sumDays, type Counters, type DayCounters } from './counters.ts';
import type { DailyRollupStore } from './daily-rollup-store.ts';
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
} from './models.ts';
import { PeriodCounters } from './period-counters.ts';

export interface DashboardStatsPorts {
  readonly counters: CountersSource;
  readonly rollups: DailyRollupStore;
  /** Today's counters as Monitoring shows them (the RealtimeStore); absent: today from raw facts. */
  readonly live?: RealtimeStore;
  readonly clock: Clock;
  readonly zoneOf: ZoneOf;
}

const EMPTY: Counters = {};

export class DashboardStats {
  readonly #p: DashboardStatsPorts;
  readonly #periods: PeriodCounters;
  readonly #dayMetrics = new WeakMap<Counters, PeriodMetrics>();
  readonly #sums = new Map<string, { parts: Counters[]; sum: Counters }>();

  constructor(ports: DashboardStatsPorts) {
    this.#p = ports;
    this.#periods = new PeriodCounters(ports);
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
    const [cur, prev] = await Promise.all([
      this.#periods.today(tenantId, zone, today),
      this.#periods.dayUntil(tenantId, zone, yesterday, previousTo),
    ]);
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

  /** One row per local day of the last `days` (today included; quiet days as zeros), totals, and change vs the N days before. */
  async getTrend(tenantId: string, days = 7): Promise<Trend> {
    const n = parseInput(TrendInputSchema, { days }).days;
    const { now, zone, today } = await this.#today(tenantId);
    const from = addDays(today, -(n - 1));
    const previousFrom = addDays(from, -n);
    const previousTo = addDays(from, -1);
    const all = await this.#periods.days(tenantId, zone, previousFrom, today, today);
    const current = daysBetween(from, today);
    const totals = metricsOf(this.#sumOf(tenantId, all, from, today, today));
    const previous = this.#metricsOfDay(this.#sumOf(tenantId, all, previousFrom, previousTo, today));
    return {
      days: n,
      timeZone: zone,
      asOf: now.toISOString(),
      from,
      to: today,
      previousFrom,
      previousTo,
      rows: current.map((day) => ({ day, ...this.#metricsOfDay(all[day]) })),
      totals,
      previous,
      figures: figuresOf(totals, previous),
    };
  }

  /**
   * Ratings of the sessions last rated in the range (default: the last 7 local days, today included): counts 1..5,
   * mean and CSAT, per day, and against the range of the same length before it.
   */
  async getSatisfaction(tenantId: string, range: SatisfactionInput = {}): Promise<SatisfactionStats> {
    const input = parseInput(SatisfactionInputSchema, range);
    const { zone, today } = await this.#today(tenantId);
    const to = input.to ?? today;
    const from = input.from ?? addDays(to, -((input.days ?? 7) - 1));
    if (addDays(from, 365) < to) throw invalid('from', 'a range spans at most 366 days');
    const length = daysBetween(from, to).length;
    const previousFrom = addDays(from, -length);
    const all: DayCounters = await this.#periods.days(tenantId, zone, previousFrom, to, today);
    const inRange = daysBetween(from, to);
    const satisfaction = satisfactionOf(this.#sumOf(tenantId, all, from, to, today));
    const previous = satisfactionOf(this.#sumOf(tenantId, all, previousFrom, addDays(from, -1), today));
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
      byDay: inRange.map((day) => ({ day, ...satisfactionOf(all[day] ?? {}) })),
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

  async #today(tenantId: string): Promise<{ now: Date; zone: string; today: LocalDay }> {
    const now = this.#p.clock.now();
    const zone = await this.#p.zoneOf(tenantId);
    return { now, zone, today: localDay(now, zone) };
  }
}

