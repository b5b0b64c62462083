// HTTP ingest benchmark: events/s through POST /api/analytics/ingest/track from autocannon on the same machine,
// against the server (own process) on the real PostgreSQL. Baseline in the same run, before and after: an
// AnalyticsTracker with the product's defaults writing the same event mix straight into PostgreSQL's EventStore.
// Prints the ratio, latency, the CPU each side spent per event, and checks that stored == accepted (nothing lost).
// Run: npx tsx bench/http-ingest/run.ts   (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_CONNECTIONS, BENCH_BATCH, BENCH_REQUESTS, BENCH_SECONDS shape the load; BENCH_PROF=<dir> profiles the server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import pg from 'pg';
import { createServices } from '../../adapters/index.ts';
import { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { totalDropped } from '../../domain/tracker/tracker-stats.ts';

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Events per request: what a product's HTTP transport sends at a time under steady traffic. */
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** Requests of the measured run; the warm-up sends a fifth of it. */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
// The load shape: a few product processes, each with its tracker's maxInFlight (3) requests open at once. Every
// connection waits for its answer, so (Little's law) p50 ~ CONNECTIONS x BATCH / rate: 12 x 100 events in flight
// answer within 50 ms only at >= 24k events/s. The shape is printed with the figures.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 12);
const TARGET_RATIO = 0.6;
const TARGET_P50_MS = 50;

interface BenchEvent {
  id: string;
  name: EventName;
  sessionId: string;
  channel?: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

let seq = 0;
/** `BATCH` events as a product sends them: sessions' lives of 8 events (unique ids, so nothing is a duplicate). */
function batch(): BenchEvent[] {
  const events: BenchEvent[] = [];
  const now = Date.now();
  for (let i = 0; i < BATCH; i++) {
    const sessionId = `s-${seq}-${i >> 3}`;
    const occurredAt = new Date(now - 60_000 + i).toISOString();
    const id = uuidV7Ids.next();
    const step = i & 7;
    events.push(
      step === 0
        ? { id, name: 'session.start', sessionId, channel: 'web', occurredAt, data: { customerId: `c${i}` } }
        : step === 7
          ? { id, name: 'session.end', sessionId, occurredAt, data: { reason: 'resolved' } }
          : step % 2 === 1
            ? { id, name: 'message.user', sessionId, occurredAt, data: { length: 42 } }
            : {
                id,
                name: 'message.ai',
                sessionId,
                occurredAt,
                data: { responseTimeMs: 800 + i, model: 'doubao-pro', inputTokens: 600, outputTokens: 40 },
              },
    );
  }
  seq++;
  return events;
}

async function admin(text: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(text);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** CPU seconds (user + system) used so far by process `pid`, or by every process named `postgres` (Linux /proc). */
function cpuSeconds(pid?: number): number {
  let ticks = 0;
  for (const p of pid === undefined ? readdirSync('/proc') : [String(pid)]) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (pid === undefined && !stat.includes(' (postgres) ')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + (pid === undefined ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      // ended meanwhile
    }
  }
  return ticks / 100;
}

async function startServer(schema: string): Promise<{ url: string; key: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      '--import',
      'tsx',
      fileURLToPath(new URL('./server.ts', import.meta.url)),
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return {
    url,
    key,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** `requests` batches over HTTP; every response is awaited, so accepted counts every stored event. */
async function overHttp(url: string, key: string, pid: number, requests: number) {
  const bodies = Array.from({ length: requests }, () => JSON.stringify({ events: batch() }));
  let next = 0;
  let accepted = 0;
  let refused = 0;
  const cpu = { server: cpuSeconds(pid), db: cpuSeconds() };
  const result = await autocannon({
    url: `${url}/api/analytics/ingest/track`,
    connections: CONNECTIONS,
    amount: requests,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (req: object) => ({ ...req, body: bodies[next++ % bodies.length] }),
        onResponse: (status: number, body: string) => {
          if (status === 200) accepted += (JSON.parse(body) as { accepted: number }).accepted;
          else refused++;
        },
      },
    ],
  });
  return {
    eventsPerSec: accepted / (result.duration as number),
    accepted,
    refused,
    p50: result.latency.p50 as number,
    p99: result.latency.p99 as number,
    /** CPU µs per accepted event: the server process, and PostgreSQL's processes. */
    serverUs: ((cpuSeconds(pid) - cpu.server) * 1e6) / accepted,
    dbUs: ((cpuSeconds() - cpu.db) * 1e6) / accepted,
  };
}

/**
 * The tracker as a TypeScript product runs it next to the database: AnalyticsTracker with the product's defaults
 * (batches of ANALYTICS_BUFFER_SIZE, ANALYTICS_MAX_IN_FLIGHT at once) over createServices().events, fed the same
 * event mix as fast as its queue takes it for SECONDS, then drained. Rate = events written / time until drained.
 */
async function trackerBaseline(schema: string, tenantId: string) {
  const services = await createServices(new AnalyticsConfig({ databaseUrl }), { searchPath: schema });
  try {
    await services.tenants.create({ tenantId });
    const tracker = new AnalyticsTracker('ai_chatbot', { events: services.events, clock: systemClock, ids: uuidV7Ids }, { tenantId }).start();
    const cpu = { self: process.cpuUsage(), db: cpuSeconds() };
    const started = performance.now();
    const until = started + SECONDS * 1000;
    while (performance.now() < until) {
      // Keep a few batches waiting, never near the queue's bound (nothing is dropped).
      while (tracker.stats().queued < 10_000) {
        for (const e of batch()) tracker.track(e.name, e.data as never, e.sessionId, { id: e.id, occurredAt: e.occurredAt, channel: e.channel });
      }
      await sleep(2);
    }
    const { stats } = await tracker.stop({ deadlineMs: 60_000 });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu.self);
    return {
      eventsPerSec: stats.written / seconds,
      lost: totalDropped(stats) + stats.invalid,
      selfUs: ((used.user + used.system) / 1e6 / stats.written) * 1e6,
      dbUs: ((cpuSeconds() - cpu.db) * 1e6) / stats.written,
    };
  } finally {
    await services.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const schema = `bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE SCHEMA ${schema}`);
try {
  // The baseline runs before and after the HTTP run: on a shared machine, load moves between runs.
  const before = await trackerBaseline(schema, 'bench-base-1');
  const server = await startServer(schema);
  let http: Awaited<ReturnType<typeof overHttp>>;
  let acceptedTotal = 0;
  try {
    acceptedTotal += (await overHttp(server.url, server.key, server.pid, REQUESTS / 5)).accepted; // warm-up: JIT, partition, pool
    http = await overHttp(server.url, server.key, server.pid, REQUESTS);
    acceptedTotal += http.accepted;
  } finally {
    await server.stop();
  }
  const storedHttp = await admin(`SELECT count(*) AS n FROM ${schema}.analytics_events WHERE tenant_id = 'bench-http'`);
  const after = await trackerBaseline(schema, 'bench-base-2');
  const base = (before.eventsPerSec + after.eventsPerSec) / 2;
  const ratio = http.eventsPerSec / base;
  console.log(
    `HTTP ingest: ${REQUESTS} requests of ${BATCH} events, ${CONNECTIONS} connections (${CONNECTIONS * BATCH} events in flight), PostgreSQL`,
  );
  console.log(
    `  over HTTP:  ${fmt(http.eventsPerSec)} events/s  latency p50 ${http.p50} ms, p99 ${http.p99} ms, refused ${http.refused}; ` +
      `CPU/event: server ${http.serverUs.toFixed(1)} µs, PostgreSQL ${http.dbUs.toFixed(1)} µs`,
  );
  console.log(
    `  tracker:    ${fmt(base)} events/s  (AnalyticsTracker -> PostgresEventStore, ${SECONDS}s; before ${fmt(before.eventsPerSec)}, after ${fmt(after.eventsPerSec)}, lost ${before.lost + after.lost}); ` +
      `CPU/event: tracker ${((before.selfUs + after.selfUs) / 2).toFixed(1)} µs, PostgreSQL ${((before.dbUs + after.dbUs) / 2).toFixed(1)} µs`,
  );
  console.log(`  ratio:      ${ratio.toFixed(2)} of the tracker (target >= ${TARGET_RATIO}) -> ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  console.log(`  p50:        ${http.p50} ms (target < ${TARGET_P50_MS} ms) -> ${http.p50 < TARGET_P50_MS ? 'met' : 'NOT met'}`);
  console.log(`  stored:     ${fmt(storedHttp)} rows for ${fmt(acceptedTotal)} accepted (warm-up included)`);
  if (storedHttp !== acceptedTotal) {
    console.error('  LOST OR DOUBLED: stored count differs from accepted count');
    process.exitCode = 1;
  }
} finally {
  await admin(`DROP SCHEMA ${schema} CASCADE`);
}
