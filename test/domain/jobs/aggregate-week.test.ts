// aggregate-daily-stats over scripted weeks in America/New_York across the spring-forward of 2026-03-08 and the
// fall-back of 2026-11-01, with events just after and before each local midnight and a late event on the DST day:
// every rollup equals the counters from raw events (SQL and memory), the late day is recomputed once, reruns are idle.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryCountersSource } from '../../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { PostgresCountersSource } from '../../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { dayBounds, daysBetween } from '../../../domain/local-day.ts';
import type { Counters } from '../../../domain/stats/counters.ts';
import { metricsOf } from '../../../domain/stats/metrics.ts';
import { anEvent } from '../../support/builders.ts';
import { needServer, postgresFixture, type DatabaseFixture } from '../../support/databases.ts';
import { jobDeps, settleDirtyMarks } from './job-deps.ts';

const TENANT = 'ny';
const ZONE = 'America/New_York';

type Name = Parameters<typeof anEvent>[0];
const ev = (name: Name, sessionId: string, isoWithOffset: string, over: Partial<AnalyticsEvent> = {}) =>
  anEvent(name, { tenantId: TENANT, sessionId, occurredAt: new Date(isoWithOffset), ...over });

/** One day of the week, with its UTC offsets written by hand: at 00:00, at noon, and at 00:00 the next day. */
interface WeekDay {
  readonly day: string;
  readonly am: string;
  readonly pm: string;
  readonly next: string;
  readonly nextAm: string;
}

interface Scenario {
  readonly name: string;
  /**
   * The fixed clock: a Saturday noon after the week, when the week and its spill-over day are closed. The event
   * write marks dirty days by the database's clock (real time, past both weeks), so every day of the week is marked.
   */
  readonly now: string;
  readonly week: readonly WeekDay[];
  readonly dstDay: string;
  /** The DST day's bounds, by hand. */
  readonly dstBounds: { start: Date; end: Date };
  /** Two sessions on the DST day around the change (the second one abandoned). */
  readonly aroundTheChange: readonly [string, string];
  /** When the late session starts: the last seconds of the DST day. */
  readonly lateAt: string;
  /** Every day the first run writes: the dirty days (the week and the spill-over) and yesterday. */
  readonly days: readonly string[];
  /** By hand: dawn, noon and night each day, plus the two sessions around the change on the DST day. */
  readonly sessions: Readonly<Record<string, number>>;
  /** By hand: the bot's replies, dawn's and the previous night's just after midnight. */
  readonly aiReplies: Readonly<Record<string, number>>;
}

