// HTTP ingest benchmark: events/s through POST /api/analytics/ingest/track from autocannon on the same machine,
// against the server (own process) on the real PostgreSQL. Baselines in the same run, before and after: an
// AnalyticsTracker with the product's defaults fed the same event mix in-process, (a) writing events only, and
// (b) as a TypeScript product runs it beside the service, on trackerPorts(services): events + the derived updates
// (realtime projection, token usage) HTTP ingest also feeds. (b) is like for like, and the target is judged on it.
// Every rate is events / time until stored AND derived updates applied. Prints ratios, latency, the CPU each side
// spent per event, and checks that stored == accepted and every token usage was recorded (nothing lost).
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
import type { SinkQueueStats } from '../../domain/tracker/sink-queue.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { totalDropped } from '../../domain/tracker/tracker-stats.ts';
import { trackerPorts } from '../../transport/fastify-plugin/service-ports.ts';

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
/** Token usages (message.ai with tokens) in each batch: what the usage sink must record per batch. */
let usagesPerBatch = 0;
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
  usagesPerBatch = events.filter((e) => e.name === 'message.ai').length;
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

interface BenchServer {
  url: string;
  key: string;
  pid: number;
  /** Applies the server's pending derived updates (realtime, token usage); resolves with its sinks' stats. */
  drain(): Promise<SinkQueueStats>;
  stop(): Promise<void>;
}

