// Ingest benchmark: events/s from track() to committed rows on PostgreSQL (the tracker with the product's defaults:
// batches of 1,000, 3 in flight), beside `psql \copy` of the same rows into the same table in the same run; medians
// of N runs and the ratio.
// Run: npx tsx bench/ingest/run.ts [events=200000] [runs=3]   (DATABASE_URL or TEST_DATABASE_URL, default local test db)
// A first run of a tenth of the events warms both sides up (JIT, prepared statements, caches) and is not counted.
// Beside the rates it prints the CPU seconds spent by this process and by the PostgreSQL server's processes (all of
// them: backends, WAL writer), which a shared machine disturbs less than wall time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const total = Number(process.argv[2] ?? 200_000);
const runs = Number(process.argv[3] ?? 3);
// The product's defaults (ANALYTICS_BUFFER_SIZE, ANALYTICS_MAX_IN_FLIGHT), unless BENCH_BUFFER_SIZE / BENCH_IN_FLIGHT say.
const defaults = new AnalyticsConfig();
const bufferSize = Number(process.env.BENCH_BUFFER_SIZE ?? defaults.bufferSize);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? defaults.maxInFlight);
const schema = `bench_ingest_${randomBytes(4).toString('hex')}`;

interface Row {
  id: string;
  name: EventName;
  occurredAt: Date;
  sessionId: string;
  channel: string | null;
  data: Record<string, unknown>;
}

/** Conversations as the chatbot sends them: start, user and AI turns, sometimes a look-up, a transfer, an end. */
function conversations(n: number): Row[] {
  const rows: Row[] = [];
  const base = Date.now() - 10 * 60_000;
  for (let s = 0; rows.length < n; s++) {
    const sessionId = `bench-${s}`;
    const at = (k: number) => new Date(base + ((s * 37 + k * 1000) % 540_000));
    const push = (name: EventName, data: Record<string, unknown>, k: number, channel: string | null = null) =>
      rows.push({ id: uuidV7Ids.next(), name, occurredAt: at(k), sessionId, channel, data });
    push('session.start', { customerId: `c${s % 5000}` }, 0, s % 3 === 0 ? 'app' : 'web');
    for (let turn = 1; turn <= 4; turn++) {
      push('message.user', { length: 40 + turn }, turn * 2);
      push('message.ai', { responseTimeMs: 600 + ((s * turn) % 900), model: 'doubao-pro', inputTokens: 512, outputTokens: 48 }, turn * 2 + 1);
    }
    if (s % 4 === 0) push('order.query', { found: s % 8 === 0, orderId: `o${s}` }, 10);
    push('session.end', { reason: 'resolved' }, 11);
  }
  return rows.slice(0, n);
}

/**
 * CPU seconds (user + system) used so far by the processes named `postgres` (Linux /proc), with their reaped
 * children's (a backend that ended, like psql's after \copy, is counted in the postmaster's cutime and cstime).
 */
function postgresCpu(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes(' (postgres) ')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // ended meanwhile
    }
  }
  return ticks / 100;
}

const cpuSec = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const handle = await openDatabase({
    databaseUrl: url,
    searchPath: schema,
    poolSize: 4,
    synchronousCommit: process.env.BENCH_SYNC_COMMIT !== 'off',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'ingest-bench-'));
  try {
    await migrateToLatest(handle.db);
    const rows = conversations(total);
    const store = new PostgresEventStore({ db: handle.db });
    await store.partitions.createAhead(new Date(Date.now() - 86_400_000), 2);

    // The \copy input: the very rows the tracker writes, as CSV, prepared before any clock starts.
    const csv = path.join(dir, 'events.csv');
    const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
    writeFileSync(
      csv,
      rows
        .map((r) =>
          ['bench', r.id, r.name, r.occurredAt.toISOString(), r.sessionId, '', r.channel ?? '', 'ai_chatbot', q(JSON.stringify(r.data))].join(','),
        )
        .join('\n'),
    );
    const reset = () => sql`TRUNCATE analytics_events, analytics_event_ids, analytics_sessions, analytics_dirty_days`.execute(handle.db);
    const count = async () => Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.analytics_events`)).rows[0].n);

    const trackerRates: number[] = [];
    const copyRates: number[] = [];
    const cpu = { trackerNode: [] as number[], trackerPg: [] as number[], copyPg: [] as number[] };
    for (let run = 0; run <= runs; run++) {
      const part = run === 0 ? rows.slice(0, Math.ceil(total / 10)) : rows; // run 0 warms up, uncounted
      await reset();
      const tracker = new AnalyticsTracker(
        'ai_chatbot',
        { events: store, clock: systemClock, ids: uuidV7Ids },
        { tenantId: 'bench', bufferSize, maxInFlight: inFlight, flushIntervalMs: 60_000, maxQueueEvents: total + 1, maxQueueBytes: 2 ** 34 },
      );
      const [node0, pg0] = [process.cpuUsage(), postgresCpu()];
      let t = performance.now();
      // As a busy product calls it: track() runs in bursts between the event loop's other work (here, the flushes).
      for (let i = 0; i < part.length; i++) {
        const r = part[i]!;
        tracker.track(r.name, r.data as never, r.sessionId, { id: r.id, occurredAt: r.occurredAt, ...(r.channel ? { channel: r.channel } : {}) });
        if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      }
      await tracker.flush();
      const trackerSec = (performance.now() - t) / 1000;
      const [nodeCpu, pgCpu] = [cpuSec(process.cpuUsage(node0)), postgresCpu() - pg0];
      const stats = tracker.stats();
      await tracker.stop();
      if (stats.written !== part.length || (await count()) !== part.length)
        throw new Error(`tracker stored ${stats.written} of ${part.length}: ${stats.lastError?.message}`);

      await reset();
      const copyPg0 = postgresCpu();
      t = performance.now();
      execFileSync('psql', [
        url,
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy ${schema}.analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data) FROM '${csv}' WITH (FORMAT csv)`,
      ]);
      const copySec = (performance.now() - t) / 1000;
      const copyPg = postgresCpu() - copyPg0;
      if ((await count()) !== total) throw new Error('\\copy did not load every row');
      if (run === 0) continue;
      trackerRates.push(total / trackerSec);
      copyRates.push(total / copySec);
      cpu.trackerNode.push(nodeCpu);
      cpu.trackerPg.push(pgCpu);
      cpu.copyPg.push(copyPg);
      console.log(
        `run ${run}: tracker ${fmt(total / trackerSec)} events/s (CPU s: node ${nodeCpu.toFixed(2)}, postgres ${pgCpu.toFixed(2)}), ` +
          `\\copy ${fmt(total / copySec)} rows/s (postgres ${copyPg.toFixed(2)})`,
      );
    }
    const tr = median(trackerRates);
    const cp = median(copyRates);
    console.log(`\n${fmt(total)} events x ${runs} runs (medians)`);
    console.log(`track() -> committed (batches of ${bufferSize}, ${inFlight} in flight, ids + session facts + dirty days): ${fmt(tr)} events/s`);
    console.log(`psql \\copy of the same rows into the same table (events only):                       ${fmt(cp)} rows/s`);
    console.log(`ratio: ${((tr / cp) * 100).toFixed(0)}% of \\copy   (target: >= 50,000 events/s and >= 60%)`);
    const m = (xs: number[]) => median(xs).toFixed(2);
    console.log(
      `CPU seconds per ${fmt(total)} events (medians): tracker node ${m(cpu.trackerNode)} + postgres ${m(cpu.trackerPg)}; \\copy postgres ${m(cpu.copyPg)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await handle.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

await main();
