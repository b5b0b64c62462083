// Local days: the calendar arithmetic of addDays agrees with luxon's everywhere, and dayBounds (remembered per zone
// and day) still answers 23- and 25-hour days across DST changes, with Dates the caller may change.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, dayBounds, daysBetween, localDay } from '../../domain/local-day.ts';

describe('addDays', () => {
  it('agrees with luxon over month, year and leap-day boundaries, forwards and back', () => {
    const luxon = (day: string, n: number) => DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: n }).toISODate();
    for (let d = '1999-12-25'; d < '2001-03-05'; d = addDays(d, 1)) {
      for (const n of [-400, -366, -31, -1, 0, 1, 29, 365, 366]) expect(addDays(d, n)).toBe(luxon(d, n));
    }
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
    expect(addDays('0001-01-01', 1)).toBe('0001-01-02'); // no two-digit-year surprise
  });

  it('refuses what is not a day, naming it', () => {
    expect(() => addDays('2026-3-1', 1)).toThrow(/not a local day: 2026-3-1/);
    expect(() => addDays('2026-03-10T00:00', 1)).toThrow(RangeError);
  });

  it('lists the days between two days, both included', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('dayBounds', () => {
  it('answers 23 and 25 hour days across DST, the same on a second (remembered) call', () => {
    for (let i = 0; i < 2; i++) {
      const spring = dayBounds('2026-03-29', 'Europe/Paris');
      expect([spring.start.toISOString(), spring.end.getTime() - spring.start.getTime()]).toEqual(['2026-03-28T23:00:00.000Z', 23 * 3_600_000]);
      const fall = dayBounds('2026-10-25', 'Europe/Paris');
      expect(fall.end.getTime() - fall.start.getTime()).toBe(25 * 3_600_000);
      expect(dayBounds('2026-03-29', 'Asia/Shanghai').start.toISOString()).toBe('2026-03-28T16:00:00.000Z');
    }
  });

  it('hands out Dates the caller may change without changing the next answer', () => {
    dayBounds('2026-05-01', 'UTC').start.setTime(0);
    expect(dayBounds('2026-05-01', 'UTC').start.toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('refuses what is not a day', () => {
    expect(() => dayBounds('2026-02-30', 'UTC')).toThrow(/not a local day/);
  });
});

describe('localDay', () => {
  it("agrees with luxon instant by instant, in time order and back, across DST changes and midnights that don't exist", () => {
    const luxon = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toISODate();
    // Santiago and Havana move their clocks at midnight; Lord Howe by 30 minutes; Kathmandu sits at +05:45.
    const zones = ['America/Santiago', 'America/Havana', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Berlin', 'UTC'];
    const from = Date.parse('2026-03-06T00:00:00Z');
    const to = Date.parse('2026-04-10T00:00:00Z');
    for (const zone of zones) {
      for (let t = from; t < to; t += 7 * 60_000) expect(localDay(new Date(t), zone)).toBe(luxon(t, zone));
      for (let t = to; t > from; t -= 13 * 60_000) expect(localDay(new Date(t), zone)).toBe(luxon(t, zone));
    }
  });
});
