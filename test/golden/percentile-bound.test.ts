// Percentiles say how exact they are (issue 16), over real HTTP on PostgreSQL + Redis: 10,000 skewed response times
// (log-normal plus outliers) on each path a p50/p90 takes (today from the live store, a closed day from the raw SQL
// counters, a range merged), each figure against `percentile_disc` over the raw event rows: within 0.5 %, as the
// OpenAPI document states on every p50 and p90. Means are exact.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayBounds, localDay, msSinceLocalMidnight } from '../../domain/local-day.ts';
import { seededRandom } from '../../transport/cli/demo/seeded-random.ts';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from '../transport/harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const ZONE = 'Europe/Paris'; // the harness's tenants
const N = 10_000;
const BOUND = 0.005;

/** Skewed times in ms: log-normal around `median` (spread `sigma`), and 3 % outliers between `outliers[0]` and `[1]`. */
function skewed(random: () => number, median: number, sigma: number, outliers: [number, number]): number {
  if (random() < 0.03) return Math.round(outliers[0] + random() * (outliers[1] - outliers[0]));
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(median * Math.exp(sigma * z)));
}

interface Distribution {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

/** percentile_disc(0.5), percentile_disc(0.9) and the mean of a SQL set of `v` (ms). */
interface Exact {
  n: number;
  mean: number;
  p50: number;
  p90: number;
}

const relative = (figure: number, exact: number) => Math.abs(figure - exact) / exact;

describe.skipIf(!up)('p50 and p90 against percentile_disc over raw rows (PostgreSQL + Redis)', () => {
  let h: Harness;
  let today: string;
  let yesterday: string;
  const measured: string[] = [];

  const post = async (events: unknown[]) => {
    for (let i = 0; i < events.length; i += 1000) {
      const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events: events.slice(i, i + 1000) } });
      const answer = (await res.json()) as { accepted: number; rejected: unknown[] };
      expect(answer.rejected).toEqual([]);
    }
  };
  const read = async <T>(path: string): Promise<T> => {
    const res = await h.fetch(path, { key: h.a.keys.read });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  /** Exact figures of `v` over raw rows, in SQL: `values` is a query of one column `v`. */
  const exact = async (values: ReturnType<typeof sql>): Promise<Exact> => {
    const { rows } = await sql<{ n: string; mean: string; p50: string; p90: string }>`
      SELECT count(*) AS n, avg(v) AS mean,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY v) AS p90
      FROM (${values}) AS raw`.execute(h.db);
    const r = rows[0]!;
    return { n: Number(r.n), mean: Number(r.mean), p50: Number(r.p50), p90: Number(r.p90) };
  };
  const aiResponseTimes = (days: string[]) => sql`
    SELECT (data->>'responseTimeMs')::bigint AS v FROM analytics_events
    WHERE tenant_id = ${h.a.tenantId} AND name = 'message.ai'
      AND to_char(occurred_at AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') IN (${sql.join(days)})`;
  /** Per session of `day`: its first transfer, its first agent reply after it, its start and end, from the events. */
  const sessionTimes = (day: string, column: 'first_response' | 'duration') => sql`
    SELECT ${sql.ref(column)} AS v FROM (
      SELECT s.session_id,
        (SELECT round(extract(epoch FROM min(r.occurred_at) - t.at) * 1000) FROM analytics_events r
          WHERE r.tenant_id = s.tenant_id AND r.session_id = s.session_id AND r.name = 'message.agent' AND r.occurred_at >= t.at
        ) AS first_response,
        round(extract(epoch FROM e.at - s.occurred_at) * 1000) AS duration
      FROM analytics_events s
      JOIN LATERAL (SELECT min(occurred_at) AS at FROM analytics_events
        WHERE tenant_id = s.tenant_id AND session_id = s.session_id AND name = 'session.transfer') t ON true
      JOIN LATERAL (SELECT min(occurred_at) AS at FROM analytics_events
        WHERE tenant_id = s.tenant_id AND session_id = s.session_id AND name = 'session.end') e ON true
      WHERE s.tenant_id = ${h.a.tenantId} AND s.name = 'session.start'
        AND to_char(s.occurred_at AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') = ${day}
    ) AS per_session`;

  /** The figure within 0.5 % of percentile_disc at both percentiles, the count equal and the mean exact. */
  const expectWithinBound = (what: string, figure: Distribution, truth: Exact, scale = 1) => {
    expect(figure.count, what).toBe(truth.n);
    expect(figure.mean! * scale, `${what} mean`).toBeCloseTo(truth.mean, 6);
    const e50 = relative(figure.p50! * scale, truth.p50);
    const e90 = relative(figure.p90! * scale, truth.p90);
    measured.push(
      `${what}: p50 ${figure.p50! * scale} vs ${truth.p50} (${(e50 * 100).toFixed(3)} %), p90 ${figure.p90! * scale} vs ${truth.p90} (${(e90 * 100).toFixed(3)} %)`,
    );
    expect(e50, `${what} p50 ${figure.p50} vs percentile_disc ${truth.p50}`).toBeLessThanOrEqual(BOUND);
    expect(e90, `${what} p90 ${figure.p90} vs percentile_disc ${truth.p90}`).toBeLessThanOrEqual(BOUND);
  };

  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
    const now = new Date();
    today = localDay(now, ZONE);
    yesterday = addDays(today, -1);
    const random = seededRandom(16); // the same 10,000 times on every run

    // Yesterday: 10,000 sessions started between 06:00 and 12:00, each an AI answer, a transfer, an agent's first
    // reply after a skewed wait, and an end (all within the day: waits and tails are at most a few hours).
    const morning = dayBounds(yesterday, ZONE).start.getTime() + 6 * 3_600_000;
    const closedDay: unknown[] = [];
    for (let i = 0; i < N; i++) {
      const sessionId = `p-${i}`;
      const start = morning + Math.floor(random() * 6 * 3_600_000);
      const ai = skewed(random, 1500, 0.9, [30_000, 300_000]);
      const transfer = start + ai + 1000 + Math.floor(random() * 60_000);
      const firstResponse = skewed(random, 45_000, 1.1, [600_000, 3_600_000]);
      const end = transfer + firstResponse + Math.min(3 * 3_600_000, skewed(random, 300_000, 1, [3_600_000, 7_200_000]));
      const at = (t: number) => new Date(t).toISOString();
      closedDay.push(
        { name: 'session.start', sessionId, channel: 'web', occurredAt: at(start) },
        { name: 'message.ai', sessionId, occurredAt: at(start + ai), data: { responseTimeMs: ai } },
        { name: 'session.transfer', sessionId, occurredAt: at(transfer) },
        { name: 'message.agent', sessionId, agentId: `agent-${i % 40}`, occurredAt: at(transfer + firstResponse), data: {} },
        { name: 'session.end', sessionId, occurredAt: at(end), data: { reason: 'resolved' } },
      );
    }
    // Today: 10,000 AI answers so far (within today, however early it is).
    const sinceMidnight = msSinceLocalMidnight(now, ZONE);
    const todays: unknown[] = [];
    for (let i = 0; i < N; i++) {
      const responseTimeMs = skewed(random, 1500, 0.9, [30_000, 300_000]);
      const occurredAt = new Date(now.getTime() - Math.floor(random() * Math.min(sinceMidnight, 3_600_000))).toISOString();
      todays.push({ name: 'message.ai', sessionId: `t-${i % 2000}`, occurredAt, data: { responseTimeMs } });
    }
    await post(closedDay);
    await post(todays);
    await h.services.sinks.drain();
  }, 600_000);

  afterAll(async () => {
    if (measured.length) console.info(`percentile bound, measured:\n  ${measured.join('\n  ')}`);
    await h?.close();
  });

  it('states the bound on every p50 and p90 of the OpenAPI document', async () => {
    const doc = await read<unknown>('/api/analytics/openapi.json');
    const found: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'p50' || k === 'p90') && path.endsWith('.properties')) {
          found.push(`${path}.${k}`);
          expect((v as { description?: string }).description ?? '', `${path}.${k}`).toMatch(/0\.5 %/);
        }
        walk(v, `${path}.${k}`);
      }
    };
    walk(doc, '');
    // stats.today (current, previous), stats.trend (rows, totals, previous), realtime.overview: many places.
    expect(found.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps today’s AI response p50/p90 (the live store) within 0.5 % of percentile_disc, on Monitoring and the Dashboard', async () => {
    const truth = await exact(aiResponseTimes([today]));
    expect(truth.n).toBe(N);
    const overview = await read<{ today: { aiResponseMs: Distribution } }>('/api/analytics/realtime/overview');
    expectWithinBound('realtime.overview today.aiResponseMs', overview.today.aiResponseMs, truth);
    const todayStats = await read<{ current: { aiResponseMs: Distribution } }>('/api/analytics/stats/today');
    expectWithinBound('stats.today current.aiResponseMs', todayStats.current.aiResponseMs, truth);
  });

  it('keeps a closed day’s p50/p90 (counters from raw SQL) within 0.5 %: AI response, agent first response, duration', async () => {
    const trend = await read<{ rows: ({ day: string } & Record<'aiResponseMs' | 'agentFirstResponseMs' | 'durationSec', Distribution>)[] }>(
      '/api/analytics/stats/trend?days=2',
    );
    const row = trend.rows.find((r) => r.day === yesterday)!;
    expectWithinBound('stats.trend row aiResponseMs', row.aiResponseMs, await exact(aiResponseTimes([yesterday])));
    expectWithinBound('stats.trend row agentFirstResponseMs', row.agentFirstResponseMs, await exact(sessionTimes(yesterday, 'first_response')));
    // durationSec is in seconds: the exact figure is in ms.
    const duration = await exact(sessionTimes(yesterday, 'duration'));
    expect(row.durationSec.count).toBe(N);
    expect(relative(row.durationSec.p50! * 1000, duration.p50)).toBeLessThanOrEqual(BOUND);
    expectWithinBound('stats.trend row durationSec (s → ms)', row.durationSec, duration, 1000);
  });

  it('keeps a range’s p50/p90 (yesterday and today merged, never averaged) within 0.5 %', async () => {
    const trend = await read<{ totals: { aiResponseMs: Distribution } }>('/api/analytics/stats/trend?days=2');
    const truth = await exact(aiResponseTimes([yesterday, today]));
    expect(truth.n).toBe(2 * N);
    expectWithinBound('stats.trend totals aiResponseMs', trend.totals.aiResponseMs, truth);
  });
});
