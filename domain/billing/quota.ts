// The quota of a monthly period: use against the plan's allowance, and where the current rate leads (pure).
import { addDays, dayBounds, localDay, monthStart } from '../local-day.ts';
import { quotaThresholds, type Plan, type Quota } from './models.ts';

/** The local calendar month `now` falls in: its first and last day and the instants it covers. */
export function monthlyPeriod(now: Date, zone: string): { start: string; end: string; from: Date; to: Date } {
  const start = monthStart(localDay(now, zone));
  const next = monthStart(addDays(start, 31));
  return { start, end: addDays(next, -1), from: dayBounds(start, zone).start, to: dayBounds(next, zone).start };
}

/**
 * Quota from the tokens used so far in the period. The rate is used / time elapsed since the period began; the
 * run-out day is when that rate reaches the allowance, if before the period ends (today once it is used up).
 */
export function quotaOf(plan: Plan | null, used: number, now: Date, zone: string): Quota {
  const period = monthlyPeriod(now, zone);
  const elapsed = Math.max(1, now.getTime() - period.from.getTime());
  const length = period.to.getTime() - period.from.getTime();
  const projectedUse = Math.round((used * length) / elapsed);
  const allowance = plan ? plan.monthlyTokenAllowance : null;
  let projectedRunOut: string | null = null;
  if (allowance !== null && used > 0) {
    if (used >= allowance) projectedRunOut = localDay(now, zone);
    else {
      const at = period.from.getTime() + (elapsed * allowance) / used;
      if (at < period.to.getTime()) projectedRunOut = localDay(new Date(at), zone);
    }
  }
  return {
    planId: plan?.id ?? null,
    planName: plan?.name ?? null,
    periodStart: period.start,
    periodEnd: period.end,
    allowance,
    used,
    remaining: allowance === null ? null : Math.max(0, allowance - used),
    percent: allowance ? Math.round((used * 10_000) / allowance) / 100 : null,
    projectedUse,
    projectedRunOut,
    thresholdsCrossed: allowance === null ? [] : quotaThresholds.filter((t) => (allowance === 0 ? used > 0 : used * 100 >= t * allowance)),
  };
}
