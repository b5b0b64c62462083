// The stats read ports' contract (CountersSource, SessionQuery, DailyRollupStore) on memory, PGlite and PostgreSQL:
// six scripted sessions of a New York tenant around the spring-forward change of 2026-03-08, with the counters and
// session lists they must give written out by hand below.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { MemorySessionQuery } from '../../adapters/memory/sessions/memory-session-query.ts';
import { MemoryCountersSource } from '../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../adapters/memory/stats/memory-daily-rollup-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresSessionQuery } from '../../adapters/postgres/sessions/postgres-session-query.ts';
import { PostgresCountersSource } from '../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import type { SessionFacts } from '../../domain/sessions/session-facts.ts';
import type { SessionCriteria, SessionQuery } from '../../domain/sessions/session-query.ts';
import type { CountersSource } from '../../domain/stats/counters-source.ts';
import type { DailyRollupStore } from '../../domain/stats/daily-rollup-store.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface StatsPortsFixture {
  readonly events: EventStore;
  readonly counters: CountersSource;
  readonly sessions: SessionQuery;
  readonly rollups: DailyRollupStore;
  /** Marks a day dirty at `at`, as the event write does for a late event. */
  markDirty(tenantId: string, day: string, at: Date): Promise<void>;
}

const adapters: PortAdapters<StatsPortsFixture> = {
  memory: () => {
    const events = new MemoryEventStore();
    const rollups = new MemoryDailyRollupStore();
    return {
      events,
      counters: new MemoryCountersSource(events),
      sessions: new MemorySessionQuery(events),
      rollups,
      markDirty: async (t, day, at) => rollups.markDirty(t, day, at),
    };
  },
  sql: ({ db }) => ({
    events: new PostgresEventStore({ db }),
    counters: new PostgresCountersSource({ db }),
    sessions: new PostgresSessionQuery({ db }),
    rollups: new PostgresDailyRollupStore({ db }),
    markDirty: async (t, day, at) => {
      await sql`INSERT INTO analytics_dirty_days (tenant_id, day, marked_at) VALUES (${t}, ${day}::date, ${at})`.execute(db);
    },
  }),
};

const at = (iso: string) => new Date(iso);
const T = 'st';
const NY = 'America/New_York';

/** New York's local days around the change: 03-08 has 23 hours (EST until 07:00Z, EDT after). */
const NY_DAY = {
  '2026-03-07': { from: at('2026-03-07T05:00:00Z'), to: at('2026-03-08T05:00:00Z') },
  '2026-03-08': { from: at('2026-03-08T05:00:00Z'), to: at('2026-03-09T04:00:00Z') },
  '2026-03-09': { from: at('2026-03-09T04:00:00Z'), to: at('2026-03-10T04:00:00Z') },
};

const ev = (name: EventName, iso: string, sessionId: string, over: Partial<AnalyticsEvent> = {}) =>
  anEvent(name, { tenantId: T, sessionId, occurredAt: at(iso), channel: null, agentId: null, data: {}, ...over });

