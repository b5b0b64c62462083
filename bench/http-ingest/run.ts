// HTTP ingest benchmark: events/s through POST /api/analytics/ingest/track in batches of 100 from autocannon on the
// same machine, against the server (own process) on the real PostgreSQL; baseline in the same run: the same batches
// straight into EventStore.append. Prints the ratio and checks that stored == accepted (nothing lost).
// Run: npx tsx bench/http-ingest/run.ts   (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import pg from 'pg';
import { createServices } from '../../adapters/index.ts';
import { uuidV7Ids } from '../../adapters/system/system-clock.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { validateEvent, type AnalyticsEvent } from '../../domain/events/envelope.ts';

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Requests of the measured run (batches of 100); the warm-up sends a fifth of it. */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
// Each connection waits for its answer, and a group-committed answer takes ~50 ms: 16 connections cap the rate near
// 16 x 100 / 0.05 s whatever the server could take. 32 senders (several product processes) is the default; the
// figure is printed with the count, and BENCH_CONNECTIONS=16 shows the latency-bound case.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TARGET = 30_000;

let seq = 0;
/** One batch as a product sends it: a session's life in 100 events (unique ids, so nothing is a duplicate). */
function batch(): object[] {
  const events: object[] = [];
  const now = Date.now();
  for (let i = 0; i < BATCH; i++) {
    const session = `s-${seq}-${i >> 3}`;
    const occurredAt = new Date(now - 60_000 + i).toISOString();
    const id = uuidV7Ids.next();
    const step = i & 7;
    events.push(
      step === 0
        ? { id, name: 'session.start', sessionId: session, channel: 'web', occurredAt, data: { customerId: `c${i}` } }
        : step === 7
          ? { id, name: 'session.end', sessionId: session, occurredAt, data: { reason: 'resolved' } }
          : step % 2 === 1
            ? { id, name: 'message.user', sessionId: session, occurredAt, data: { length: 42 } }
            : {
                id,
                name: 'message.ai',
                sessionId: session,
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

async function startServer(schema: string): Promise<{ url: string; key: string; stop(): Promise<void> }> {
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
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** `requests` batches over HTTP; every response is awaited, so accepted counts every stored event. */
async function overHttp(url: string, key: string, requests: number) {
  const bodies = Array.from({ length: requests }, () => JSON.stringify({ events: batch() }));
  let next = 0;
  let accepted = 0;
  let refused = 0;
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
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/**
 * The same batches, validated and appended straight to the EventStore one after another: the store's best rate for
 * batches of 100 (concurrent appends of one tenant contend in PostgreSQL and go slower, which is why ingest coalesces).
 */
async function baseline(schema: string, tenantId: string, inFlight = 1) {
  const services = await createServices(new AnalyticsConfig({ databaseUrl }), { searchPath: schema });
  try {
    await services.tenants.create({ tenantId });
    const ctx = { tenantId, retentionDays: 90, newId: () => uuidV7Ids.next() };
    let stored = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (Date.now() < until) {
          const now = new Date();
          const events = batch().flatMap((raw) => {
            const v = validateEvent(raw, { ...ctx, now });
            return v.ok ? [v.event] : [];
          }) as AnalyticsEvent[];
          stored += (await services.events.append(events)).stored.length;
        }
      }),
    );
    return { eventsPerSec: stored / SECONDS };
  } finally {
    await services.close();
  }
}

const schema = `bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE SCHEMA ${schema}`);
try {
  // The baseline runs before and after the HTTP run: on a shared machine, load moves between runs.
  const before = await baseline(schema, 'bench-base-1');
  const server = await startServer(schema);
  let http: Awaited<ReturnType<typeof overHttp>>;
  let acceptedTotal = 0;
  try {
    acceptedTotal += (await overHttp(server.url, server.key, REQUESTS / 5)).accepted; // warm-up: JIT, day partition, pool
    http = await overHttp(server.url, server.key, REQUESTS);
    acceptedTotal += http.accepted;
  } finally {
    await server.stop();
  }
  const storedHttp = await admin(`SELECT count(*) AS n FROM ${schema}.analytics_events WHERE tenant_id = 'bench-http'`);
  const after = await baseline(schema, 'bench-base-2');
  const base = { eventsPerSec: (before.eventsPerSec + after.eventsPerSec) / 2 };
  console.log(`HTTP ingest, ${REQUESTS} batches of ${BATCH}, ${CONNECTIONS} connections, PostgreSQL (baseline ${SECONDS}s):`);
  console.log(
    `  over HTTP:  ${Math.round(http.eventsPerSec).toLocaleString('en')} events/s  (latency p50 ${http.p50} ms, p99 ${http.p99} ms, refused ${http.refused})`,
  );
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  console.log(
    `  baseline:   ${fmt(base.eventsPerSec)} events/s  (EventStore.append, one batch at a time; before ${fmt(before.eventsPerSec)}, after ${fmt(after.eventsPerSec)})`,
  );
  console.log(`  ratio:      ${(http.eventsPerSec / base.eventsPerSec).toFixed(2)} of the baseline`);
  console.log(`  target:     ${TARGET.toLocaleString('en')} events/s -> ${http.eventsPerSec >= TARGET ? 'met' : 'NOT met'}`);
  console.log(`  stored:     ${storedHttp.toLocaleString('en')} rows for ${acceptedTotal.toLocaleString('en')} accepted (warm-up included)`);
  if (storedHttp !== acceptedTotal) {
    console.error('  LOST OR DOUBLED: stored count differs from accepted count');
    process.exitCode = 1;
  }
} finally {
  await admin(`DROP SCHEMA ${schema} CASCADE`);
}
