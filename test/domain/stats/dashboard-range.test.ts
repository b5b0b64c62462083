// The Dashboard's from–to range: how many days it holds, the range of equal length just before it (across DST changes
// and a year end, in the tenant's zone), today's live figures inside it, and a bad range named by its field.
import { describe, expect, it } from 'vitest';
import { MemoryCountersSource } from '../../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../../adapters/memory/stats/memory-daily-rollup-store.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { dayCount, previousRange } from '../../../domain/day-range.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { RealtimeStore } from '../../../domain/realtime/realtime-store.ts';
import { DashboardStats } from '../../../domain/stats/dashboard-stats.ts';
import { anEvent } from '../../support/builders.ts';

function setup(now: string, zone: string, live?: RealtimeStore) {
  const events = new MemoryEventStore();
  const counters = new MemoryCountersSource(events);
  const dashboard = new DashboardStats({ counters, rollups: new MemoryDailyRollupStore(), clock: new FixedClock(now), zoneOf: () => zone, live });
  return { dashboard, add: (...list: AnalyticsEvent[]) => events.append(list) };
}

let n = 0;
const start = (iso: string) => anEvent('session.start', { sessionId: `s${++n}`, channel: 'web', occurredAt: new Date(iso) });
const rated = (iso: string, score: number) => anEvent('session.rated', { sessionId: `s${++n}`, occurredAt: new Date(iso), data: { score } });