async function startServer(schema: string): Promise<BenchServer> {
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
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return {
    url,
    key,
    pid: child.pid!,
    async drain() {
      const answer = once(child, 'message');
      child.send('drain');
      return (await answer)[0] as SinkQueueStats;
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * `requests` batches over HTTP; every response is awaited, so accepted counts every stored event. The clock stops
 * once the server has also applied the derived updates of every accepted event.
 */
async function overHttp(server: BenchServer, requests: number) {
  const { url, key, pid } = server;
  const bodies = Array.from({ length: requests }, () => JSON.stringify({ events: batch() }));
  let next = 0;
  let accepted = 0;
  let refused = 0;
  const cpu = { server: cpuSeconds(pid), db: cpuSeconds() };
  const started = performance.now();
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
  const storedSec = (performance.now() - started) / 1000;
  const sinks = await server.drain();
  const seconds = (performance.now() - started) / 1000;
  return {
    eventsPerSec: accepted / seconds,
    storedPerSec: accepted / storedSec,
    accepted,
    refused,
    derivedLost: sinks.dropped + sinks.pending,
    p50: result.latency.p50 as number,
    p99: result.latency.p99 as number,
    /** CPU µs per accepted event: the server process, and PostgreSQL's processes. */
    serverUs: ((cpuSeconds(pid) - cpu.server) * 1e6) / accepted,
    dbUs: ((cpuSeconds() - cpu.db) * 1e6) / accepted,
  };
}

/**
 * The tracker in a TypeScript product's process: AnalyticsTracker with the product's defaults (batches of
 * ANALYTICS_BUFFER_SIZE, ANALYTICS_MAX_IN_FLIGHT at once) over createServices(), fed the same event mix as fast as its
 * queue takes it for SECONDS, then drained. `derived`: on trackerPorts(services) (events + realtime + token usage,
 * as HTTP ingest does), else events only. Rate = events written / time until stored and derived updates applied.
 */
async function trackerBaseline(schema: string, tenantId: string, derived: boolean) {
  const services = await createServices(new AnalyticsConfig({ databaseUrl }), { searchPath: schema });
  try {
    await services.tenants.create({ tenantId });
    const ports = derived ? trackerPorts(services) : { events: services.events, clock: systemClock, ids: uuidV7Ids };
    const tracker = new AnalyticsTracker('ai_chatbot', ports, { tenantId }).start();
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
    for (let i = 0; i < 100 && services.sinks.stats().pending > 0; i++) await services.sinks.drain();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu.self);
    const sinks = services.sinks.stats();
    return {
      eventsPerSec: stats.written / seconds,
      lost: totalDropped(stats) + stats.invalid + sinks.dropped + sinks.pending,
      selfUs: ((used.user + used.system) / 1e6 / stats.written) * 1e6,
      dbUs: ((cpuSeconds() - cpu.db) * 1e6) / stats.written,
    };
  } finally {
    await services.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
type Baseline = Awaited<ReturnType<typeof trackerBaseline>>;
/** The mean of the runs before and after the HTTP run, printed with both. */
function baselineLine(label: string, runs: Baseline[]): { line: string; rate: number } {
  const rate = runs.reduce((n, r) => n + r.eventsPerSec, 0) / runs.length;
  const mean = (pick: (r: Baseline) => number) => (runs.reduce((n, r) => n + pick(r), 0) / runs.length).toFixed(1);
  const lost = runs.reduce((n, r) => n + r.lost, 0);
  return {
    rate,
    line:
      `  ${label}\n    ${fmt(rate)} events/s  (${SECONDS}s each; before ${fmt(runs[0]!.eventsPerSec)}, after ${fmt(runs[1]!.eventsPerSec)}, lost ${lost}); ` +
      `CPU/event: tracker process ${mean((r) => r.selfUs)} µs, PostgreSQL ${mean((r) => r.dbUs)} µs`,
  };
}

const schema = `bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE SCHEMA ${schema}`);
try {
  // The baselines run before and after the HTTP run (in mirrored order): on a shared machine, load moves.
  const plainBefore = await trackerBaseline(schema, 'bench-base-1', false);
  const portsBefore = await trackerBaseline(schema, 'bench-base-2', true);
  const server = await startServer(schema);
  let http: Awaited<ReturnType<typeof overHttp>>;
  let acceptedTotal = 0;
  try {
    acceptedTotal += (await overHttp(server, REQUESTS / 5)).accepted; // warm-up: JIT, partition, pool
    http = await overHttp(server, REQUESTS);
    acceptedTotal += http.accepted;
  } finally {
    await server.stop();
  }
  const storedHttp = await admin(`SELECT count(*) AS n FROM ${schema}.analytics_events WHERE tenant_id = 'bench-http'`);
  const usagesHttp = await admin(`SELECT count(*) AS n FROM ${schema}.analytics_token_usage WHERE tenant_id = 'bench-http'`);
  const portsAfter = await trackerBaseline(schema, 'bench-base-3', true);
  const plainAfter = await trackerBaseline(schema, 'bench-base-4', false);
  const plain = baselineLine('tracker, events only (AnalyticsTracker -> PostgresEventStore):', [plainBefore, plainAfter]);
  const ports = baselineLine('tracker as products run it in-process (trackerPorts: events + realtime + usage) -- like for like:', [
    portsBefore,
    portsAfter,
  ]);
  const ratio = http.eventsPerSec / ports.rate;
  const plainRatio = http.eventsPerSec / plain.rate;
  const expectedUsages = (acceptedTotal / BATCH) * usagesPerBatch;
  console.log(
    `HTTP ingest: ${REQUESTS} requests of ${BATCH} events, ${CONNECTIONS} connections (${CONNECTIONS * BATCH} events in flight), PostgreSQL; ` +
      'rates until stored and derived updates applied',
  );
  console.log(
    `  over HTTP (events + realtime + usage in the server):\n    ${fmt(http.eventsPerSec)} events/s  (${fmt(http.storedPerSec)} until stored) ` +
      `latency p50 ${http.p50} ms, p99 ${http.p99} ms, refused ${http.refused}, derived lost ${http.derivedLost}; ` +
      `CPU/event: server ${http.serverUs.toFixed(1)} µs, PostgreSQL ${http.dbUs.toFixed(1)} µs`,
  );
  console.log(ports.line);
  console.log(plain.line);
  console.log(
    `  ratio:      ${ratio.toFixed(2)} of the tracker like for like, trackerPorts (target >= ${TARGET_RATIO}) -> ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}; ` +
      `${plainRatio.toFixed(2)} of the events-only tracker (for reference)`,
  );
  console.log(`  p50:        ${http.p50} ms (target < ${TARGET_P50_MS} ms) -> ${http.p50 < TARGET_P50_MS ? 'met' : 'NOT met'}`);
  console.log(
    `  stored:     ${fmt(storedHttp)} rows for ${fmt(acceptedTotal)} accepted (warm-up included); ` +
      `token usages ${fmt(usagesHttp)} of ${fmt(expectedUsages)}`,
  );
  if (storedHttp !== acceptedTotal || usagesHttp !== expectedUsages || http.derivedLost > 0) {
    console.error('  LOST OR DOUBLED: stored count differs from accepted count, or derived updates are missing');
    process.exitCode = 1;
  }
} finally {
  await admin(`DROP SCHEMA ${schema} CASCADE`);
}
