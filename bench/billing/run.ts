// bench/billing: p50/p95 of BillingStats reads (usage, quota, roi) on PostgreSQL over a generated set of token usages,
// beside the same figures computed by a naive aggregate over the raw usage rows, in the same run. ROI is measured
// after the daily aggregation's ROI part rolled up the closed days, against the raw path it replaces (naive.ts).
//   npx tsx bench/billing/run.ts [--usages 2000000] [--days 90] [--runs 20] [--fresh]
// Uses BENCH_DATABASE_URL or TEST_DATABASE_URL in its own schema `bench_billing_<usages>`, kept between runs.
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openRollup, refreshCells } from '../../adapters/postgres/billing/billing-daily-rollup.ts';
import { openDatabase } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { PostgresPlanStore } from '../../adapters/postgres/billing/postgres-plan-store.ts';
import { PostgresPriceStore } from '../../adapters/postgres/billing/postgres-price-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { PostgresUsageStore } from '../../adapters/postgres/billing/postgres-usage-store.ts';
import { PostgresRoiRollup } from '../../adapters/postgres/billing/roi-daily-rollup.ts';
import { BillingStats } from '../../domain/billing/billing-stats.ts';
import { formatMoney, toPico } from '../../domain/billing/money.ts';
import { FixedClock } from '../../domain/clock.ts';
import { addDays, dayBounds, daysBetween, localDay } from '../../domain/local-day.ts';
import { NaiveRoiUsageStore } from './naive.ts';

const { values: args } = parseArgs({
  options: {
    usages: { type: 'string', default: '2000000' },
    days: { type: 'string', default: '90' },
    runs: { type: 'string', default: '20' },
    fresh: { type: 'boolean', default: false },
  },
});
const USAGES = Number(args.usages);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';
const ZONE = 'Asia/Shanghai';
const schema = `bench_billing_${USAGES}`;
const SESSIONS = Math.floor(USAGES / 3);
const NOW = new Date('2026-03-31T04:00:00Z'); // 12:00 local on the last generated day
const log = (...a: unknown[]) => console.log(...a);

async function admin(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const lastDay = localDay(NOW, ZONE);
const firstDay = addDays(lastDay, -(DAYS - 1));

if (args.fresh) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await admin(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
const handle = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 4, statementTimeoutMs: 900_000 });
const { db } = handle;
await migrateToLatest(db);