// Each session with its New York days; times are UTC.
const A = [
  // web, all on 03-07: the bot resolves it (an order found), rated 5
  ev('session.start', '2026-03-07T15:00:00Z', 'A', { channel: 'web' }),
  ev('message.user', '2026-03-07T15:00:10Z', 'A'),
  ev('message.ai', '2026-03-07T15:00:12Z', 'A', { data: { responseTimeMs: 1200 } }),
  ev('order.query', '2026-03-07T15:01:00Z', 'A', { data: { found: true } }),
  ev('session.end', '2026-03-07T15:05:00Z', 'A', { data: { reason: 'resolved' } }),
  ev('session.rated', '2026-03-07T15:06:00Z', 'A', { data: { score: 5 } }),
];
const B = [
  // app: starts and is transferred late on 03-07 (23:30, 23:40 EST); agent a2 replies, it ends and is rated on 03-08
  ev('session.start', '2026-03-08T04:30:00Z', 'B', { channel: 'app', data: { customerId: 'c2' } }),
  ev('message.user', '2026-03-08T04:31:00Z', 'B'),
  ev('session.transfer', '2026-03-08T04:40:00Z', 'B', { data: { toAgentId: 'a1' } }),
  ev('message.agent', '2026-03-08T05:10:00Z', 'B', { agentId: 'a2', data: { responseTimeMs: 30_000 } }),
  ev('session.end', '2026-03-08T05:20:00Z', 'B', { data: { reason: 'resolved' } }),
  ev('session.rated', '2026-03-08T05:21:00Z', 'B', { data: { score: 4 } }),
];
const C = [
  // no channel, 03-08 (EDT): the bot answers, a tracking look-up fails, it ends after 30 minutes
  ev('session.start', '2026-03-08T14:00:00Z', 'C'),
  ev('message.user', '2026-03-08T14:00:05Z', 'C'),
  ev('message.ai', '2026-03-08T14:00:06Z', 'C', { data: { responseTimeMs: 800 } }),
  ev('tracking.query', '2026-03-08T14:01:00Z', 'C', { data: { found: false } }),
  ev('session.end', '2026-03-08T14:30:00Z', 'C', { data: { reason: 'resolved' } }),
];
const D = [
  // web, 23:30 EDT on 03-08: nobody answers, abandoned after 5 minutes
  ev('session.start', '2026-03-09T03:30:00Z', 'D', { channel: 'web' }),
  ev('message.user', '2026-03-09T03:31:00Z', 'D'),
  ev('session.end', '2026-03-09T03:35:00Z', 'D', { data: { reason: 'abandoned' } }),
];
const E = [
  // whatsapp, 00:30 EDT on 03-09 (an hour that EST would put on 03-08): transferred, waiting still
  ev('session.start', '2026-03-09T04:30:00Z', 'E', { channel: 'whatsapp' }),
  ev('message.user', '2026-03-09T04:30:30Z', 'E'),
  ev('session.transfer', '2026-03-09T04:31:00Z', 'E'),
];
const F = [
  // web, 03-09: a bot reply of 2,345 ms (bucket 2,350: three significant digits, half up), still open
  ev('session.start', '2026-03-09T14:00:00Z', 'F', { channel: 'web' }),
  ev('message.ai', '2026-03-09T14:00:02Z', 'F', { data: { responseTimeMs: 2345 } }),
];

/** The script in two batches: the second brings B's reply and rating and D's end late, and replays two events. */
async function seed(fx: StatsPortsFixture): Promise<void> {
  const late = [B[3]!, B[5]!, D[2]!];
  await fx.events.append([...A, ...B, ...C, ...D, ...E, ...F].filter((e) => !late.includes(e)));
  await fx.events.append([...late, A[1]!, C[2]!]);
}

/** What each New York day counts, by hand (durations and waits in ms: 5 min = 300,000). */
const NY_COUNTERS = {
  '2026-03-07': {
    sessions: 2,
    'sessions|web': 1,
    'sessions|app': 1, // A, B (23:30 EST)
    transferred: 1, // B
    ended: 1,
    'ended.ai': 1,
    'h.durationMs:300000': 1,
    's.durationMs': 300_000,
    'n.durationMs': 1, // A
    'rating.5': 1,
    'messages.user': 2,
    'messages.ai': 1,
    'h.aiResponseMs:1200': 1,
    's.aiResponseMs': 1200,
    'n.aiResponseMs': 1,
    orders: 1,
    'orders.found': 1,
  },
  '2026-03-08': {
    sessions: 2,
    'sessions|unknown': 1,
    'sessions|web': 1, // C, D
    ended: 3,
    'ended.agent': 1,
    'ended.ai': 1,
    'ended.abandoned': 1,
    'agent.handled|a2': 1, // B, C, D
    'h.durationMs:3000000': 1,
    'h.durationMs:1800000': 1,
    'h.durationMs:300000': 1,
    's.durationMs': 5_100_000,
    'n.durationMs': 3,
    'h.agentFirstResponseMs:1800000': 1,
    's.agentFirstResponseMs': 1_800_000,
    'n.agentFirstResponseMs': 1, // B: 04:40 to 05:10
    'rating.4': 1,
    'messages.agent': 1,
    'agent.replies|a2': 1,
    'h.agentReplyMs:30000': 1,
    's.agentReplyMs': 30_000,
    'n.agentReplyMs': 1,
    'agent.replyMs.sum|a2': 30_000,
    'agent.replyMs.n|a2': 1,
    'messages.user': 2,
    'messages.ai': 1,
    'h.aiResponseMs:800': 1,
    's.aiResponseMs': 800,
    'n.aiResponseMs': 1, // C, D
    tracking: 1,
  },
  '2026-03-09': {
    sessions: 2,
    'sessions|whatsapp': 1,
    'sessions|web': 1, // E, F
    transferred: 1, // E
    'messages.user': 1,
    'messages.ai': 1,
    'h.aiResponseMs:2350': 1,
    's.aiResponseMs': 2345,
    'n.aiResponseMs': 1,
  },
}; // prettier-ignore

