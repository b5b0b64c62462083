// bench/queries: p50/p95 of every stats read over a large generated dataset on PostgreSQL, beside the same figures
// computed by a naive SQL aggregate over raw events in the same run.
//   npx tsx bench/queries/run.ts [--events 10000000] [--days 90] [--runs 40] [--at 16:00] [--fresh]
// The dataset ends at a fixed local time of the day it is generated (--at, Asia/Shanghai, default 16:00: late in a
// business day, when "today so far" holds most of a day), so runs at any hour measure the same thing: the naive
// aggregates over today's raw events grow with the hour, the reads from counters hardly do.
// Uses BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in its own schema
// `bench_q_<events>`, kept between runs (regenerated when older than 6 hours or with --fresh); Redis (TEST_REDIS_URL)
// holds the live state when reachable, else memory.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { openDatabase } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { PostgresCountersSource } from '../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresSessionQuery } from '../../adapters/postgres/sessions/postgres-session-query.ts';
import { PostgresSessionUsage } from '../../adapters/postgres/sessions/postgres-session-usage.ts';
import { PostgresAuditStore } from '../../adapters/postgres/quality/postgres-audit-store.ts';
import { sessionRowToFacts } from '../../adapters/postgres/sessions/session-row.ts';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import { FixedClock } from '../../domain/clock.ts';
import { addDays, dayBounds, localDay, msSinceLocalMidnight, sameLocalTime } from '../../domain/local-day.ts';
import { RealtimeProjector } from '../../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../../domain/realtime/realtime-stats.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import { SessionDrillDown } from '../../domain/sessions/session-drill-down.ts';
import { DailyStatsAggregator } from '../../domain/stats/daily-stats-aggregator.ts';
import { DashboardStats } from '../../domain/stats/dashboard-stats.ts';
import { generateEvents } from './generate.ts';
import { naiveFigures, naiveLive, naiveSatisfaction, naiveSessionGet, naiveSessionList } from './naive.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '40' },
    fresh: { type: 'boolean', default: false },
    'naive-timeout': { type: 'string', default: '120' },
    at: { type: 'string', default: '16:00' },
  },
});
const EVENTS = Number(args.events);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const NAIVE_TIMEOUT_MS = Number(args['naive-timeout']) * 1000;
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TENANT = 'bench';
const ZONE = 'Asia/Shanghai';
const schema = `bench_q_${EVENTS}`;

async function admin(text: string): Promise<pg.QueryResultRow[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

const log = (...a: unknown[]) => console.log(...a);
const ms = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// ---- dataset ----
await admin(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
const handle = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 4, statementTimeoutMs: 3_600_000 });
const db = handle.db;
await migrateToLatest(db);
// The naive aggregates run on their own connections, cancelled by PostgreSQL past --naive-timeout seconds.
const naiveHandle = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 2, statementTimeoutMs: NAIVE_TIMEOUT_MS });
const naiveDb = naiveHandle.db;
await sql`CREATE TABLE IF NOT EXISTS bench_meta (generated_at timestamptz NOT NULL, events bigint NOT NULL)`.execute(db);
await sql`ALTER TABLE bench_meta ADD COLUMN IF NOT EXISTS made_at timestamptz NOT NULL DEFAULT now()`.execute(db);
const meta = (await sql<{ generated_at: Date; events: number; made_at: Date }>`SELECT * FROM bench_meta`.execute(db)).rows[0];
const [hh, mm] = args.at.split(':').map(Number) as [number, number];
if (!(hh >= 0 && hh < 24 && mm >= 0 && mm < 60)) throw new Error(`--at: want HH:MM, got ${args.at}`);
const wantedNow = new Date(dayBounds(localDay(new Date(), ZONE), ZONE).start.getTime() + (hh * 60 + mm) * 60_000);
let now = meta?.generated_at ?? new Date();
const counters = new PostgresCountersSource({ db });
const rollups = new PostgresDailyRollupStore({ db });
const clock = new FixedClock(now);
const zoneOf = () => ZONE;

