// aggregate-daily-stats over a scripted week in America/New_York across the spring-forward of 2026-03-08, with
// events just after and just before each local midnight and a late event on the short day: every rollup equals the
// counters computed from raw events (SQL and memory), the late day is recomputed once, and a rerun writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryCountersSource } from '../../adapters/memory/memory-counters-source.ts';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { runJob } from '../../adapters/postgres/jobs/run-job.ts';
import { PostgresCountersSource } from '../../adapters/postgres/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../adapters/postgres/postgres-daily-rollup-store.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { dayBounds, daysBetween } from '../../domain/local-day.ts';
import type { Counters } from '../../domain/stats/counters.ts';
import { metricsOf } from '../../domain/stats/metrics.ts';
import { anEvent } from '../support/builders.ts';
import { needServer, postgresFixture, type DatabaseFixture } from '../support/databases.ts';
import { jobDeps } from './job-deps.ts';

const TENANT = 'ny';
const ZONE = 'America/New_York';
/** Saturday 2026-03-14, 12:00 EDT: the week below is closed, its last day's spill (03-12) too. */
const NOW = '2026-03-14T16:00:00Z';

/** Offsets written by hand: EST (-05:00) until Sunday 2026-03-08 02:00, EDT (-04:00) from then on. */
const WEEK = [
  { day: '2026-03-05', am: '-05:00', pm: '-05:00', next: '2026-03-06', nextAm: '-05:00' },
  { day: '2026-03-06', am: '-05:00', pm: '-05:00', next: '2026-03-07', nextAm: '-05:00' },
  { day: '2026-03-07', am: '-05:00', pm: '-05:00', next: '2026-03-08', nextAm: '-05:00' },
  { day: '2026-03-08', am: '-05:00', pm: '-04:00', next: '2026-03-09', nextAm: '-04:00' }, // 23 hours long
  { day: '2026-03-09', am: '-04:00', pm: '-04:00', next: '2026-03-10', nextAm: '-04:00' },
  { day: '2026-03-10', am: '-04:00', pm: '-04:00', next: '2026-03-11', nextAm: '-04:00' },
  { day: '2026-03-11', am: '-04:00', pm: '-04:00', next: '2026-03-12', nextAm: '-04:00' },
] as const;

type Name = Parameters<typeof anEvent>[0];
const ev = (name: Name, sessionId: string, isoWithOffset: string, over: Partial<AnalyticsEvent> = {}) =>
  anEvent(name, { tenantId: TENANT, sessionId, occurredAt: new Date(isoWithOffset), ...over });

/**
 * Each day: `dawn` (00:00:30, resolved by the bot), `noon` (app, transferred, an agent replies, rated 4) and
 * `night` (web, 23:59:00, the bot answers after midnight, ended the next day). Sunday 03-08 also has one session
 * just before the clocks jump (01:59 EST) and one just after (03:00:30 EDT) that is abandoned.
 */
function week(): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  for (const { day, am, pm, next, nextAm } of WEEK) {
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
  out.push(
    ev('session.start', 'dst-before', '2026-03-08T01:59:00-05:00', { channel: 'web' }),
    ev('message.user', 'dst-before', '2026-03-08T01:59:20-05:00'),
    ev('session.start', 'dst-after', '2026-03-08T03:00:30-04:00', { channel: 'web' }),
    ev('message.user', 'dst-after', '2026-03-08T03:00:40-04:00'),
    ev('session.end', 'dst-after', '2026-03-08T03:10:00-04:00', { data: { reason: 'abandoned' } }),
  );
  return out;
}

/** Arrives after the first aggregation: a session in the last seconds of the short Sunday (03:59:50 UTC Monday). */
const lateEvent = () => ev('session.start', 'late', '2026-03-08T23:59:50-04:00', { channel: 'app' });

const DAYS = daysBetween('2026-03-05', '2026-03-13');