/** B as every store must give it back. */
const FACTS_B: SessionFacts = {
  tenantId: T,
  sessionId: 'B',
  channel: 'app',
  customerId: 'c2',
  startedAt: at('2026-03-08T04:30:00Z'),
  endedAt: at('2026-03-08T05:20:00Z'),
  endReason: 'resolved',
  firstEventAt: at('2026-03-08T04:30:00Z'),
  lastEventAt: at('2026-03-08T05:21:00Z'),
  firstTransferAt: at('2026-03-08T04:40:00Z'),
  lastTransferAt: at('2026-03-08T04:40:00Z'),
  firstAgentReplyAt: at('2026-03-08T05:10:00Z'),
  lastAgentReplyAt: at('2026-03-08T05:10:00Z'),
  agentId: 'a2', // the last to reply, not a1 it was transferred to
  userMessages: 1,
  aiMessages: 0,
  agentMessages: 1,
  rating: 4,
  ratedAt: at('2026-03-08T05:21:00Z'),
  orderQueries: 0,
  orderNotFound: 0,
  trackingQueries: 0,
  trackingNotFound: 0,
};

const onDay = (day: keyof typeof NY_DAY) => ({ ...NY_DAY[day], activeSince: null });
const all = { offset: 0, limit: 20 };

/** The ids `list` gives, with its total. */
async function listed(fx: StatsPortsFixture, criteria: SessionCriteria, page = all) {
  const { total, items } = await fx.sessions.list(T, criteria, page);
  return { total, ids: items.map((s) => s.sessionId) };
}

