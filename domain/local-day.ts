// A "day" is a local date (YYYY-MM-DD) in the tenant's IANA zone. Every conversion goes through here (luxon).
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export type LocalDay = string;

/**
 * The days an input may name: from the Unix epoch to a year before the last four-digit year, so that the day after,
 * a range's year ahead and every zone's instants exist and stay four-digit (days compare as text; PostgreSQL has no
 * year 0, JavaScript writes year 10000 as `+010000`).
 */
export const FIRST_DAY: LocalDay = '1970-01-01';
export const LAST_DAY: LocalDay = '9998-12-31';

/** A local day as an input names it: a calendar date (YYYY-MM-DD) from FIRST_DAY to LAST_DAY. */
export const LocalDaySchema = z.iso
  .date()
  .refine((d) => d >= FIRST_DAY && d <= LAST_DAY, { message: `a day from ${FIRST_DAY} to ${LAST_DAY}`, abort: true })
  .meta({ example: '2026-03-02' });

const FIRST_MS = Date.parse(FIRST_DAY);
const END_MS = Date.parse(LAST_DAY) + 86_400_000;

/** An instant as an input names it: ISO-8601 with an offset, within the days of FIRST_DAY..LAST_DAY (UTC). */
export const InstantInputSchema = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const ms = Date.parse(s);
    return ms >= FIRST_MS && ms < END_MS;
  },
  { message: `an instant from ${FIRST_DAY} to ${LAST_DAY}`, abort: true },
);

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Per zone, the last day computed and its instants [start of it, start of the next day). */
const lastDays = new Map<string, { day: LocalDay; from: number; to: number }>();

/**
 * The local day an instant falls on in `zone`. Events come in time order, so the day found last in each zone is
 * remembered with its bounds: an instant inside them needs no time-zone arithmetic (ingest asks several times an event).
 */
export function localDay(instant: Date, zone: string): LocalDay {
  const t = instant.getTime();
  const last = lastDays.get(zone);
  if (last && t >= last.from && t < last.to) return last.day;
  const day = DateTime.fromJSDate(instant, { zone }).toISODate()!;
  if (day === null || !ISO_DAY.test(day)) return day;
  const from = dayBounds(day, zone).start.getTime();
  const to = dayBounds(addDays(day, 1), zone).start.getTime();
  if (t >= from && t < to) {
    if (lastDays.size >= 1000) lastDays.clear();
    lastDays.set(zone, { day, from, to });
  }
  return day;
}

/** dayBounds answers by zone and day (a zone's rules do not change while the process runs); cleared when full. */
const bounds = new Map<string, { start: number; end: number }>();
const MAX_BOUNDS = 50_000;

/** The instants [start, end) a local day covers in `zone` (23 or 25 hours across a DST change). */
export function dayBounds(day: LocalDay, zone: string): { start: Date; end: Date } {
  const key = `${zone}|${day}`;
  let b = bounds.get(key);
  if (!b) {
    const start = DateTime.fromISO(day, { zone }).startOf('day');
    if (!start.isValid) throw new RangeError(`not a local day: ${day}`);
    if (bounds.size >= MAX_BOUNDS) bounds.clear();
    bounds.set(key, (b = { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() }));
  }
  return { start: new Date(b.start), end: new Date(b.end) }; // fresh Dates: callers may keep or change them
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `day` moved by `n` days (negative goes back). Pure calendar arithmetic on the proleptic Gregorian calendar (no
 * zone is involved: a local day is a date), done by the JS Date's UTC fields, which is exact for years 1-9999 and
 * about 40x cheaper than a luxon DateTime; this runs for every day of every range read.
 */
export function addDays(day: LocalDay, n: number): LocalDay {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a local day: ${day}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n);
  return d.toISOString().slice(0, 10);
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