const atOther = meta && msSinceLocalMidnight(meta.generated_at, ZONE) !== (hh * 60 + mm) * 60_000;
if (args.fresh || !meta || atOther || Date.now() - meta.made_at.getTime() > 6 * 3_600_000) {
  now = wantedNow;
  clock.set(now);
  log(`generating ~${EVENTS.toLocaleString('en')} events over ${DAYS} days in schema ${schema} ...`);
  for (const t of ['analytics_daily_stats', 'analytics_dirty_days', 'analytics_sessions', 'analytics_events', 'bench_meta']) {
    await sql`TRUNCATE ${sql.table(t)}`.execute(db);
  }
  let t0 = performance.now();
  await generateEvents(db, { tenantId: TENANT, events: EVENTS, days: DAYS, now });
  log(`  events and session facts: ${ms(t0)}`);
  t0 = performance.now();
  const today = localDay(now, ZONE);
  const closed: string[] = [];
  for (let d = addDays(today, -2 * DAYS); d < today; d = addDays(d, 1)) closed.push(d);
  await new DailyStatsAggregator({ counters, rollups, clock, zoneOf }).run(TENANT, closed);
  log(`  daily rollups of ${closed.length} closed days: ${ms(t0)}`);
  await sql`INSERT INTO bench_meta VALUES (${now}, ${EVENTS})`.execute(db);
} else {
  log(`reusing the dataset of ${now.toISOString()} in schema ${schema}`);
  const today = localDay(now, ZONE);
  await new DailyStatsAggregator({ counters, rollups, clock, zoneOf }).run(TENANT, [addDays(today, -2)]); // running totals
}
const [{ n: eventCount }] = (await sql<{ n: number }>`SELECT count(*) AS n FROM analytics_events`.execute(db)).rows as [{ n: number }];
const [{ n: sessionCount }] = (await sql<{ n: number }>`SELECT count(*) AS n FROM analytics_sessions`.execute(db)).rows as [{ n: number }];
log(`dataset: ${eventCount.toLocaleString('en')} events, ${sessionCount.toLocaleString('en')} sessions, now = ${now.toISOString()} (${ZONE})`);

// ---- live state: today's counters and open sessions, as the resync job would load them ----
let redis: Redis | undefined;
let realtime: RealtimeStore;
try {
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  realtime = new RedisRealtimeStore(redis, { keyPrefix: `bench:${process.pid}:` });
} catch {
  redis?.disconnect();
  redis = undefined;
  realtime = new MemoryRealtimeStore();
}
const today = localDay(now, ZONE);
const todayBounds = dayBounds(today, ZONE);
const todayWindow = { from: todayBounds.start, to: todayBounds.end };
const open = await db
  .selectFrom('analytics_sessions')
  .selectAll()
  .where('tenant_id', '=', TENANT)
  .where('ended_at', 'is', null)
  .where('last_event_at', '>=', new Date(now.getTime() - 2 * 86_400_000))
  .execute();
const agents = Array.from({ length: 20 }, (_, i) => ({
  agentId: `agent-${i + 1}`,
  name: `Agent ${i + 1}`,
  status: (['online', 'busy', 'away', 'offline'] as const)[i % 4]!,
  since: new Date(now.getTime() - (i + 1) * 600_000),
}));
await realtime.replace(TENANT, {
  counters: await counters.countersBetween(TENANT, ZONE, todayBounds.start, todayBounds.end),
  sessions: open.map(sessionRowToFacts),
  agents,
});

// ---- the reads ----
const events = new PostgresEventStore({ db });
const dashboard = new DashboardStats({ counters, rollups, live: realtime, clock, zoneOf });
const live = new RealtimeStats({
  realtime,
  events,
  projector: new RealtimeProjector({ store: realtime, zoneOf }),
  clock,
  ids: { next: () => crypto.randomUUID() },
  zoneOf,
});
const drillDown = new SessionDrillDown({
  sessions: new PostgresSessionQuery({ db }),
  events,
  usage: new PostgresSessionUsage({ db }),
  audits: new PostgresAuditStore({ db }),
  clock,
  zoneOf,
});
const someSession = (await drillDown.list(TENANT, { cohort: 'ended', outcome: ['agent'], size: 1 })).items[0]?.sessionId ?? 'b1';

const yesterday = { from: dayBounds(addDays(today, -1), ZONE).start, to: sameLocalTime(now, ZONE, -1) };
const rangeOf = (n: number) => ({
  cur: { from: dayBounds(addDays(today, -(n - 1)), ZONE).start, to: todayBounds.end },
  prev: { from: dayBounds(addDays(today, -(2 * n - 1)), ZONE).start, to: dayBounds(addDays(today, -(n - 1)), ZONE).start },
});
const activeSince = new Date(now.getTime() - 30 * 60_000);

