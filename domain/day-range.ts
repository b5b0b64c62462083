// A range of local days (both included) in a tenant's zone, and the instants [from, to) it covers.
import type { TimeRange } from './events/event-store.ts';
import { invalid } from './errors.ts';
import { addDays, dayBounds, localDay, monthStart, type LocalDay } from './local-day.ts';

export interface DayRange {
  readonly from: LocalDay;
  readonly to: LocalDay;
  /** [start of `from`, end of `to`) in the zone (a DST day is 23 or 25 hours long). */
  readonly instants: TimeRange;
}

export const MAX_RANGE_DAYS = 366;

/** How many local days `from`..`to` holds, both included (0 when `to` is before `from`). */
export function dayCount(from: LocalDay, to: LocalDay): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1);
}

/** The range of as many days as `from`..`to` that ends the day before `from`: what a range's change is against. */
export function previousRange(from: LocalDay, to: LocalDay): { from: LocalDay; to: LocalDay } {
  return { from: addDays(from, -dayCount(from, to)), to: addDays(from, -1) };
}

/** The range asked for; a missing `from` is the first of `to`'s month, a missing `to` is today (local). */
export function resolveDayRange(input: { from?: string; to?: string }, zone: string, now: Date): DayRange {
  const to = input.to ?? localDay(now, zone);
  const from = input.from ?? monthStart(to);
  if (from > to) throw invalid('from', 'must not be after to');
  if (addDays(from, MAX_RANGE_DAYS - 1) < to) throw invalid('to', `a range spans at most ${MAX_RANGE_DAYS} days`);
  return { from, to, instants: { from: dayBounds(from, zone).start, to: dayBounds(to, zone).end } };
}