await portContract<StatsPortsFixture>('stats ports', adapters, (it) => {
  it('CountersSource: whole local days across the DST change, each contribution on its own local day', async ({ fx }) => {
    await seed(fx);
    for (const [day, { from, to }] of Object.entries(NY_DAY)) {
      expect({ day, counters: await fx.counters.countersBetween(T, NY, from, to) }).toEqual({
        day,
        counters: { [day]: NY_COUNTERS[day as keyof typeof NY_COUNTERS] },
      });
    }
    expect(await fx.counters.countersBetween(T, NY, NY_DAY['2026-03-07'].from, NY_DAY['2026-03-09'].to)).toEqual(NY_COUNTERS);
    expect(await fx.counters.countersBetween('other', NY, NY_DAY['2026-03-07'].from, NY_DAY['2026-03-09'].to)).toEqual({});
  });

  it('CountersSource: a partial window holds only what happened in it; another zone cuts the days elsewhere', async ({ fx }) => {
    await seed(fx);
    // From New York's midnight of 03-08 to just before C's bot reply: B's end, first reply, rating and agent message,
    // C's start and first message.
    expect(await fx.counters.countersBetween(T, NY, at('2026-03-08T05:00:00Z'), at('2026-03-08T14:00:06Z'))).toEqual({
      '2026-03-08': {
        sessions: 1,
        'sessions|unknown': 1,
        ended: 1,
        'ended.agent': 1,
        'agent.handled|a2': 1,
        'h.durationMs:3000000': 1,
        's.durationMs': 3_000_000,
        'n.durationMs': 1,
        'h.agentFirstResponseMs:1800000': 1,
        's.agentFirstResponseMs': 1_800_000,
        'n.agentFirstResponseMs': 1,
        'rating.4': 1,
        'messages.agent': 1,
        'agent.replies|a2': 1,
        'h.agentReplyMs:30000': 1,
        's.agentReplyMs': 30_000,
        'n.agentReplyMs': 1,
        'agent.replyMs.sum|a2': 30_000,
        'agent.replyMs.n|a2': 1,
        'messages.user': 1,
      },
    }); // prettier-ignore
    // In UTC, B belongs wholly to 03-08 and D to 03-09.
    expect(await fx.counters.countersBetween(T, 'UTC', at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toEqual({
      '2026-03-07': {
        sessions: 1,
        'sessions|web': 1,
        ended: 1,
        'ended.ai': 1,
        'h.durationMs:300000': 1,
        's.durationMs': 300_000,
        'n.durationMs': 1,
        'rating.5': 1,
        'messages.user': 1,
        'messages.ai': 1,
        'h.aiResponseMs:1200': 1,
        's.aiResponseMs': 1200,
        'n.aiResponseMs': 1,
        orders: 1,
        'orders.found': 1,
      },
      '2026-03-08': {
        sessions: 2,
        'sessions|app': 1,
        'sessions|unknown': 1,
        transferred: 1,
        ended: 2,
        'ended.agent': 1,
        'ended.ai': 1,
        'agent.handled|a2': 1,
        'h.durationMs:3000000': 1,
        'h.durationMs:1800000': 1,
        's.durationMs': 4_800_000,
        'n.durationMs': 2,
        'h.agentFirstResponseMs:1800000': 1,
        's.agentFirstResponseMs': 1_800_000,
        'n.agentFirstResponseMs': 1,
        'rating.4': 1,
        'messages.agent': 1,
        'agent.replies|a2': 1,
        'h.agentReplyMs:30000': 1,
        's.agentReplyMs': 30_000,
        'n.agentReplyMs': 1,
        'agent.replyMs.sum|a2': 30_000,
        'agent.replyMs.n|a2': 1,
        'messages.user': 2,
        'messages.ai': 1,
        'h.aiResponseMs:800': 1,
        's.aiResponseMs': 800,
        'n.aiResponseMs': 1,
        tracking: 1,
      },
      '2026-03-09': {
        sessions: 3,
        'sessions|web': 2,
        'sessions|whatsapp': 1,
        transferred: 1,
        ended: 1,
        'ended.abandoned': 1,
        'h.durationMs:300000': 1,
        's.durationMs': 300_000,
        'n.durationMs': 1,
        'messages.user': 2,
        'messages.ai': 1,
        'h.aiResponseMs:2350': 1,
        's.aiResponseMs': 2345,
        'n.aiResponseMs': 1,
      },
    }); // prettier-ignore
  });

  it('SessionQuery: each day cohort lists the sessions its counter counts, newest cohort instant first', async ({ fx }) => {
    await seed(fx);
    expect(await listed(fx, { cohort: 'started', ...onDay('2026-03-07') })).toEqual({ total: 2, ids: ['B', 'A'] });
    expect(await listed(fx, { cohort: 'started', ...onDay('2026-03-08') })).toEqual({ total: 2, ids: ['D', 'C'] });
    expect(await listed(fx, { cohort: 'started', ...onDay('2026-03-09') })).toEqual({ total: 2, ids: ['F', 'E'] });
    expect(await listed(fx, { cohort: 'transferred', ...onDay('2026-03-07') })).toEqual({ total: 1, ids: ['B'] });
    expect(await listed(fx, { cohort: 'transferred', ...onDay('2026-03-08') })).toEqual({ total: 0, ids: [] });
    expect(await listed(fx, { cohort: 'ended', ...onDay('2026-03-08') })).toEqual({ total: 3, ids: ['D', 'C', 'B'] });
    expect(await listed(fx, { cohort: 'firstAgentReply', ...onDay('2026-03-08') })).toEqual({ total: 1, ids: ['B'] });
    expect(await listed(fx, { cohort: 'rated', ...onDay('2026-03-07') })).toEqual({ total: 1, ids: ['A'] });
    expect(await listed(fx, { cohort: 'rated', ...onDay('2026-03-08') })).toEqual({ total: 1, ids: ['B'] });
  });

  it('SessionQuery: filters narrow a cohort (outcome, channel, agent, transferred, rated, score), and a page of it', async ({ fx }) => {
    await seed(fx);
    const ended = { cohort: 'ended', ...onDay('2026-03-08') } as const;
    const started = { cohort: 'started', ...onDay('2026-03-08') } as const;
    expect(await listed(fx, { ...ended, outcome: ['ai'] })).toEqual({ total: 1, ids: ['C'] });
    expect(await listed(fx, { ...ended, outcome: ['agent'], agentId: ['a2'] })).toEqual({ total: 1, ids: ['B'] });
    expect(await listed(fx, { ...ended, outcome: ['agent'], agentId: ['a1'] })).toEqual({ total: 0, ids: [] });
    expect(await listed(fx, { ...ended, outcome: ['abandoned', 'agent'], rated: true })).toEqual({ total: 1, ids: ['B'] });
    expect(await listed(fx, { ...started, channel: ['unknown'] })).toEqual({ total: 1, ids: ['C'] });
    expect(await listed(fx, { ...started, channel: ['web', 'app'] })).toEqual({ total: 1, ids: ['D'] });
    expect(await listed(fx, { ...started, transferred: false, rated: false })).toEqual({ total: 2, ids: ['D', 'C'] });
    expect(await listed(fx, { cohort: 'rated', ...onDay('2026-03-08'), score: [4, 5] })).toEqual({ total: 1, ids: ['B'] });
    expect(await listed(fx, { cohort: 'rated', ...onDay('2026-03-08'), score: [5] })).toEqual({ total: 0, ids: [] });
    expect(await listed(fx, ended, { offset: 1, limit: 1 })).toEqual({ total: 3, ids: ['C'] });
    expect((await fx.sessions.list(T, { ...ended, outcome: ['agent'] }, all)).items).toEqual([FACTS_B]);
  });

  it('SessionQuery: active and queued are states now, whatever the day', async ({ fx }) => {
    await seed(fx);
    const now = { from: null, to: null };
    expect(await listed(fx, { cohort: 'active', ...now, activeSince: null })).toEqual({ total: 2, ids: ['F', 'E'] });
    expect(await listed(fx, { cohort: 'active', ...now, activeSince: at('2026-03-09T10:00:00Z') })).toEqual({ total: 1, ids: ['F'] });
    expect(await listed(fx, { cohort: 'queued', ...now, activeSince: null })).toEqual({ total: 1, ids: ['E'] });
    expect(await listed(fx, { cohort: 'queued', ...onDay('2026-03-07') })).toEqual({ total: 1, ids: ['E'] });
  });

  it('SessionQuery.get: the facts of one session, null for an unknown one', async ({ fx }) => {
    await seed(fx);
    expect(await fx.sessions.get(T, 'B')).toEqual(FACTS_B);
    expect(await fx.sessions.get(T, 'nope')).toBeNull();
    expect(await fx.sessions.get('other', 'B')).toBeNull();
  });

  it('DailyRollupStore: keeps a day, hides it while dirty, and clears marks set before the computation only', async ({ fx }) => {
    expect(await fx.rollups.get('ru', ['2026-03-01'])).toEqual({});
    const t0 = new Date(Date.now() - 60_000);
    await fx.rollups.put('ru', '2026-03-01', { sessions: 3, 'sessions|web': 3 }, t0);
    await fx.rollups.put('ru', '2026-03-02', { sessions: 1 }, t0);
    expect(await fx.rollups.get('ru', ['2026-03-01', '2026-03-02', '2026-03-03'])).toEqual({
      '2026-03-01': { sessions: 3, 'sessions|web': 3 },
      '2026-03-02': { sessions: 1 },
    });
    await fx.markDirty('ru', '2026-03-01', new Date(Date.now() - 30_000));
    expect(await fx.rollups.dirtyDays('ru')).toEqual(['2026-03-01']);
    expect(await fx.rollups.get('ru', ['2026-03-01', '2026-03-02'])).toEqual({ '2026-03-02': { sessions: 1 } });
    await fx.rollups.put('ru', '2026-03-01', { sessions: 4 }, t0); // computed from before the mark: stays dirty
    expect(await fx.rollups.dirtyDays('ru')).toEqual(['2026-03-01']);
    await fx.rollups.put('ru', '2026-03-01', { sessions: 4 }, new Date());
    expect(await fx.rollups.dirtyDays('ru')).toEqual([]);
    expect(await fx.rollups.get('ru', ['2026-03-01'])).toEqual({ '2026-03-01': { sessions: 4 } });
    expect(await fx.rollups.get('other', ['2026-03-01'])).toEqual({});
  });

  it('DailyRollupStore: keeps running totals of a day, replaced by the next put, hidden while dirty', async ({ fx }) => {
    const t0 = new Date(Date.now() - 60_000);
    await fx.rollups.put('rh', '2026-03-01', { sessions: 3 }, t0, [{ sessions: 1 }, { sessions: 2 }]);
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toEqual({ sessions: 1 });
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 2)).toEqual({ sessions: 2 });
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 3)).toBeNull();
    await fx.rollups.put('rh', '2026-03-01', { sessions: 4 }, t0, [{ sessions: 2 }]);
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toEqual({ sessions: 2 });
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 2)).toBeNull();
    expect(await fx.rollups.get('rh', ['2026-03-01'])).toEqual({ '2026-03-01': { sessions: 4 } });
    await fx.markDirty('rh', '2026-03-01', new Date());
    expect(await fx.rollups.getRunningTotal('rh', '2026-03-01', 1)).toBeNull();
    expect(await fx.rollups.getRunningTotal('other', '2026-03-01', 1)).toBeNull();
  });
});
