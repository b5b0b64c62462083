// Issue 15, "PostgreSQL stopped": the service on the real PostgreSQL reached through a TCP proxy this test owns (the
// shared server is never stopped). While the proxy is cut, ingest answers 503 with Retry-After (plain JSON, the
// direct ingest route, tRPC), a read answers 503 and /readyz says not ready; after restore() everything answers 200
// again without restarting anything. The TypeScript HTTP transport and the Python client each send events during
// the cut, wait as told, and after it deliver every event exactly once (rows counted by event id).
// Issue 17's outages extend this file: `startServiceBehindProxy` gives the service, its proxy and the row counter.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import type { TrackerIssue } from '../../domain/tracker/tracker.ts';
import { RETRY_AFTER_SECONDS, STORAGE_UNAVAILABLE_MESSAGE } from '../../transport/errors.ts';
import { initTracker } from '../../transport/fastify-plugin/product-tracker.ts';
import { buildServer } from '../../transport/http/build-server.ts';
import { eventually } from '../support/builders.ts';
import { adminQuery, needServer, testDatabaseUrl } from '../support/databases.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { givenTenant, type RecordedAnswer, type TenantFixture } from './harness.ts';
import { OpenApiConformance } from './openapi-conformance.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const up = await needServer('postgres');
const python = up && (await pythonAvailable());

/** How long PostgreSQL is cut: longer than one Retry-After, so each client is told to wait at least once. */
const CUT_MS = 6500;
/** Events each client tracks during the cut. */
const N = 300;

/** One answer the server gave, by the API key that asked (each client has its own key). */
interface Answer {
  readonly key: string;
  readonly status: number;
  readonly at: number;
}

