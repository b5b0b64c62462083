// GET /metrics over real HTTP: the exact counts of a scripted ingest run (both transports), who may scrape on the
// main port and on METRICS_PORT, job runs, request durations by route, and the one access-log record per request.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../transport/http/build-server.ts';
import { metricsServer } from '../../transport/http/metrics-route.ts';
import { startHarness, type Harness } from './harness.ts';

const ID = (n: number) => `0190c8a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** The samples of a Prometheus text exposition: `name{labels}` -> value (label order as written). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** A response's status, its body read to the end (an unread body holds the connection, and the server's close). */
async function statusOf(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.arrayBuffer();
  return res.status;
}

/** stats.trend's input as tRPC's GET query parameter. */
const trend = (days: number) => encodeURIComponent(JSON.stringify({ days }));

/** The samples whose name starts with `prefix`, as a plain object for exact comparison. */
function family(text: string, prefix: string): Record<string, number> {
  return Object.fromEntries([...samples(text)].filter(([key]) => key.startsWith(prefix)));
}

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const scrape = async () => {
    const res = await h.fetch('/metrics', { key: h.a.keys.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts a scripted run exactly: accepted and duplicates by name, rejections by name and reason', async () => {
    const starts = [1, 2, 3, 4].map((n) => ({ id: ID(n), name: 'session.start', sessionId: `s${n}`, channel: 'web' }));
    const users = [5, 6, 7].map((n) => ({ id: ID(n), name: 'message.user', sessionId: 's1', data: { length: n } }));
    // Over tRPC: 4 starts and one event of an unknown name.
    const first = await h.client(h.a.keys.ingest).ingest.track.mutate({ events: [...starts, { name: 'ticket.opened' }] });
    expect(first).toMatchObject({ accepted: 4, duplicates: 0 });
    // Over plain JSON: 3 user messages, 2 starts again, 2 AI answers without their required responseTimeMs.
    const bad = { name: 'message.ai', sessionId: 's1', data: {} };
    const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events: [...users, starts[0], starts[1], bad, bad] } });
    expect(await res.json()).toMatchObject({ accepted: 3, duplicates: 2 });

    expect(family(await scrape(), 'cs_analytics_ingest_')).toEqual({
      'cs_analytics_ingest_events_accepted_total{name="session.start"}': 4,
      'cs_analytics_ingest_events_accepted_total{name="message.user"}': 3,
      'cs_analytics_ingest_events_duplicate_total{name="session.start"}': 2,
      'cs_analytics_ingest_events_rejected_total{name="other",reason="name"}': 1,
      'cs_analytics_ingest_events_rejected_total{name="message.ai",reason="data.responseTimeMs"}': 2,
    });
  });

  it('times requests by route pattern, method and status, never by raw URL', async () => {
    for (const days of [3, 4]) expect(await statusOf(h.fetch(`/trpc/stats.trend?input=${trend(days)}`, { key: h.a.keys.read }))).toBe(200);
    const text = await scrape();
    const count = (labels: string) => samples(text).get(`cs_analytics_http_request_duration_seconds_count{${labels}}`);
    expect(count('route="/api/analytics/ingest/track",method="POST",status="200"')).toBe(1);
    expect(count('route="/trpc/:path",method="GET",status="200"')).toBe(2);
    expect(text).not.toMatch(/days|stats\.trend/);
  });

  it('answers 401 without a key or with an unknown one, 403 to a read key, 200 to an admin key', async () => {
    const none = await h.fetch('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await none.json()).error.code).toBe('UNAUTHORIZED');
    expect(none.headers.get('www-authenticate')).not.toContain('invalid_token');
    const unknown = await h.fetch('/metrics', { key: 'csa_not-a-key' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await statusOf(h.fetch('/metrics', { key: h.a.keys.read }))).toBe(403);
    expect(await statusOf(h.fetch('/metrics', { key: h.a.keys.ingest }))).toBe(403);
    expect(await statusOf(h.fetch('/metrics', { key: h.a.keys.admin }))).toBe(200);
  });

  it('serves METRICS_PORT’s listener without a credential, while the main port stays guarded', async () => {
    const side = await metricsServer(h.services.metrics);
    try {
      const url = await side.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(samples(await res.text()).get('cs_analytics_ingest_events_accepted_total{name="message.user"}')).toBe(3);
      expect(await statusOf(fetch(`${url}/api/analytics/stats/today`))).toBe(404);
      expect(await statusOf(h.fetch('/metrics'))).toBe(401);
    } finally {
      await side.close();
    }
  });

  it('counts job runs and their durations by job', async () => {
    const before = samples(await scrape());
    expect(before.get('cs_analytics_job_runs_total{job="aggregate-daily-stats",status="done"}')).toBeUndefined();
    expect((await h.services.jobs.run('aggregate-daily-stats')).status).toBe('done');
    expect((await h.services.jobs.run('aggregate-daily-stats')).status).toBe('done');
    const after = samples(await scrape());
    expect(after.get('cs_analytics_job_runs_total{job="aggregate-daily-stats",status="done"}')).toBe(2);
    expect(after.get('cs_analytics_job_duration_seconds_count{job="aggregate-daily-stats",status="done"}')).toBe(2);
    expect(after.get('cs_analytics_job_last_success_timestamp_seconds{job="aggregate-daily-stats"}')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(after.has('cs_analytics_job_failures_total{job="aggregate-daily-stats"}')).toBe(false);
  });

  it('reports a failed run as a failure of its job', () => {
    h.services.metrics.jobRan('auto-audit', { status: 'failed', error: 'database unreachable', durationMs: 250 });
    return scrape().then((text) => {
      expect(samples(text).get('cs_analytics_job_failures_total{job="auto-audit"}')).toBe(1);
      expect(samples(text).get('cs_analytics_job_runs_total{job="auto-audit",status="failed"}')).toBe(1);
    });
  });

  it('has the process metrics and the database engine, in a registry of its own per service', async () => {
    const text = await scrape();
    expect(samples(text).get('cs_analytics_db_info{engine="pglite"}')).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });
});

describe('the access log', () => {
  let h: Harness;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    h = await startHarness();
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildServer(h.services, { logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('writes one info record per request: request id, tenant, route, method, status, duration; no secret', async () => {
    const res = await app.inject({
      url: `/trpc/stats.trend?input=${trend(3)}&token=s3cret`,
      headers: { authorization: `Bearer ${h.a.keys.read}`, cookie: 'cs_session=c00kie', 'x-request-id': 'trace-42' },
    });
    expect(res.statusCode).toBe(200);
    const mine = lines.filter((l) => l.reqId === 'trace-42');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: 'request',
      reqId: 'trace-42',
      tenant: 'tenant-a',
      route: '/trpc/:path',
      path: '/trpc/stats.trend',
      method: 'GET',
      status: 200,
      durationMs: expect.any(Number),
    });
    const all = JSON.stringify(lines);
    expect(all).not.toMatch(/s3cret|c00kie|authorization|Bearer|csa_/i);
  });

  it('logs a request without a credential with no tenant, and a 404 under no route', async () => {
    await app.inject({ url: '/nowhere', headers: { 'x-request-id': 'trace-404' } });
    expect(lines.filter((l) => l.reqId === 'trace-404')).toEqual([
      expect.objectContaining({ msg: 'request', tenant: null, route: null, path: '/nowhere', status: 404 }),
    ]);
  });
});
