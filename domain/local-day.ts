// A "day" is a local date (YYYY-MM-DD) in the tenant's IANA zone. Every conversion goes through here (luxon).
import { DateTime, IANAZone } from 'luxon';

export type LocalDay = string;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The local day an instant falls on in `zone`. */
export function localDay(instant: Date, zone: string): LocalDay {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The instants [start, end) a local day covers in `zone` (23 or 25 hours across a DST change). */
export function dayBounds(day: LocalDay, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  if (!start.isValid) throw new RangeError(`not a local day: ${day}`);
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** `day` moved by `n` days (negative goes back). */
export function addDays(day: LocalDay, n: number): LocalDay {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: n }).toISODate()!;
}

/** The days from `first` to `last`, both included, in order. */
export function daysBetween(first: LocalDay, last: LocalDay): LocalDay[] {
  const out: LocalDay[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Milliseconds since local midnight of the day `instant` falls on. */
export function msSinceLocalMidnight(instant: Date, zone: string): number {
  const t = DateTime.fromJSDate(instant, { zone });
  return t.toMillis() - t.startOf('day').toMillis();
}

/** The instant at the same local wall-clock time `n` days away (yesterday at this time: n = -1). */
export function sameLocalTime(instant: Date, zone: string, n: number): Date {
  return DateTime.fromJSDate(instant, { zone }).plus({ days: n }).toJSDate();
}

/** The first day of the local calendar month `day` is in. */
export function monthStart(day: LocalDay): LocalDay {
  return `${day.slice(0, 7)}-01`;
}