/** The service on PostgreSQL through a cuttable proxy: its own schema, a tenant with keys, fastify on port 0. */
interface ServiceBehindProxy {
  readonly proxy: TcpProxy;
  readonly services: Services;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly tenant: TenantFixture;
  /** Every answer of the server, in order. */
  readonly answers: Answer[];
  /** The server's log records (level, msg), in order. */
  readonly logs: Array<{ level: number; msg: string }>;
  /** How many rows analytics_events holds for each of `ids` (0 when missing), read past the proxy. */
  rowsById(ids: readonly string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

async function startServiceBehindProxy(): Promise<ServiceBehindProxy> {
  const target = new URL(testDatabaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(testDatabaseUrl);
  viaProxy.host = proxy.address;
  const schema = `o_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const services = await createServices(new AnalyticsConfig({ databaseUrl: viaProxy.toString() }), { searchPath: schema });
  const tenant = await givenTenant(services, 'tenant-a');
  const logs: Array<{ level: number; msg: string }> = [];
  const stream = { write: (line: string) => void logs.push(JSON.parse(line)) };
  const app = await buildServer(services, { rateLimits: { ingestPerMinute: 100_000 }, logger: { level: 'warn', stream } });
  const answers: Answer[] = [];
  app.addHook('onResponse', async (req, reply) => {
    answers.push({ key: req.headers.authorization ?? '', status: reply.statusCode, at: Date.now() });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    proxy,
    services,
    app,
    url,
    tenant,
    answers,
    logs,
    async rowsById(ids) {
      const rows = await adminQuery<{ id: string; n: number }>(
        `SELECT id::text AS id, count(*)::int AS n FROM ${schema}.analytics_events WHERE tenant_id = $1 AND id::text = ANY($2) GROUP BY id`,
        [tenant.tenantId, ids],
      );
      const counts = new Map(ids.map((id) => [id, 0]));
      for (const r of rows) counts.set(r.id, r.n);
      return counts;
    },
    async close() {
      await proxy.restore();
      await app.close();
      await services.close();
      await proxy.close();
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

const sessionStart = (sessionId: string) => ({ id: randomUUID(), name: 'session.start', sessionId, channel: 'web' });

describe.skipIf(!up)('PostgreSQL unreachable (a cut TCP proxy), then back', () => {
  let s: ServiceBehindProxy;

  beforeAll(async () => {
    s = await startServiceBehindProxy();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const post = (path: string, body: unknown, key = s.tenant.keys.all) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (path: string, key = s.tenant.keys.all) => fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  /** Each way in answers: ingest (plain JSON, tRPC), a read (plain JSON, tRPC, CSV) and /readyz. */
  async function everyWayIn() {
    const trend = encodeURIComponent(JSON.stringify({ days: 7 }));
    const answers = {
      ingest: await post('/api/analytics/ingest/track', { events: [sessionStart(`probe-${randomUUID()}`)] }),
      trpcIngest: await post('/trpc/ingest.track', { events: [sessionStart(`probe-${randomUUID()}`)] }),
      read: await get('/api/analytics/stats/trend?days=7'),
      trpcRead: await get(`/trpc/stats.trend?input=${trend}`),
      csv: await get('/api/analytics/sessions/list.csv'),
      readyz: await fetch(`${s.url}/readyz`),
    };
    const bodies = Object.fromEntries(await Promise.all(Object.entries(answers).map(async ([k, r]) => [k, await r.text()])));
    return { answers, bodies: bodies as Record<keyof typeof answers, string> };
  }

  it('answers 503 with Retry-After while cut, 200 after restore; both clients wait as told and deliver every event once', async () => {
    const before = await everyWayIn();
    for (const [way, res] of Object.entries(before.answers)) expect(res.status, `${way} before the cut: ${before.bodies[way as never]}`).toBe(200);

    // Each client has a key of its own, never used before: its first request looks it up in the cut database.
    const tsKey = (await s.services.keys.issue({ tenantId: s.tenant.tenantId, scopes: ['ingest'] })).key;
    const pyKey = (await s.services.keys.issue({ tenantId: s.tenant.tenantId, scopes: ['ingest'] })).key;

    const doc: unknown = await (await fetch(`${s.url}/api/analytics/openapi.json`)).json();
    await s.proxy.cut();
    const cutAt = Date.now();

    // While cut: every way in says 503, when to retry, and nothing more (no host, port or SQL).
    const during = await everyWayIn();
    for (const [way, res] of Object.entries(during.answers)) {
      expect(res.status, `${way} while cut: ${during.bodies[way as never]}`).toBe(503);
      expect(res.headers.get('retry-after'), way).toBe(String(RETRY_AFTER_SECONDS));
    }
    expect(JSON.parse(during.bodies.ingest)).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: STORAGE_UNAVAILABLE_MESSAGE } });
    expect(JSON.parse(during.bodies.trpcIngest).error.message).toBe(STORAGE_UNAVAILABLE_MESSAGE);
    expect(JSON.parse(during.bodies.readyz)).toMatchObject({ status: 'not ready', checks: { database: false } });
    expect(during.bodies.ingest + during.bodies.read).not.toMatch(/ECONN|127\.0\.0\.1|SELECT|INSERT/);
    // ...each as the OpenAPI document declares it (503 with Retry-After, the Error shape).
    const plain = {
      ingest: ['POST', '/api/analytics/ingest/track'],
      read: ['GET', '/api/analytics/stats/trend?days=7'],
      csv: ['GET', '/api/analytics/sessions/list.csv'],
    };
    const recorded = Object.entries(plain).map(([way, [method, url]]): RecordedAnswer => {
      const res = during.answers[way as keyof typeof plain];
      return { kind: 'http', method: method!, url: url!, status: res.status, headers: res.headers, body: during.bodies[way as keyof typeof plain] };
    });
    expect(new OpenApiConformance(doc).problems(recorded)).toEqual([]);
    // The operator sees the outage as warnings, never as unexpected errors.
    expect(s.logs.filter((r) => r.msg === 'storage unavailable').length).toBeGreaterThan(0);
    expect(s.logs.filter((r) => r.level >= 50).map((r) => r.msg)).toEqual([]);

    // The two clients track N events each during the cut.
    const ts = trackOverHttp(s.url, tsKey);
    const py = python ? trackFromPython(s.url, pyKey) : undefined;

    // Both have been told 503 before PostgreSQL comes back.
    await eventually(() => {
      expect(s.answers.some((a) => a.key === `Bearer ${tsKey}` && a.status === 503)).toBe(true);
      if (py) expect(s.answers.some((a) => a.key === `Bearer ${pyKey}` && a.status === 503)).toBe(true);
    }, CUT_MS);
    await sleep(Math.max(0, CUT_MS - (Date.now() - cutAt)));
    expect(s.answers.filter((a) => a.key === `Bearer ${tsKey}`).every((a) => a.status === 503)).toBe(true);
    await s.proxy.restore();

    // Back without a restart: the pool reconnects by itself.
    await eventually(async () => expect((await fetch(`${s.url}/readyz`)).status).toBe(200), 15_000);
    const after = await everyWayIn();
    for (const [way, res] of Object.entries(after.answers)) expect(res.status, `${way} after restore: ${after.bodies[way as never]}`).toBe(200);

    // Every event of each client is stored exactly once, and each waited Retry-After between its tries.
    const tsResult = await ts;
    expect(tsResult.stats.written + tsResult.stats.duplicates).toBe(N);
    expect(tsResult.stats.dropped).toEqual({ queue_full: 0, queue_bytes: 0, store_rejected: 0, shutdown: 0 });
    expect(tsResult.stats.retried).toBeGreaterThan(0);
    expect(
      tsResult.issues.some((m) => m.includes(`503 (Retry-After ${RETRY_AFTER_SECONDS} s)`)),
      tsResult.issues.join('\n'),
    ).toBe(true);
    expectWaitedAsTold('TypeScript HTTP transport', s.answers, tsKey);
    expect([...(await s.rowsById(tsResult.ids)).values()].filter((n) => n !== 1)).toEqual([]);

    if (py) {
      const pyResult = await py;
      expect(pyResult.code, pyResult.output).toBe(0);
      const report = JSON.parse(pyResult.output.trim().split('\n').at(-1)!) as PythonReport;
      expect(report.drained, pyResult.output).toBe(true);
      expect(report.stats.written + report.stats.duplicates).toBe(N);
      expect(
        Object.values(report.stats.dropped).every((n) => n === 0),
        JSON.stringify(report.stats.dropped),
      ).toBe(true);
      expect(report.stats.retried).toBeGreaterThan(0);
      expect(pyResult.output).toContain(`(Retry-After ${RETRY_AFTER_SECONDS} s)`);
      expectWaitedAsTold('Python client', s.answers, pyKey);
      expect([...(await s.rowsById(report.ids)).values()].filter((n) => n !== 1)).toEqual([]);
    }
  }, 120_000);
});

/** After each 503 a client got, its next request came no sooner than Retry-After (less a little for clocks). */
function expectWaitedAsTold(client: string, answers: readonly Answer[], key: string): void {
  const mine = answers.filter((a) => a.key === `Bearer ${key}`);
  console.info(`${client}: ${N} events; its answers (status@ms): ${mine.map((a) => `${a.status}@${a.at - mine[0]!.at}`).join(' ')}`);
  expect(mine.some((a) => a.status === 503)).toBe(true);
  expect(mine.at(-1)?.status).toBe(200);
  for (let i = 1; i < mine.length; i++) {
    if (mine[i - 1]!.status !== 503) continue;
    expect(mine[i]!.at - mine[i - 1]!.at, `gap after 503 #${i}`).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000 - 250);
  }
}

/** The TypeScript HTTP transport (initTracker with url and apiKey): N events in one batch, flushed, then stopped. */
async function trackOverHttp(url: string, apiKey: string) {
  const issues: string[] = [];
  const tracker = initTracker(`outage-ts-${randomUUID()}`, {
    url,
    apiKey,
    // One batch, sent when flushed: its tries are the only requests this key makes.
    bufferSize: 1000,
    flushIntervalMs: 60_000,
    onError: (issue: TrackerIssue) => issues.push(issue.message),
  });
  const ids = Array.from({ length: N }, () => randomUUID());
  for (const [i, id] of ids.entries()) tracker.track('session.start', {}, `ts-${i}-${id}`, { id, channel: 'web' });
  await tracker.flush();
  const report = await tracker.stop({ deadlineMs: 5000 });
  return { ids, stats: report.stats, issues };
}

interface PythonReport {
  readonly ids: string[];
  readonly drained: boolean;
  readonly stats: { written: number; duplicates: number; retried: number; dropped: Record<string, number> };
}

// The Python client (clients/python) as a product runs it: N events in one batch, flush, shutdown, a report as the
// last line of stdout; its debug log (each retry with its Retry-After) on stderr.
const PYTHON_PRODUCT = `
import json, logging, sys, uuid
sys.path.insert(0, "clients/python")
from cs_analytics import Tracker
url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
tracker = Tracker("ai_chatbot", url, key, batch_size=1000, flush_interval_ms=60000, debug=True)
ids = [str(uuid.uuid4()) for _ in range(n)]
for i, event_id in enumerate(ids):
    tracker.track("session.start", {}, session_id="py-%d-%s" % (i, event_id), channel="web", event_id=event_id)
tracker.flush(timeout=60)
report = tracker.shutdown(timeout=5)
print(json.dumps({"ids": ids, "drained": report["drained"], "stats": report["stats"]}))
`;

function trackFromPython(url: string, key: string): Promise<{ code: number | null; output: string }> {
  return run('python3', ['-c', PYTHON_PRODUCT, url, key, String(N)]);
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    // stderr first, the report (stdout's last line) last.
    child.on('close', (code) => resolve({ code, output: `${stderr}\n${stdout}` }));
  });
}

async function pythonAvailable(): Promise<boolean> {
  const probe = await run('python3', ['-c', 'import sys; assert sys.version_info >= (3, 9)']).catch(() => ({ code: 1 }));
  if (probe.code === 0) return true;
  if (process.env.CI === 'true') throw new Error('python3 (3.9+) is required under CI for the outage test');
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
