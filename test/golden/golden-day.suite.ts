// The golden day as a suite over any set of adapters: every figure of every read method, computed by hand from
// scripted-day.ts. Run on memory, PGlite and PostgreSQL + Redis; the same answers everywhere.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../domain/clock.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import { RealtimeProjector } from '../../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../../domain/realtime/realtime-stats.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import { SessionDrillDown } from '../../domain/sessions/session-drill-down.ts';
import type { SessionQuery } from '../../domain/sessions/session-query.ts';
import type { CountersSource } from '../../domain/stats/counters-source.ts';
import type { DailyRollupStore } from '../../domain/stats/daily-rollup-store.ts';
import { DailyStatsAggregator } from '../../domain/stats/daily-stats-aggregator.ts';
import { DashboardStats } from '../../domain/stats/dashboard-stats.ts';
import type { Figure, PeriodMetrics } from '../../domain/stats/models.ts';
import { sequentialIds } from '../support/builders.ts';
import { NOW, scriptedDay, TENANT, TODAY, YESTERDAY, ZONE } from './scripted-day.ts';

export interface GoldenAdapters {
  readonly events: EventStore;
  readonly realtime: RealtimeStore;
  readonly counters: CountersSource;
  readonly rollups: DailyRollupStore;
  readonly sessions: SessionQuery;
  close(): Promise<void>;
}

const H = 3_600_000;
const zero = { count: 0, mean: null, p50: null, p90: null };
const noRatings = { counts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, total: 0, mean: null, csat: null };

/** Today 00:00-24:00 (read at 18:00). Sessions S1..S7; ended S1 ai, S2 agent, S3 ai, S4 abandoned, S5 agent. */
const todayMetrics: PeriodMetrics = {
  sessions: 7,
  ended: 5,
  aiResolved: 2,
  agentHandled: 2,
  abandoned: 1,
  aiResolutionRate: 2 / 5,
  transferred: 3, // S2, S5, S6
  transferRate: 3 / 7,
  messages: { user: 7, ai: 6, agent: 3 }, // the duplicate AI reply of S1 counts once
  // 700, 800, 900, 1200, 1500, 2000: mean 7100 / 6; p50 = 3rd of 6; p90 = 6th (ceil 5.4)
  aiResponseMs: { count: 6, mean: 7100 / 6, p50: 900, p90: 2000 },
  // S2 10:01 -> 10:03 = 120 s; S5 13:01 -> 13:06 = 300 s
  agentFirstResponseMs: { count: 2, mean: 210_000, p50: 120_000, p90: 300_000 },
  // 120, 300, 600, 1200, 1800 s: mean 4020 / 5; p50 = 3rd; p90 = 5th
  durationSec: { count: 5, mean: 804, p50: 600, p90: 1800 },
  satisfaction: { counts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 }, total: 3, mean: 11 / 3, csat: 2 / 3 },
  orderQueries: { count: 1, found: 1, foundRate: 1 },
  trackingQueries: { count: 1, found: 0, foundRate: 0 },
};

/** Yesterday 00:00-18:00: Y1 only (the late rating 3 at 15:12 included). */
const yesterdaySoFar: PeriodMetrics = {
  sessions: 1,
  ended: 1,
  aiResolved: 1,
  agentHandled: 0,
  abandoned: 0,
  aiResolutionRate: 1,
  transferred: 0,
  transferRate: 0,
  messages: { user: 1, ai: 1, agent: 0 },
  aiResponseMs: { count: 1, mean: 1000, p50: 1000, p90: 1000 },
  agentFirstResponseMs: zero,
  durationSec: { count: 1, mean: 600, p50: 600, p90: 600 },
  satisfaction: { counts: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 }, total: 1, mean: 3, csat: 0 },
  orderQueries: { count: 0, found: 0, foundRate: null },
  trackingQueries: { count: 0, found: 0, foundRate: null },
};

