// Start-up benchmark: time from spawning `cs-analytics serve` to its first 200 on /healthz, the compiled command
// (bin/cs-analytics.js running dist/) against the same command on the TypeScript sources through tsx (the baseline,
// bin/cs-analytics-source.js), runs interleaved in the same run. Once on PostgreSQL (a schema of its own, named in
// DATABASE_URL's `options`), once on the embedded default (PGlite in a temp data folder). Each database is migrated
// by an untimed first start, so the timed starts are restarts. Prints medians, the ratio and the 1.5 s target, and
// beside them the CPU the server process had spent when it answered (Linux /proc): wall time on a shared machine
// grows with the other processes' load, CPU time much less.
// Run: npx tsx bench/startup/run.ts   (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
//   BENCH_RUNS, default 7; BENCH_VARIANTS=compiled skips the tsx baseline while iterating)
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../test/support/free-port.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 1500;
const GIVE_UP_MS = 60_000;

const commands = {
  compiled: path.join(root, 'bin/cs-analytics.js'),
  tsx: path.join(root, 'bin/cs-analytics-source.js'),
} as const;
type Variant = keyof typeof commands;
const variants = (process.env.BENCH_VARIANTS ?? 'compiled,tsx').split(',').filter((v): v is Variant => v in commands);

/** CPU (user + system) a process has spent so far, in ms; NaN where /proc is not there. */
function cpuMs(pid: number | undefined): number {
  try {
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th (clock ticks of 10 ms).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Start {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Spawns `serve`, polls /healthz every 5 ms: the time to the first 200 and the CPU spent by then; stops the server. */
async function startOnce(variant: Variant, env: NodeJS.ProcessEnv): Promise<Start> {
  const port = await freePort();
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, [commands[variant], 'serve'], {
    cwd: root,
    env: { ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = once(child, 'exit');
  let elapsed: Start | undefined;
  try {
    while (elapsed === undefined) {
      if (child.exitCode !== null) throw new Error(`${variant} serve exited ${child.exitCode} before /healthz:\n${output}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`${variant} serve: no /healthz within ${GIVE_UP_MS} ms:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) elapsed = { wallMs: performance.now() - started, cpuMs: cpuMs(child.pid) };
      else await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
  return elapsed;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One untimed start (migrates), then RUNS timed starts of each variant, interleaved. */
async function measure(label: string, env: NodeJS.ProcessEnv): Promise<void> {
  await startOnce('compiled', env);
  const times: Record<Variant, Start[]> = { compiled: [], tsx: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const variant of i % 2 ? [...variants].reverse() : variants) times[variant].push(await startOnce(variant, env));
  }
  const wall = (v: Variant) => times[v].map((t) => t.wallMs);
  const cpu = (v: Variant) => median(times[v].map((t) => t.cpuMs)).toFixed(0);
  const all = (v: Variant) => wall(v).map(Math.round).join(' ');
  console.log(`\n${label}: spawn -> first 200 on /healthz, median of ${RUNS} (load average ${loadavg()[0]!.toFixed(1)})`);
  const names = { compiled: 'compiled (dist) ', tsx: 'tsx (sources)   ' };
  for (const v of variants) console.log(`  ${names[v]} ${median(wall(v)).toFixed(0).padStart(6)} ms   cpu ${cpu(v)} ms   [${all(v)}]`);
  const compiled = median(wall('compiled'));
  if (variants.includes('tsx')) {
    const tsx = median(wall('tsx'));
    console.log(`  compiled / tsx   ${(compiled / tsx).toFixed(2)}  (tsx takes ${(tsx / compiled).toFixed(1)}x as long)`);
  }
  console.log(`  target           compiled <= ${TARGET_MS} ms: ${compiled <= TARGET_MS ? 'met' : 'NOT met'}`);
}

async function main(): Promise<void> {
  console.log('building dist/ (incremental) ...');
  const built = performance.now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  console.log(`build: ${((performance.now() - built) / 1000).toFixed(1)} s`);

  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const schema = `bench_startup_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-analytics-startup-'));
  try {
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    await measure('PostgreSQL', { ...inherited, DATABASE_URL: url.toString() });
    await measure('embedded (PGlite, temp data folder)', { ...inherited, ANALYTICS_DATA_DIR: path.join(dataDir, 'pglite') });
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