interface Case {
  readonly name: string;
  readonly dashboard: boolean;
  readonly ours: () => Promise<unknown>;
  readonly naive: () => Promise<unknown>;
}
const cases: Case[] = [
  {
    name: 'realtime.overview',
    dashboard: true,
    ours: () => live.getOverview(TENANT),
    naive: () => naiveLive(naiveDb, TENANT, todayWindow, activeSince),
  },
  {
    name: 'realtime.channels',
    dashboard: true,
    ours: () => live.getChannels(TENANT),
    naive: () => naiveLive(naiveDb, TENANT, todayWindow, activeSince),
  },
  { name: 'realtime.agents', dashboard: true, ours: () => live.getAgents(TENANT), naive: () => naiveLive(naiveDb, TENANT, todayWindow, activeSince) },
  {
    name: 'stats.today',
    dashboard: true,
    ours: () => dashboard.getTodayStats(TENANT),
    naive: () => naiveFigures(naiveDb, TENANT, ZONE, todayWindow, yesterday),
  },
  ...[7, 30, 90].map((n) => ({
    name: `stats.trend days=${n}`,
    dashboard: true,
    ours: () => dashboard.getTrend(TENANT, n),
    naive: () => naiveFigures(naiveDb, TENANT, ZONE, rangeOf(n).cur, rangeOf(n).prev),
  })),
  {
    name: 'stats.satisfaction days=30',
    dashboard: true,
    ours: () => dashboard.getSatisfaction(TENANT, { days: 30 }),
    naive: () => naiveSatisfaction(naiveDb, TENANT, ZONE, { from: rangeOf(30).prev.from, to: todayBounds.end }),
  },
  {
    name: 'sessions.list ended ai today',
    dashboard: false,
    ours: () => drillDown.list(TENANT, { cohort: 'ended', outcome: ['ai'] }),
    naive: () => naiveSessionList(naiveDb, TENANT, todayWindow),
  },
  {
    name: 'sessions.get',
    dashboard: false,
    ours: () => drillDown.get(TENANT, someSession),
    naive: () => naiveSessionGet(naiveDb, TENANT, someSession),
  },
];

/** p50/p95 of `runs` timed calls after 3 warm-ups, stopping at `budgetMs` after at least one (the naive ones are slow). */
async function timeIt(fn: () => Promise<unknown>, runs: number, budgetMs = Infinity): Promise<{ p50: number; p95: number; n: number }> {
  const began = performance.now();
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fn();
    if (performance.now() - began > budgetMs / 4) {
      samples.push(performance.now() - t0); // too slow to warm up within the budget: this call is a sample
      break;
    }
  }
  while (samples.length < runs && (samples.length === 0 || performance.now() - began < budgetMs)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.max(0, Math.ceil(p * samples.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), n: samples.length };
}

const f = (v: number) => v.toFixed(v < 10 ? 2 : 1).padStart(8);
log(
  `\n${'read'.padEnd(30)} ${'ours p50'.padStart(8)} ${'ours p95'.padStart(8)} ${'naive p50'.padStart(9)} ${'naive p95'.padStart(9)} ${'(n)'.padStart(4)} ${'x p50'.padStart(7)} ${'x p95'.padStart(7)}  target`,
);
for (const c of cases) {
  const ours = await timeIt(c.ours, RUNS);
  let timedOut = false;
  const naive = await timeIt(
    () =>
      c.naive().catch((err: unknown) => {
        if ((err as { code?: string }).code !== '57014') throw err; // query_canceled: past the statement timeout
        timedOut = true;
      }),
    Math.max(3, Math.round(RUNS / 4)),
    60_000,
  );
  const ok = !c.dashboard || (ours.p95 < 20 && naive.p95 / ours.p95 >= 20);
  const gt = timedOut ? '>' : ' ';
  log(
    `${c.name.padEnd(30)} ${f(ours.p50)} ${f(ours.p95)} ${gt}${f(naive.p50)} ${gt}${f(naive.p95)} ${String(naive.n).padStart(4)} ${gt}${(naive.p50 / ours.p50).toFixed(1).padStart(6)} ${gt}${(naive.p95 / ours.p95).toFixed(1).padStart(6)}  ${c.dashboard ? (ok ? 'met' : 'MISSED') : '-'}`,
  );
}
log('(ms; x = naive / ours; ">": the naive query hit --naive-timeout, so the true figure is larger)');
log('(target: dashboard reads p95 < 20 ms and >= 20x faster than naive)');

if (redis) {
  const keys = await redis.keys(`bench:${process.pid}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
await naiveHandle.close();
await handle.close();