// Usage never occurs later than now (docs/events.md rejects more than 5 minutes ahead): the data runs up to NOW.
const { rows: have } = await sql<{
  n: number;
  last: Date | null;
}>`SELECT count(*)::int8 AS n, max(occurred_at) AS last FROM analytics_token_usage`.execute(db);
if (Number(have[0]!.n) !== USAGES || (have[0]!.last && have[0]!.last > NOW)) {
  const t0 = performance.now();
  log(`generating ${USAGES} usages over ${DAYS} days, ${SESSIONS} sessions ...`);
  await sql`TRUNCATE analytics_token_usage, analytics_sessions, analytics_prices, analytics_billing_daily, analytics_plans,
    analytics_roi_daily, analytics_roi_dirty_days, analytics_roi_session_changes`.execute(db);
  await sql`DELETE FROM analytics_tenants`.execute(db);
  await new PostgresTenantStore({ db }).create({ tenantId: TENANT, timeZone: ZONE, humanCostPerSession: 4.5, currency: 'CNY', planId: 'pro' });
  await new PostgresPlanStore({ db }).putPlan({ id: 'pro', name: 'Pro', monthlyTokenAllowance: 2_000_000_000 });
  const start = dayBounds(firstDay, ZONE).start;
  const span = `${(NOW.getTime() - start.getTime()) / 1000} seconds`;
  const prices = new PostgresPriceStore({ db });
  // Prices first (no usage yet, so nothing to re-price): model-19 has none (unpriced).
  for (let m = 0; m < 19; m++) {
    for (const [from, factor] of [
      ['2020-01-01T00:00:00Z', 1],
      [`${addDays(firstDay, 45)}T00:00:00+08:00`, 2],
    ] as const) {
      await prices.setPrice(TENANT, {
        kind: 'model',
        name: `model-${m}`,
        inputPerMillion: String((m + 1) * factor),
        outputPerMillion: String((m + 1) * 4 * factor),
        currency: 'USD',
        effectiveFrom: new Date(from).toISOString(),
      });
    }
  }
  for (const b of [0, 1]) {
    await prices.setPrice(TENANT, {
      kind: 'bot',
      name: `coze-bot-${b}`,
      inputPerMillion: '8',
      outputPerMillion: '16',
      currency: 'CNY',
      effectiveFrom: '2020-01-01T00:00:00.000Z',
    });
  }
  // Sessions: every third usage starts one; a quarter are transferred, most end with AI messages.
  await sql`
    INSERT INTO analytics_sessions (tenant_id, session_id, channel, started_at, ended_at, first_event_at, last_event_at,
      first_transfer_at, ai_messages, agent_messages)
    SELECT ${TENANT}, 's' || g, 'web', t, t + interval '5 minutes', t, t + interval '5 minutes',
      CASE WHEN g % 4 = 0 THEN t + interval '2 minutes' END, 1 + g % 3, CASE WHEN g % 4 = 0 THEN 1 ELSE 0 END
    FROM (SELECT g, ${start}::timestamptz + (g::float8 / ${SESSIONS}) * interval ${sql.lit(span)} AS t
          FROM generate_series(1, ${SESSIONS}) g) s
  `.execute(db);
  // Usages: 20 models and 2 Coze bots, three per session.
  await sql`
    INSERT INTO analytics_token_usage (tenant_id, usage_key, occurred_at, session_id, subject_kind, subject_name, model,
      input_tokens, output_tokens, source)
    SELECT ${TENANT}, 'u' || g, ${start}::timestamptz + (g::float8 / ${USAGES}) * interval ${sql.lit(span)},
      's' || (1 + g / 3), CASE WHEN g % 11 = 0 THEN 'bot' ELSE 'model' END,
      CASE WHEN g % 11 = 0 THEN 'coze-bot-' || (g % 2) ELSE 'model-' || (g % 20) END, NULL,
      200 + g % 1800, 50 + g % 600, 'llm.usage'
    FROM generate_series(1, ${USAGES}) g
  `.execute(db);
  await sql`ANALYZE analytics_token_usage`.execute(db);
  await sql`ANALYZE analytics_sessions`.execute(db);
  await sql`ANALYZE analytics_prices`.execute(db);
  const subjects = [
    ...Array.from({ length: 20 }, (_, m) => ({ kind: 'model' as const, name: `model-${m}` })),
    { kind: 'bot' as const, name: 'coze-bot-0' },
    { kind: 'bot' as const, name: 'coze-bot-1' },
  ];
  for (const day of daysBetween(firstDay, lastDay)) {
    await db.transaction().execute(async (trx) => {
      await openRollup(trx, TENANT);
      await refreshCells(
        trx,
        TENANT,
        ZONE,
        subjects.map((s) => ({ day, ...s })),
      );
    });
  }
  await sql`ANALYZE analytics_billing_daily`.execute(db);
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// The daily aggregation's ROI part, as its last run 10 minutes ago left it: every closed day not rolled up yet (all
// of them after generating), and today up to its watermark (5 minutes before that run); reads add the rest raw.
{
  const t0 = performance.now();
  const rolled = await new PostgresRoiRollup({ db, windowDays: DAYS }).run(TENANT, new Date(NOW.getTime() - 10 * 60_000));
  log(`ROI rollup: ${rolled.length} closed days and today up to 15 minutes ago, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const clock = new FixedClock(NOW);
const usage = new PostgresUsageStore({ db });
const billing = new BillingStats({ usage, plans: new PostgresPlanStore({ db }), tenants: new PostgresTenantStore({ db }), clock });
const range = { from: addDays(lastDay, -29), to: lastDay };
const rangeInstants = { from: dayBounds(range.from, ZONE).start, to: dayBounds(range.to, ZONE).end };
const month = { from: dayBounds(`${lastDay.slice(0, 8)}01`, ZONE).start, to: dayBounds(lastDay, ZONE).end };

/** The naive figure: the raw usage rows of the range, priced one by one and grouped (what a report without a rollup does). */
const naiveUsage = () =>
  sql`
    SELECT (u.occurred_at AT TIME ZONE ${ZONE})::date AS day, u.subject_kind, u.subject_name, p.currency,
      sum(u.input_tokens), sum(u.output_tokens), sum(u.input_tokens * p.input_per_million + u.output_tokens * p.output_per_million) * 0.000001
    FROM analytics_token_usage u
    LEFT JOIN LATERAL (SELECT * FROM analytics_prices p WHERE p.tenant_id = u.tenant_id AND p.subject_kind = u.subject_kind
      AND p.subject_name = u.subject_name AND p.effective_from <= u.occurred_at ORDER BY p.effective_from DESC LIMIT 1) p ON true
    WHERE u.tenant_id = ${TENANT} AND u.occurred_at >= ${rangeInstants.from} AND u.occurred_at < ${rangeInstants.to}
    GROUP BY 1, 2, 3, 4`.execute(db);
const naiveQuota = () =>
  sql`SELECT sum(input_tokens + output_tokens) FROM analytics_token_usage WHERE tenant_id = ${TENANT} AND occurred_at >= ${month.from} AND occurred_at < ${month.to}`.execute(
    db,
  );

/** p50/p95 of `runs` timed calls after one warm-up. */
async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: pick(0.5), p95: pick(0.95) };
}

async function measure(name: string, fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  const r = await time(fn, runs);
  log(`${name.padEnd(34)} p50 ${r.p50.toFixed(2).padStart(9)} ms   p95 ${r.p95.toFixed(2).padStart(9)} ms`);
  return r;
}

log(`\n${USAGES} usages, ${DAYS} days, zone ${ZONE}; ${RUNS} runs each (30-day range ${range.from}..${range.to})`);
const u = await measure('billing.usage (rollup)', () => billing.getUsage(TENANT, range));
const nu = await measure('naive usage (raw rows, priced)', naiveUsage, Math.max(3, Math.round(RUNS / 4)));
const q = await measure('billing.quota (rollup)', () => billing.getQuota(TENANT));
const nq = await measure('naive quota (raw sum)', naiveQuota, Math.max(3, Math.round(RUNS / 4)));
log(`ratio usage: naive p50 / rollup p50 = ${(nu.p50 / u.p50).toFixed(1)}x; quota: ${(nq.p50 / q.p50).toFixed(1)}x`);

// ROI: ours (closed days and today's partial from the ROI rollup, the rest raw) against the naive raw path, on ranges
// ending today; "same" checks the two answers are equal.
const naiveBilling = new BillingStats({
  usage: new NaiveRoiUsageStore({ db }),
  plans: new PostgresPlanStore({ db }),
  tenants: new PostgresTenantStore({ db }),
  clock,
});
const f = (v: number) => v.toFixed(v < 10 ? 2 : 1).padStart(8);
log(
  `\n${'read'.padEnd(20)} ${'ours p50'.padStart(8)} ${'ours p95'.padStart(8)} ${'naive p50'.padStart(9)} ${'naive p95'.padStart(9)} ${'x p50'.padStart(7)} ${'x p95'.padStart(7)}  same  target`,
);
for (const n of [7, 30, 90]) {
  const r = { from: addDays(lastDay, -(n - 1)), to: lastDay };
  const ours = await time(() => billing.getRoi(TENANT, r));
  const naive = await time(() => naiveBilling.getRoi(TENANT, r), Math.max(3, Math.round(RUNS / 4)));
  const same = isDeepStrictEqual(await billing.getRoi(TENANT, r), await naiveBilling.getRoi(TENANT, r));
  const met = ours.p95 < 20 && naive.p95 / ours.p95 >= 20;
  log(
    `${`billing.roi days=${n}`.padEnd(20)} ${f(ours.p50)} ${f(ours.p95)}  ${f(naive.p50)}  ${f(naive.p95)} ${(naive.p50 / ours.p50).toFixed(1).padStart(7)} ${(naive.p95 / ours.p95).toFixed(1).padStart(7)}  ${same ? 'yes ' : 'NO  '}  ${met ? 'met' : 'MISSED'}`,
  );
}
log('(ms; x = naive / ours; same: the two answers are deep-equal; target: p95 < 20 ms and >= 20x faster than naive)');

// The rollup equals the raw figures (the raw path is taken for a range one millisecond short of whole days).
const fromRollup = await billing.getUsage(TENANT, range);
const raw = await usage.usageRows(TENANT, { from: rangeInstants.from, to: new Date(rangeInstants.to.getTime() - 1) }, ZONE);
const rawTokens = raw.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0);
const rawCosts = new Map<string, bigint>();
for (const r of raw) if (r.currency && r.cost) rawCosts.set(r.currency, (rawCosts.get(r.currency) ?? 0n) + toPico(r.cost));
const rawCostText = [...rawCosts]
  .sort()
  .map(([c, v]) => `${c} ${formatMoney(v)}`)
  .join(', ');
const rollupCostText = fromRollup.costs.map((c) => `${c.currency} ${c.cost}`).join(', ');
log(`check: rollup ${fromRollup.totalTokens} tokens, ${rollupCostText}; raw ${rawTokens} tokens, ${rawCostText}`);
await handle.close();