/** The whole of yesterday: Y1 and Y2 (19:00, 300 s, AI 3000 ms). */
const yesterdayWhole: PeriodMetrics = {
  ...yesterdaySoFar,
  sessions: 2,
  ended: 2,
  aiResolved: 2,
  transferRate: 0,
  messages: { user: 2, ai: 2, agent: 0 },
  aiResponseMs: { count: 2, mean: 2000, p50: 1000, p90: 3000 },
  durationSec: { count: 2, mean: 450, p50: 300, p90: 600 },
};

const emptyDay: PeriodMetrics = {
  sessions: 0,
  ended: 0,
  aiResolved: 0,
  agentHandled: 0,
  abandoned: 0,
  aiResolutionRate: null,
  transferred: 0,
  transferRate: null,
  messages: { user: 0, ai: 0, agent: 0 },
  aiResponseMs: zero,
  agentFirstResponseMs: zero,
  durationSec: zero,
  satisfaction: noRatings,
  orderQueries: { count: 0, found: 0, foundRate: null },
  trackingQueries: { count: 0, found: 0, foundRate: null },
};

/** The 7 days 03-04..03-10: yesterday whole plus today. */
const weekTotals: PeriodMetrics = {
  sessions: 9,
  ended: 7,
  aiResolved: 4,
  agentHandled: 2,
  abandoned: 1,
  aiResolutionRate: 4 / 7,
  transferred: 3,
  transferRate: 3 / 9,
  messages: { user: 9, ai: 8, agent: 3 },
  // 700 800 900 1000 1200 1500 2000 3000: mean 11100 / 8; p50 = 4th; p90 = 8th (ceil 7.2)
  aiResponseMs: { count: 8, mean: 11_100 / 8, p50: 1000, p90: 3000 },
  agentFirstResponseMs: { count: 2, mean: 210_000, p50: 120_000, p90: 300_000 },
  // 120 300 300 600 600 1200 1800: mean 4920 / 7; p50 = 4th (ceil 3.5); p90 = 7th (ceil 6.3)
  durationSec: { count: 7, mean: 4920 / 7, p50: 600, p90: 1800 },
  satisfaction: { counts: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 }, total: 4, mean: 14 / 4, csat: 2 / 4 },
  orderQueries: { count: 1, found: 1, foundRate: 1 },
  trackingQueries: { count: 1, found: 0, foundRate: 0 },
};

const figure = (figures: Figure[], key: Figure['key']) => figures.find((f) => f.key === key)!;