describe('dayCount and previousRange', () => {
  it('counts both ends', () => {
    expect(dayCount('2026-03-10', '2026-03-10')).toBe(1);
    expect(dayCount('2026-03-01', '2026-03-31')).toBe(31);
    expect(dayCount('2026-03-02', '2026-03-01')).toBe(0);
  });

  it('counts a year end and a leap year by the calendar', () => {
    expect(dayCount('2026-12-25', '2027-01-07')).toBe(14);
    expect(dayCount('2027-03-01', '2028-02-29')).toBe(366);
    expect(dayCount('2028-01-01', '2028-12-31')).toBe(366);
  });

  it('ends the range before the day before `from`, as long as the range', () => {
    expect(previousRange('2026-03-10', '2026-03-10')).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(previousRange('2026-12-25', '2027-01-07')).toEqual({ from: '2026-12-11', to: '2026-12-24' });
    expect(previousRange('2027-01-01', '2027-01-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousRange('2028-03-01', '2028-03-14')).toEqual({ from: '2028-02-16', to: '2028-02-29' });
  });
});

describe('DashboardStats.getTrend over from–to', () => {
  it('counts the local days of a range across the spring-forward change, against the days before it', async () => {
    // New York: 2026-03-08 is 23 hours long (EST until 07:00Z, EDT after).
    const { dashboard, add } = setup('2026-03-20T12:00:00Z', 'America/New_York');
    await add(
      start('2026-03-06T05:30:00Z'), // 00:30 EST on the 6th: the previous range's first day
      start('2026-03-08T04:30:00Z'), // 23:30 EST on the 7th: previous
      start('2026-03-08T05:30:00Z'), // 00:30 EST on the 8th: in the range
      start('2026-03-10T03:30:00Z'), // 23:30 EDT on the 9th: in the range
      start('2026-03-10T04:30:00Z'), // 00:30 EDT on the 10th: after it
      start('2026-03-06T04:30:00Z'), // 23:30 EST on the 5th: before the previous range
    );
    const t = await dashboard.getTrend('t1', { from: '2026-03-08', to: '2026-03-09' });
    expect(t).toMatchObject({ days: 2, from: '2026-03-08', to: '2026-03-09', previousFrom: '2026-03-06', previousTo: '2026-03-07' });
    expect(t.rows.map((r) => [r.day, r.sessions])).toEqual([
      ['2026-03-08', 1],
      ['2026-03-09', 1],
    ]);
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 2, previous: 2, change: 0 });
  });

  it('counts a 25-hour day whole, against the one before it', async () => {
    // New York: 2026-11-01 runs from 04:00Z (00:00 EDT) to 05:00Z on the 2nd (00:00 EST).
    const { dashboard, add } = setup('2026-11-20T12:00:00Z', 'America/New_York');
    await add(
      start('2026-11-01T03:30:00Z'), // 23:30 EDT on Oct 31: previous
      start('2026-11-01T04:30:00Z'), // 00:30 EDT on the 1st
      start('2026-11-02T04:30:00Z'), // 23:30 EST on the 1st: the 25th hour's day
      start('2026-11-02T05:30:00Z'), // 00:30 EST on the 2nd: after it
    );
    const t = await dashboard.getTrend('t1', { from: '2026-11-01', to: '2026-11-01' });
    expect(t).toMatchObject({ days: 1, previousFrom: '2026-10-31', previousTo: '2026-10-31' });
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 2, previous: 1, change: 1 });
  });

  it('takes a range across a year end in the tenant’s zone, against as many days before it', async () => {
    // Shanghai is UTC+8: its Jan 3 ends at 2027-01-03T16:00Z.
    const { dashboard, add } = setup('2027-01-10T04:00:00Z', 'Asia/Shanghai');
    await add(
      start('2026-12-20T16:30:00Z'), // 00:30 Dec 21: the previous range's first day
      start('2026-12-27T15:59:00Z'), // 23:59 Dec 27: the previous range's last minute
      start('2026-12-27T16:00:00Z'), // 00:00 Dec 28: the range's first minute
      start('2026-12-31T16:30:00Z'), // 00:30 Jan 1
      start('2027-01-03T15:30:00Z'), // 23:30 Jan 3: the range's last hour
      start('2027-01-03T16:30:00Z'), // 00:30 Jan 4: after it
      start('2026-12-20T15:30:00Z'), // 23:30 Dec 20: before the previous range
    );
    const t = await dashboard.getTrend('t1', { from: '2026-12-28', to: '2027-01-03' });
    expect(t).toMatchObject({ days: 7, previousFrom: '2026-12-21', previousTo: '2026-12-27' });
    expect(t.rows.map((r) => r.day)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(t.rows.map((r) => r.sessions)).toEqual([1, 0, 0, 0, 1, 0, 1]);
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 3, previous: 2, change: 0.5 });
  });

  it('answers the same as `days` for the span ending today', async () => {
    const { dashboard, add } = setup('2026-03-10T12:00:00Z', 'UTC');
    await add(start('2026-03-01T10:00:00Z'), start('2026-03-05T10:00:00Z'), start('2026-03-10T10:00:00Z'));
    const byDays = await dashboard.getTrend('t1', 7);
    expect(await dashboard.getTrend('t1', { from: '2026-03-04', to: '2026-03-10' })).toEqual(byDays);
    expect(await dashboard.getTrend('t1', { days: 7 })).toEqual(byDays);
    expect(await dashboard.getTrend('t1')).toEqual(byDays);
  });

  it('takes today’s figures from the live store when the range holds today, and not otherwise', async () => {
    // The live store says 5 sessions today; the raw facts of today hold 1 (the live store is what Monitoring shows).
    const live = { read: async () => ({ counters: { sessions: 5 } }) } as unknown as RealtimeStore;
    const { dashboard, add } = setup('2026-03-10T12:00:00Z', 'UTC', live);
    await add(start('2026-03-09T10:00:00Z'), start('2026-03-10T10:00:00Z'));
    const withToday = await dashboard.getTrend('t1', { from: '2026-03-09', to: '2026-03-10' });
    expect(withToday.rows.map((r) => r.sessions)).toEqual([1, 5]);
    expect(withToday.totals.sessions).toBe(6);
    expect((await dashboard.getTrend('t1', { from: '2026-03-08', to: '2026-03-09' })).totals.sessions).toBe(1);
  });

  it.each([
    [{ from: '2026-03-05', to: '2026-03-04' }, 'from'],
    [{ from: '2025-03-03', to: '2026-03-04' }, 'to'], // 367 days
    [{ from: '2026-03-04' }, 'to'],
    [{ to: '2026-03-04' }, 'from'],
    [{ days: 7, from: '2026-03-01', to: '2026-03-04' }, 'days'],
    [{ from: '2026-02-30', to: '2026-03-04' }, 'from'],
    [{ days: 91 }, 'days'],
  ])('rejects %o naming %s', async (range, field) => {
    const { dashboard } = setup('2026-03-10T12:00:00Z', 'UTC');
    await expect(dashboard.getTrend('t1', range)).rejects.toMatchObject({ code: 'INVALID', field });
    await expect(dashboard.getSatisfaction('t1', range)).rejects.toMatchObject({ code: 'INVALID', field });
  });

  it('takes 366 days', async () => {
    const { dashboard } = setup('2026-03-10T12:00:00Z', 'UTC');
    const t = await dashboard.getTrend('t1', { from: '2025-03-05', to: '2026-03-05' });
    expect(t).toMatchObject({ days: 366, previousFrom: '2024-03-04', previousTo: '2025-03-04' });
  });
});

describe('DashboardStats.getSatisfaction over from–to', () => {
  it('compares the ratings of a range with the range of equal length before it', async () => {
    const { dashboard, add } = setup('2027-01-10T12:00:00Z', 'UTC');
    await add(rated('2026-12-30T10:00:00Z', 5), rated('2027-01-02T10:00:00Z', 3), rated('2026-12-27T10:00:00Z', 5));
    const s = await dashboard.getSatisfaction('t1', { from: '2026-12-30', to: '2027-01-02' });
    expect(s).toMatchObject({ from: '2026-12-30', to: '2027-01-02' });
    expect(s.byDay.map((d) => [d.day, d.total])).toEqual([
      ['2026-12-30', 1],
      ['2026-12-31', 0],
      ['2027-01-01', 0],
      ['2027-01-02', 1],
    ]);
    expect(s.satisfaction).toMatchObject({ total: 2, mean: 4, csat: 0.5 });
    expect(s.previous).toMatchObject({ total: 1, mean: 5, csat: 1 }); // Dec 26..29
    expect(s.change).toEqual({ total: 1, mean: -0.2, csat: -0.5 });
  });
});
