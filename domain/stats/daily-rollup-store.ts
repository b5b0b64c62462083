// The DailyRollupStore port: the counters of closed local days, computed once by the daily aggregation, and for
// recent days their running totals every 10 minutes (so "yesterday up to this time" reads one row plus < 10 min raw).
import type { LocalDay } from '../local-day.ts';
import type { Counters, DayCounters } from './counters.ts';

/** The step of a day's running totals: `runningTotals[k - 1]` covers the first k steps from local midnight. */
export const RUNNING_TOTAL_STEP_MS = 10 * 60_000;

export interface DailyRollupStore {
  /**
   * Stored counters of those of `days` that are current: a day without a rollup, or one a late event touched since
   * (a dirty day), is absent from the result, and the reader computes it from raw facts instead.
   */
  get(tenantId: string, days: readonly LocalDay[]): Promise<DayCounters>;
  /**
   * Stores a closed day's counters. `computedFrom` is when the computation read its inputs: a dirty mark set before
   * it is cleared, one set after it (a late event during the computation) stays. `runningTotals[k - 1]`, when
   * given, holds the counters of the day's first k steps (RUNNING_TOTAL_STEP_MS each, from local midnight),
   * replacing any stored before.
   */
  put(tenantId: string, day: LocalDay, counters: Counters, computedFrom: Date, runningTotals?: readonly Counters[]): Promise<void>;
  /** The counters of the first `steps` steps of a current (not dirty) day, or null when not stored. */
  getRunningTotal(tenantId: string, day: LocalDay, steps: number): Promise<Counters | null>;
  /** Days of the tenant a late event touched since their rollup was computed. */
  dirtyDays(tenantId: string): Promise<LocalDay[]>;
  /**
   * Now, on the clock that dates the dirty marks, for `put`'s `computedFrom` (PostgreSQL: the database server's,
   * since the event write marks by `now()`). Absent: the marks are dated by the caller's clock.
   */
  marksNow?(): Promise<Date>;
}
