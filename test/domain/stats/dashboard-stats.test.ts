// DashboardStats and its rollup-first reading, on the memory adapters: time zones (a DST change), partial days,
// rollups against dirty days, and bad input.
import { describe, expect, it } from 'vitest';
import { MemoryCountersSource } from '../../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../../adapters/memory/stats/memory-daily-rollup-store.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { DailyStatsAggregator } from '../../../domain/stats/daily-stats-aggregator.ts';
import { DashboardStats } from '../../../domain/stats/dashboard-stats.ts';
import { anEvent } from '../../support/builders.ts';

const NY = 'America/New_York';

function setup(now: string, zone = NY) {
  const events = new MemoryEventStore();
  const rollups = new MemoryDailyRollupStore();
  const counters = new MemoryCountersSource(events);
  const clock = new FixedClock(now);
  const zoneOf = () => zone;
  return {
    events,
    rollups,
    clock,
    dashboard: new DashboardStats({ counters, rollups, clock, zoneOf }),
    aggregator: new DailyStatsAggregator({ counters, rollups, clock, zoneOf }),
    add: (...list: AnalyticsEvent[]) => events.append(list),
  };
}

const start = (sessionId: string, iso: string, channel = 'web') => anEvent('session.start', { sessionId, channel, occurredAt: new Date(iso) });

describe('DashboardStats.getTodayStats', () => {
  it('compares with yesterday up to the same local time across the spring-forward change', async () => {
    // 2026-03-08 is 23 hours long in New York: 12:00 EDT today is 16:00Z; 12:00 EST yesterday is 17:00Z.
    const { dashboard, add } = setup('2026-03-08T16:00:00Z');
    await add(
      start('y-before', '2026-03-07T16:30:00Z'), // 11:30 EST yesterday: counted
      start('y-after', '2026-03-07T17:30:00Z'), // 12:30 EST yesterday: after the same local time, though < 24 h ago
      start('t-1', '2026-03-08T05:30:00Z'), // 00:30 EST today
      start('t-2', '2026-03-08T15:00:00Z'), // 11:00 EDT today
    );
    const t = await dashboard.getTodayStats('t1');
    expect(t.day).toBe('2026-03-08');
    expect(t.previousFrom).toBe('2026-03-07T05:00:00.000Z');
    expect(t.previousTo).toBe('2026-03-07T17:00:00.000Z');
    expect(t.current.sessions).toBe(2);
    expect(t.previous.sessions).toBe(1);
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 2, previous: 1, change: 1 });
  });

  it('has no change where yesterday had nothing', async () => {
    const { dashboard, add } = setup('2026-03-10T15:00:00Z');
    await add(start('a', '2026-03-10T14:00:00Z'));
    const t = await dashboard.getTodayStats('t1');
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 1, previous: 0, change: null });
  });
});

describe('DashboardStats.getTrend', () => {
  it('buckets by local day across the fall-back change (a 25-hour day)', async () => {
    // 2026-11-01 is 25 hours long in New York: 00:00 EDT = 04:00Z to 00:00 EST on the 2nd = 05:00Z.
    const { dashboard, add } = setup('2026-11-02T12:00:00Z');
    await add(
      start('a', '2026-11-01T04:30:00Z'), // 00:30 EDT on the 1st
      start('b', '2026-11-02T04:30:00Z'), // 23:30 EST on the 1st
      start('c', '2026-11-02T05:30:00Z'), // 00:30 EST on the 2nd
    );
    const t = await dashboard.getTrend('t1', 3);
    expect(t.rows.map((r) => [r.day, r.sessions])).toEqual([
      ['2026-10-31', 0],
      ['2026-11-01', 2],
      ['2026-11-02', 1],
    ]);
  });

  it('compares the range with the N days before it', async () => {
    const { dashboard, add } = setup('2026-03-10T12:00:00Z', 'UTC');
    await add(start('old', '2026-03-08T10:00:00Z'), start('n1', '2026-03-09T10:00:00Z'), start('n2', '2026-03-10T10:00:00Z'));
    const t = await dashboard.getTrend('t1', 2);
    expect(t).toMatchObject({ from: '2026-03-09', to: '2026-03-10', previousFrom: '2026-03-07', previousTo: '2026-03-08' });
    expect(t.figures.find((f) => f.key === 'sessions')).toMatchObject({ value: 2, previous: 1, change: 1 });
  });

  it('reads closed days from rollups, and a dirty day from raw facts', async () => {
    const { dashboard, add, aggregator, rollups } = setup('2026-03-10T12:00:00Z', 'UTC');
    await add(start('a', '2026-03-09T10:00:00Z'));
    expect(await aggregator.run('t1')).toEqual(['2026-03-09']);
    await add(start('late', '2026-03-09T11:00:00Z'));
    expect((await dashboard.getTrend('t1', 2)).rows[0]!.sessions).toBe(1); // the rollup, not yet recomputed
    rollups.markDirty('t1', '2026-03-09');
    expect((await dashboard.getTrend('t1', 2)).rows[0]!.sessions).toBe(2); // dirty: from raw
    expect(await aggregator.run('t1')).toEqual(['2026-03-09']);
    expect(await rollups.dirtyDays('t1')).toEqual([]);
    expect((await dashboard.getTrend('t1', 2)).rows[0]!.sessions).toBe(2);
  });

  it('rejects a range outside 1..90 days, naming the field', async () => {
    const { dashboard } = setup('2026-03-10T12:00:00Z');
    await expect(dashboard.getTrend('t1', 91)).rejects.toMatchObject({ code: 'INVALID', field: 'days' });
    await expect(dashboard.getTrend('t1', 0)).rejects.toMatchObject({ code: 'INVALID', field: 'days' });
  });

  it('keeps percentiles of a range exact: merged histograms, never averaged daily figures', async () => {
    const { dashboard, add } = setup('2026-03-10T12:00:00Z', 'UTC');
    const reply = (iso: string, ms: number) => anEvent('message.ai', { occurredAt: new Date(iso), data: { responseTimeMs: ms } });
    await add(
      reply('2026-03-09T10:00:00Z', 100),
      reply('2026-03-10T10:00:00Z', 1000),
      reply('2026-03-10T10:01:00Z', 1000),
      reply('2026-03-10T10:02:00Z', 1000),
    );
    const t = await dashboard.getTrend('t1', 2);
    expect(t.totals.aiResponseMs).toEqual({ count: 4, mean: 775, p50: 1000, p90: 1000 });
  });
});

describe('DashboardStats.getSatisfaction', () => {
  it('rejects a range given twice', async () => {
    const { dashboard } = setup('2026-03-10T12:00:00Z');
    await expect(dashboard.getSatisfaction('t1', { days: 7, from: '2026-03-01', to: '2026-03-02' })).rejects.toMatchObject({
      code: 'INVALID',
      field: 'days',
    });
  });
});