describe.skipIf(!(await needServer('postgres')))('aggregate-daily-stats over a week with a DST change and a late event', () => {
  let fx: DatabaseFixture;
  beforeEach(async () => {
    fx = await postgresFixture();
  });
  afterEach(() => fx?.close());

  it('rolls up every local day as the raw events count it, recomputes the late day once, and reruns idle', async () => {
    const deps = jobDeps(fx, NOW);
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
    const versions = async () =>
      (await fx.db.selectFrom('analytics_daily_stats').select(['day', 'computed_at']).orderBy('day').execute()).map((r) => `${String(r.day)}@${String(r.computed_at)}`);
    const perDay = (all: Record<string, Counters | undefined>, pick: (c: Counters) => number) =>
      Object.fromEntries(Object.entries(all).map(([d, c]) => [d, c ? pick(c) : null]));

    // The short day, by hand: 05:00 UTC to 04:00 UTC the next day.
    expect(dayBounds('2026-03-08', ZONE)).toEqual({ start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') });

    await feed(week());
    expect(await rollups.dirtyDays(TENANT)).toEqual(daysBetween('2026-03-05', '2026-03-12'));

    const first = await runJob('aggregate-daily-stats', deps);
    expect(first).toMatchObject({ status: 'done', summary: { days: DAYS.map((d) => `${TENANT}:${d}`) } });
    const week1 = await rolledUp();
    for (const day of DAYS) expect(week1[day], day).toEqual(await fromRaw(day));
    expect(await rollups.dirtyDays(TENANT)).toEqual([]);
    // By hand: dawn, noon and night each day, plus the two sessions around the jump on Sunday; nothing after 03-11.
    const sessions = { '2026-03-05': 3, '2026-03-06': 3, '2026-03-07': 3, '2026-03-08': 5, '2026-03-09': 3, '2026-03-10': 3, '2026-03-11': 3, '2026-03-12': 0, '2026-03-13': 0 };
    expect(perDay(week1, (c) => metricsOf(c).sessions)).toEqual(sessions);
    // The bot's replies: dawn's, and the previous night's just after midnight (none before 03-05, none after 03-12).
    const aiReplies = { '2026-03-05': 1, '2026-03-06': 2, '2026-03-07': 2, '2026-03-08': 2, '2026-03-09': 2, '2026-03-10': 2, '2026-03-11': 2, '2026-03-12': 1, '2026-03-13': 0 };
    expect(perDay(week1, (c) => metricsOf(c).messages.ai)).toEqual(aiReplies);
    expect(metricsOf(week1['2026-03-08']!)).toMatchObject({ ended: 4, aiResolved: 2, agentHandled: 1, abandoned: 1, transferred: 1 });
    expect(metricsOf(week1['2026-03-08']!).messages.user).toBe(5);

    const before = await versions();
    expect(await runJob('aggregate-daily-stats', deps)).toMatchObject({ status: 'done', summary: { daysWritten: 0 } });
    expect(await versions()).toEqual(before);

    await feed([lateEvent()]);
    expect(await rollups.dirtyDays(TENANT)).toEqual(['2026-03-08']);
    expect((await rollups.get(TENANT, ['2026-03-08']))['2026-03-08']).toBeUndefined(); // dirty: read from raw meanwhile

    // Yesterday (03-13) is always redone; the late Sunday is the only other day.
    const second = await runJob('aggregate-daily-stats', deps);
    expect(second).toMatchObject({ status: 'done', summary: { days: [`${TENANT}:2026-03-08`, `${TENANT}:2026-03-13`] } });
    const week2 = await rolledUp();
    for (const day of DAYS) expect(week2[day], day).toEqual(await fromRaw(day));
    expect(perDay(week2, (c) => metricsOf(c).sessions)).toEqual({ ...sessions, '2026-03-08': 6 });
    expect(week2['2026-03-08']).not.toEqual(week1['2026-03-08']);
    for (const day of DAYS.filter((d) => d !== '2026-03-08')) expect(week2[day], day).toEqual(week1[day]);
    expect(await rollups.dirtyDays(TENANT)).toEqual([]);

    const settled = await versions();
    expect(await runJob('aggregate-daily-stats', deps)).toMatchObject({ status: 'done', summary: { daysWritten: 0 } });
    expect(await versions()).toEqual(settled);
  });
});