export function goldenDaySuite(name: string, make: () => Promise<GoldenAdapters>): void {
  describe(`the golden day: ${name}`, () => {
    let a: GoldenAdapters;
    let dashboard: DashboardStats;
    let fromRaw: DashboardStats;
    let realtime: RealtimeStats;
    let drillDown: SessionDrillDown;
    let aggregator: DailyStatsAggregator;

    beforeAll(async () => {
      a = await make();
      const clock = new FixedClock(NOW);
      const zoneOf = () => ZONE;
      const projector = new RealtimeProjector({ store: a.realtime, zoneOf });
      for (const batch of scriptedDay()) {
        const { stored } = await a.events.append(batch);
        const fresh = new Set(stored);
        await projector.apply(batch.filter((e) => fresh.has(e.id)));
      }
      dashboard = new DashboardStats({ counters: a.counters, rollups: a.rollups, live: a.realtime, clock, zoneOf });
      fromRaw = new DashboardStats({ counters: a.counters, rollups: a.rollups, clock, zoneOf });
      realtime = new RealtimeStats({ realtime: a.realtime, events: a.events, projector, clock, ids: sequentialIds(7), zoneOf });
      // The golden day has no token usage or audits: sessions.get's usage and audits are tested in session-whole.test.ts.
      const none = { usage: { sessionUsages: async () => [] }, audits: { bySession: async () => [] } };
      drillDown = new SessionDrillDown({ sessions: a.sessions, events: a.events, ...none, clock, zoneOf });
      aggregator = new DailyStatsAggregator({ counters: a.counters, rollups: a.rollups, clock, zoneOf });
    });
    afterAll(async () => {
      await a?.close();
    });

    it('RealtimeStats.getOverview: live sessions, the queue, today and agents', async () => {
      expect(await realtime.getOverview(TENANT)).toEqual({
        asOf: NOW.toISOString(),
        day: TODAY,
        timeZone: ZONE,
        activeSessions: 2, // S6 (last event 17:45) and S7 (17:50); the idle timeout is 30 min
        queue: {
          length: 1,
          oldestWaitMs: 15 * 60_000,
          sessions: [{ sessionId: 'S6', channel: 'whatsapp', agentId: 'a1', waitingSince: '2026-03-10T09:45:00.000Z', waitMs: 15 * 60_000 }],
        },
        today: {
          sessions: 7,
          ended: 5,
          aiResolved: 2,
          aiResolutionRate: 0.4,
          transferred: 3,
          messages: { user: 7, ai: 6, agent: 3, total: 16 },
          aiResponseMs: todayMetrics.aiResponseMs,
          satisfaction: todayMetrics.satisfaction,
        },
        agents: { online: 1, busy: 0, away: 0, offline: 1 },
      });
    });

    it('RealtimeStats.getChannels: today per channel, active now and share', async () => {
      expect(await realtime.getChannels(TENANT)).toEqual({
        asOf: NOW.toISOString(),
        day: TODAY,
        sessionsToday: 7,
        activeNow: 2,
        channels: [
          { channel: 'web', sessionsToday: 3, activeNow: 1, share: 3 / 7 },
          { channel: 'whatsapp', sessionsToday: 2, activeNow: 1, share: 2 / 7 },
          { channel: 'app', sessionsToday: 2, activeNow: 0, share: 2 / 7 },
        ],
      });
    });

    it('RealtimeStats.getAgents: status, load and time per status today, the ongoing span included', async () => {
      expect((await realtime.getAgents(TENANT)).agents).toEqual([
        {
          agentId: 'a1',
          name: 'Ann',
          status: 'online',
          since: '2026-03-10T04:30:00.000Z', // 12:30 local
          inStatusMs: 5.5 * H,
          activeSessions: 1, // S6, transferred to her
          handledToday: 1, // S2
          repliesToday: 1,
          meanResponseMs: 30_000,
          onlineMs: 2 * H + 1 * H + 5.5 * H, // 08-10, 11-12, 12:30-18:00
          busyMs: 1 * H,
          awayMs: 0.5 * H,
        },
        {
          agentId: 'a2',
          name: 'Bob',
          status: 'offline',
          since: '2026-03-10T09:00:00.000Z', // 17:00 local
          inStatusMs: 1 * H,
          activeSessions: 0,
          handledToday: 1, // S5
          repliesToday: 2,
          meanResponseMs: 15_000,
          onlineMs: 8 * H,
          busyMs: 0,
          awayMs: 0,
        },
      ]);
    });

    it('DashboardStats.getTodayStats: today against yesterday up to 18:00', async () => {
      const t = await dashboard.getTodayStats(TENANT);
      expect(t.current).toEqual(todayMetrics);
      expect(t.previous).toEqual(yesterdaySoFar);
      expect(t.previousFrom).toBe('2026-03-08T16:00:00.000Z');
      expect(t.previousTo).toBe('2026-03-09T10:00:00.000Z');
      expect(figure(t.figures, 'sessions')).toEqual({
        key: 'sessions',
        value: 7,
        previous: 1,
        change: 6,
        cohort: 'started',
        drillDown: { cohort: 'started' },
      });
      expect(figure(t.figures, 'aiResolutionRate')).toMatchObject({ value: 0.4, previous: 1, change: -0.6 });
      expect(figure(t.figures, 'agentHandled')).toMatchObject({ value: 2, previous: 0, change: null });
      expect(figure(t.figures, 'transferRate')).toMatchObject({ previous: 0, change: null });
      expect(figure(t.figures, 'aiResponseMs.mean').change).toBeCloseTo((7100 / 6 - 1000) / 1000, 12);
      expect(figure(t.figures, 'satisfaction.total')).toMatchObject({ value: 3, previous: 1, change: 2 });
      expect(figure(t.figures, 'satisfaction.csat')).toMatchObject({ value: 2 / 3, previous: 0, change: null });
    });

    it('DashboardStats without the live store: the same figures from raw facts', async () => {
      expect(await fromRaw.getTodayStats(TENANT)).toEqual(await dashboard.getTodayStats(TENANT));
      expect(await fromRaw.getTrend(TENANT, 7)).toEqual(await dashboard.getTrend(TENANT, 7));
    });

    it('DashboardStats.getTrend: seven rows, quiet days as zeros, totals from summed counters', async () => {
      const t = await dashboard.getTrend(TENANT, 7);
      expect(t).toMatchObject({ days: 7, from: '2026-03-04', to: TODAY, previousFrom: '2026-02-25', previousTo: '2026-03-03' });
      expect(t.rows.map((r) => r.day)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', YESTERDAY, TODAY]);
      for (const r of t.rows.slice(0, 5)) expect(r).toEqual({ day: r.day, ...emptyDay });
      expect(t.rows[5]).toEqual({ day: YESTERDAY, ...yesterdayWhole });
      expect(t.rows[6]).toEqual({ day: TODAY, ...todayMetrics });
      expect(t.totals).toEqual(weekTotals);
      expect(t.previous).toEqual(emptyDay);
      expect(t.figures.every((f) => f.change === null)).toBe(true);
    });

    it('DashboardStats.getSatisfaction: the last 7 days by score, mean and CSAT', async () => {
      const s = await dashboard.getSatisfaction(TENANT);
      expect(s).toMatchObject({ from: '2026-03-04', to: TODAY, satisfaction: weekTotals.satisfaction, previous: noRatings });
      expect(s.change).toEqual({ total: null, mean: null, csat: null });
      expect(s.byDay.find((d) => d.day === YESTERDAY)).toEqual({ day: YESTERDAY, ...yesterdaySoFar.satisfaction });
      const one = await dashboard.getSatisfaction(TENANT, { from: TODAY, to: TODAY });
      expect(one.satisfaction).toEqual(todayMetrics.satisfaction);
      expect(one.previous).toEqual(yesterdaySoFar.satisfaction);
      expect(one.change.total).toBe(2);
    });

    it('SessionDrillDown.list: each count opens exactly the sessions it counts', async () => {
      const ids = async (input: Parameters<SessionDrillDown['list']>[1]) => {
        const page = await drillDown.list(TENANT, input);
        return { total: page.total, ids: page.items.map((i) => i.sessionId) };
      };
      expect(await ids({})).toEqual({ total: 7, ids: ['S7', 'S6', 'S5', 'S4', 'S3', 'S2', 'S1'] });
      expect(await ids({ cohort: 'ended', outcome: ['ai'] })).toEqual({ total: 2, ids: ['S3', 'S1'] });
      expect(await ids({ cohort: 'ended', outcome: 'agent', agentId: 'a2' })).toEqual({ total: 1, ids: ['S5'] });
      expect(await ids({ cohort: 'ended', outcome: ['abandoned'] })).toEqual({ total: 1, ids: ['S4'] });
      expect(await ids({ cohort: 'transferred' })).toEqual({ total: 3, ids: ['S6', 'S5', 'S2'] });
      expect(await ids({ cohort: 'firstAgentReply' })).toEqual({ total: 2, ids: ['S5', 'S2'] });
      expect(await ids({ cohort: 'rated', score: [4, 5] })).toEqual({ total: 2, ids: ['S2', 'S1'] });
      expect(await ids({ channel: ['web', 'app'] })).toEqual({ total: 5, ids: ['S7', 'S4', 'S3', 'S2', 'S1'] });
      expect(await ids({ transferred: false, rated: true })).toEqual({ total: 2, ids: ['S3', 'S1'] });
      expect(await ids({ cohort: 'active' })).toEqual({ total: 2, ids: ['S7', 'S6'] });
      expect(await ids({ cohort: 'queued' })).toEqual({ total: 1, ids: ['S6'] });
      expect(await ids({ cohort: 'rated', day: YESTERDAY })).toEqual({ total: 1, ids: ['Y1'] });
      expect(await ids({ from: YESTERDAY, to: TODAY, size: 2, page: 2 })).toEqual({ total: 9, ids: ['S5', 'S4'] });
    });

    it('SessionDrillDown.list: totals equal the figures they open', async () => {
      const t = await dashboard.getTodayStats(TENANT);
      for (const f of t.figures.filter((x) => x.drillDown)) {
        const list = await drillDown.list(TENANT, { ...f.drillDown!, day: TODAY });
        expect([f.key, list.total]).toEqual([f.key, f.value]);
      }
      const overview = await realtime.getOverview(TENANT);
      expect((await drillDown.list(TENANT, { cohort: 'active' })).total).toBe(overview.activeSessions);
      expect((await drillDown.list(TENANT, { cohort: 'queued' })).total).toBe(overview.queue.length);
      for (const agent of (await realtime.getAgents(TENANT)).agents) {
        const handled = await drillDown.list(TENANT, { cohort: 'ended', outcome: ['agent'], agentId: [agent.agentId] });
        expect(handled.total).toBe(agent.handledToday);
      }
      for (const c of (await realtime.getChannels(TENANT)).channels) {
        expect((await drillDown.list(TENANT, { channel: [c.channel] })).total).toBe(c.sessionsToday);
      }
    });

    it('SessionDrillDown.get: the facts and the timeline, the duplicate stored once', async () => {
      const d = await drillDown.get(TENANT, 'S1');
      expect(d.session).toMatchObject({
        sessionId: 'S1',
        channel: 'web',
        customerId: 'c1',
        outcome: 'ai',
        durationSec: 300,
        rating: 5,
        messages: { user: 1, ai: 1, agent: 0 },
        orderQueries: 1,
        orderNotFound: 0,
      });
      expect(d.timeline.map((e) => e.name)).toEqual(['session.start', 'message.user', 'message.ai', 'order.query', 'session.end', 'session.rated']);
      await expect(drillDown.get(TENANT, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('DailyStatsAggregator.run: rolled-up yesterday (and its running totals) reads the same', async () => {
      const trend = await dashboard.getTrend(TENANT, 7);
      const today = await dashboard.getTodayStats(TENANT);
      expect(await aggregator.run(TENANT)).toContain(YESTERDAY);
      expect(await dashboard.getTrend(TENANT, 7)).toEqual(trend);
      expect(await dashboard.getTodayStats(TENANT)).toEqual(today);
    });

    it('RealtimeStats.updateAgentStatus: goes through the event path and shows at once', async () => {
      const row = await realtime.updateAgentStatus(TENANT, 'a1', 'busy');
      expect(row).toMatchObject({ agentId: 'a1', status: 'busy', since: NOW.toISOString(), inStatusMs: 0, onlineMs: 8.5 * H, busyMs: H });
      expect((await realtime.getOverview(TENANT)).agents).toEqual({ online: 0, busy: 1, away: 0, offline: 1 });
      await expect(realtime.updateAgentStatus(TENANT, 'a1', 'sleeping' as 'busy')).rejects.toMatchObject({ code: 'INVALID', field: 'status' });
    });
  });
}