const spring: Scenario = {
  name: 'spring forward (2026-03-08, a 23-hour day)',
  now: '2026-03-14T16:00:00Z',
  week: [
    { day: '2026-03-05', am: '-05:00', pm: '-05:00', next: '2026-03-06', nextAm: '-05:00' },
    { day: '2026-03-06', am: '-05:00', pm: '-05:00', next: '2026-03-07', nextAm: '-05:00' },
    { day: '2026-03-07', am: '-05:00', pm: '-05:00', next: '2026-03-08', nextAm: '-05:00' },
    { day: '2026-03-08', am: '-05:00', pm: '-04:00', next: '2026-03-09', nextAm: '-04:00' }, // 02:00 EST -> 03:00 EDT
    { day: '2026-03-09', am: '-04:00', pm: '-04:00', next: '2026-03-10', nextAm: '-04:00' },
    { day: '2026-03-10', am: '-04:00', pm: '-04:00', next: '2026-03-11', nextAm: '-04:00' },
    { day: '2026-03-11', am: '-04:00', pm: '-04:00', next: '2026-03-12', nextAm: '-04:00' },
  ],
  dstDay: '2026-03-08',
  dstBounds: { start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') },
  aroundTheChange: ['2026-03-08T01:59:00-05:00', '2026-03-08T03:00:30-04:00'],
  lateAt: '2026-03-08T23:59:50-04:00', // 03:59:50 UTC on Monday
  days: daysBetween('2026-03-05', '2026-03-13'),
  sessions: {
    '2026-03-05': 3,
    '2026-03-06': 3,
    '2026-03-07': 3,
    '2026-03-08': 5,
    '2026-03-09': 3,
    '2026-03-10': 3,
    '2026-03-11': 3,
    '2026-03-12': 0,
    '2026-03-13': 0,
  },
  aiReplies: {
    '2026-03-05': 1,
    '2026-03-06': 2,
    '2026-03-07': 2,
    '2026-03-08': 2,
    '2026-03-09': 2,
    '2026-03-10': 2,
    '2026-03-11': 2,
    '2026-03-12': 1,
    '2026-03-13': 0,
  },
};

const fall: Scenario = {
  name: 'fall back (2026-11-01, a 25-hour day)',
  now: '2026-11-07T17:00:00Z',
  week: [
    { day: '2026-10-29', am: '-04:00', pm: '-04:00', next: '2026-10-30', nextAm: '-04:00' },
    { day: '2026-10-30', am: '-04:00', pm: '-04:00', next: '2026-10-31', nextAm: '-04:00' },
    { day: '2026-10-31', am: '-04:00', pm: '-04:00', next: '2026-11-01', nextAm: '-04:00' },
    { day: '2026-11-01', am: '-04:00', pm: '-05:00', next: '2026-11-02', nextAm: '-05:00' }, // 02:00 EDT -> 01:00 EST
    { day: '2026-11-02', am: '-05:00', pm: '-05:00', next: '2026-11-03', nextAm: '-05:00' },
    { day: '2026-11-03', am: '-05:00', pm: '-05:00', next: '2026-11-04', nextAm: '-05:00' },
    { day: '2026-11-04', am: '-05:00', pm: '-05:00', next: '2026-11-05', nextAm: '-05:00' },
  ],
  dstDay: '2026-11-01',
  dstBounds: { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') },
  aroundTheChange: ['2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00-05:00'], // 01:30 twice, an hour apart
  lateAt: '2026-11-01T23:59:50-05:00', // 04:59:50 UTC on Monday
  days: daysBetween('2026-10-29', '2026-11-06'),
  sessions: {
    '2026-10-29': 3,
    '2026-10-30': 3,
    '2026-10-31': 3,
    '2026-11-01': 5,
    '2026-11-02': 3,
    '2026-11-03': 3,
    '2026-11-04': 3,
    '2026-11-05': 0,
    '2026-11-06': 0,
  },
  aiReplies: {
    '2026-10-29': 1,
    '2026-10-30': 2,
    '2026-10-31': 2,
    '2026-11-01': 2,
    '2026-11-02': 2,
    '2026-11-03': 2,
    '2026-11-04': 2,
    '2026-11-05': 1,
    '2026-11-06': 0,
  },
};

/**
 * Each day: `dawn` (00:00:30, resolved by the bot), `noon` (app, transferred, an agent replies, rated 4) and
 * `night` (web, 23:59:00, the bot answers after midnight, ended the next day); on the DST day also one session
 * just before the change and one just after it, abandoned.
 */
function week(sc: Scenario): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  for (const { day, am, pm, next, nextAm } of sc.week) {
    const dawn = `${day}-dawn`;
    const noon = `${day}-noon`;
    const night = `${day}-night`;
    out.push(
      ev('session.start', dawn, `${day}T00:00:30${am}`, { channel: 'web' }),
      ev('message.user', dawn, `${day}T00:00:40${am}`),
      ev('message.ai', dawn, `${day}T00:00:45${am}`, { data: { responseTimeMs: 1000 } }),
      ev('session.end', dawn, `${day}T00:05:00${am}`, { data: { reason: 'resolved' } }),
      ev('session.start', noon, `${day}T12:00:00${pm}`, { channel: 'app' }),
      ev('message.user', noon, `${day}T12:00:10${pm}`),
      ev('session.transfer', noon, `${day}T12:01:00${pm}`),
      ev('message.agent', noon, `${day}T12:03:00${pm}`, { agentId: 'a1', data: { responseTimeMs: 2000 } }),
      ev('session.end', noon, `${day}T12:30:00${pm}`, { data: { reason: 'resolved' } }),
      ev('session.rated', noon, `${day}T12:31:00${pm}`, { data: { score: 4 } }),
      ev('session.start', night, `${day}T23:59:00${pm}`, { channel: 'web' }),
      ev('message.user', night, `${day}T23:59:30${pm}`),
      ev('message.ai', night, `${next}T00:00:10${nextAm}`, { data: { responseTimeMs: 3000 } }),
      ev('session.end', night, `${next}T00:02:00${nextAm}`, { data: { reason: 'resolved' } }),
    );
  }
  const [before, after] = sc.aroundTheChange.map((iso) => new Date(iso));
  const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
  out.push(
    anEvent('session.start', { tenantId: TENANT, sessionId: 'dst-before', occurredAt: before!, channel: 'web' }),
    anEvent('message.user', { tenantId: TENANT, sessionId: 'dst-before', occurredAt: plus(before!, 20) }),
    anEvent('session.start', { tenantId: TENANT, sessionId: 'dst-after', occurredAt: after!, channel: 'web' }),
    anEvent('message.user', { tenantId: TENANT, sessionId: 'dst-after', occurredAt: plus(after!, 10) }),
    anEvent('session.end', { tenantId: TENANT, sessionId: 'dst-after', occurredAt: plus(after!, 570), data: { reason: 'abandoned' } }),
  );
  return out;
}

describe.skipIf(!(await needServer('postgres')))('aggregate-daily-stats over a week with a DST change and a late event', () => {
  let fx: DatabaseFixture;
  beforeEach(async () => {
    fx = await postgresFixture();
  });
  afterEach(() => fx?.close());

  it.each([spring, fall])('$name: every local day rolled up as raw events count it, the late day once, reruns idle', async (sc) => {
    const { days: DAYS, dstDay } = sc;
    const deps = jobDeps(fx, sc.now);
    await deps.tenants.create({ tenantId: TENANT, timeZone: ZONE });
    const rollups = new PostgresDailyRollupStore({ db: fx.db });
    const sqlCounters = new PostgresCountersSource({ db: fx.db });
    const memory = new MemoryEventStore();
    const memoryCounters = new MemoryCountersSource(memory);
    const feed = async (events: AnalyticsEvent[]) => {
      expect((await deps.events.append(events)).stored).toHaveLength(events.length);
      await memory.append(events);
    };
    const fromRaw = async (day: string) => {
      const { start, end } = dayBounds(day, ZONE);
      const viaSql = (await sqlCounters.countersBetween(TENANT, ZONE, start, end))[day] ?? {};
      const viaMemory = (await memoryCounters.countersBetween(TENANT, ZONE, start, end))[day] ?? {};
      expect(viaSql, `${day}: SQL and memory counters`).toEqual(viaMemory);
      return viaSql;
    };
    const rolledUp = async () => {
      const got = await rollups.get(TENANT, DAYS);
      return Object.fromEntries(DAYS.map((d) => [d, got[d]]));
    };
    // Every rollup row with its write time to the microsecond: a rerun that writes nothing leaves them all as they were.
    const versions = async () =>
      (await sql<{ v: string }>`SELECT day::text || '@' || computed_at::text AS v FROM analytics_daily_stats ORDER BY day`.execute(fx.db)).rows.map(
        (r) => r.v,
      );
    const perDay = (all: Record<string, Counters | undefined>, pick: (c: Counters) => number) =>
      Object.fromEntries(Object.entries(all).map(([d, c]) => [d, c ? pick(c) : null]));

    expect(dayBounds(dstDay, ZONE)).toEqual(sc.dstBounds);

    await feed(week(sc));
    expect(await rollups.dirtyDays(TENANT)).toEqual(DAYS.slice(0, -1)); // the week and its spill-over day, not yesterday
    await settleDirtyMarks(fx);

    const first = await deps.jobs.run('aggregate-daily-stats');
    expect(first).toMatchObject({ status: 'done', summary: { days: DAYS.map((d) => `${TENANT}:${d}`) } });
    const week1 = await rolledUp();
    for (const day of DAYS) expect(week1[day], day).toEqual(await fromRaw(day));
    expect(await rollups.dirtyDays(TENANT)).toEqual([]);
    expect(perDay(week1, (c) => metricsOf(c).sessions)).toEqual(sc.sessions);
    expect(perDay(week1, (c) => metricsOf(c).messages.ai)).toEqual(sc.aiReplies);
    // The DST day by hand: dawn and the previous night by the bot, noon by the agent, dst-after abandoned.
    expect(metricsOf(week1[dstDay]!)).toMatchObject({ ended: 4, aiResolved: 2, agentHandled: 1, abandoned: 1, transferred: 1 });
    expect(metricsOf(week1[dstDay]!).messages.user).toBe(5);

    const before = await versions();
    expect(before).toHaveLength(DAYS.length);
    expect(await deps.jobs.run('aggregate-daily-stats')).toMatchObject({ status: 'done', summary: { daysWritten: 0 } });
    expect(await versions()).toEqual(before);

    await feed([ev('session.start', 'late', sc.lateAt, { channel: 'app' })]);
    expect(await rollups.dirtyDays(TENANT)).toEqual([dstDay]); // its local day, not the UTC one (Monday)
    expect((await rollups.get(TENANT, [dstDay]))[dstDay]).toBeUndefined(); // dirty: read from raw meanwhile
    await settleDirtyMarks(fx);

    // Yesterday is always redone; the late DST day is the only other day.
    const second = await deps.jobs.run('aggregate-daily-stats');
    expect(second).toMatchObject({ status: 'done', summary: { days: [`${TENANT}:${dstDay}`, `${TENANT}:${DAYS.at(-1)}`] } });
    const week2 = await rolledUp();
    for (const day of DAYS) expect(week2[day], day).toEqual(await fromRaw(day));
    expect(perDay(week2, (c) => metricsOf(c).sessions)).toEqual({ ...sc.sessions, [dstDay]: 6 });
    expect(week2[dstDay]).not.toEqual(week1[dstDay]);
    for (const day of DAYS.filter((d) => d !== dstDay)) expect(week2[day], day).toEqual(week1[day]);
    expect(await rollups.dirtyDays(TENANT)).toEqual([]);

    const settled = await versions();
    expect(await deps.jobs.run('aggregate-daily-stats')).toMatchObject({ status: 'done', summary: { daysWritten: 0 } });
    expect(await versions()).toEqual(settled);
  });
});
