// The package as a product gets it: `npm pack`, then `npm install --omit=dev <tarball>` into an empty project with
// the tsconfig `tsc --init` writes; a small product importing `cs-analytics/tracker` type-checks, compiles and runs
// under plain `node` against a server started from the installed package's own bin, and its events arrive once.
// Slow (build, pack, a registry install): it never skips, the npm registry must be reachable.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { importGraph, serverPackages } from './import-graph.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(path.join(tmpdir(), 'cs-analytics-pack-'));
const project = path.join(work, 'product');
const installed = path.join(project, 'node_modules/cs-analytics');
const bin = path.join(project, 'node_modules/.bin/cs-analytics');
const sessionId = `pack-${process.pid}-${Date.now()}`;

/** Runs a command to its end; a failure throws with its output. */
async function sh(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  try {
    return await run(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

let tarball = '';
let server: ChildProcess | undefined;
let serverOutput = '';
let url = '';
let key = '';
/** The server's environment: the embedded database in a temp folder, nothing of this machine's own settings. */
const { DATABASE_URL: _db, REDIS_URL: _redis, CS_ANALYTICS_URL: _u, CS_ANALYTICS_API_KEY: _k, ...inherited } = process.env;
const serverEnv: NodeJS.ProcessEnv = { ...inherited, ANALYTICS_DATA_DIR: path.join(work, 'pglite'), LOG_LEVEL: 'warn' };

beforeAll(async () => {
  // What prepack does, without rebuilding a workbench that is already built (other suites read web/dist meanwhile).
  const { NODE_ENV: _mode, ...buildEnv } = process.env;
  await sh('npm', ['run', 'build'], root, buildEnv);
  if (!existsSync(path.join(root, 'web/dist/index.html'))) await sh('npm', ['run', 'build:web'], root, buildEnv);
  const packed = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root, buildEnv);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  tarball = path.join(work, info!.filename);
  console.log(
    `packed ${info!.filename}: ${(info!.size / 1024).toFixed(0)} KiB, ${(info!.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${info!.entryCount} files`,
  );

  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'product', private: true, type: 'module' }));
  await sh('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], project);
  await sh(process.execPath, [tsc, '--init'], project);

  // A key made by the installed command before serve starts (PGlite is one process's database).
  await sh(bin, ['tenants', 'create', '--tenant', 'shop'], project, serverEnv);
  const made = await sh(bin, ['keys', 'create', '--tenant', 'shop', '--scopes', 'ingest,read'], project, serverEnv);
  key = made.stdout.trimEnd().split('\n').at(-1)!.trim();

  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--no-demo'], { cwd: project, env: { ...serverEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (c) => (serverOutput += c));
  server.stderr!.on('data', (c) => (serverOutput += c));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the installed serve exited ${server.exitCode}:\n${serverOutput}`);
    if (Date.now() > deadline) throw new Error(`the installed serve never answered /healthz:\n${serverOutput}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
}, 600_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  rmSync(work, { recursive: true, force: true });
});

describe('cs-analytics as an installed package', () => {
  it('ships the compiled package, not its tests or TypeScript sources', () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { private?: boolean; license?: string };
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(statSync(path.join(installed, 'dist/transport/package/tracker.js')).isFile()).toBe(true);
    expect(statSync(path.join(installed, 'dist/transport/package/tracker.d.ts')).isFile()).toBe(true);
    expect(statSync(path.join(installed, 'web/dist/index.html')).isFile()).toBe(true);
    expect(statSync(path.join(installed, 'LICENSE')).isFile()).toBe(true);
    for (const absent of ['test', 'bench', 'domain', 'index.ts', 'tsconfig.json', 'dist/.tsbuildinfo']) {
      expect(() => statSync(path.join(installed, absent)), absent).toThrow();
    }
    // A production install has none of the web-only libraries nor tsx (typescript does come: @trpc/server's peer).
    for (const devOnly of ['react', 'react-dom', 'recharts', 'i18next', '@tanstack/react-query', 'tsx', 'vite']) {
      expect(() => statSync(path.join(project, 'node_modules', devOnly)), devOnly).toThrow();
    }
  });

  it('a product on cs-analytics/tracker type-checks with the default tsconfig, runs under node, its events arrive once', async () => {
    const product = [
      "import { initTracker, TypedEvents, type StopReport } from 'cs-analytics/tracker';",
      '',
      `const tracker = initTracker('ai_chatbot', { url: ${JSON.stringify(url)}, apiKey: ${JSON.stringify(key)} });`,
      'const events = new TypedEvents(tracker);',
      `const sessionId = ${JSON.stringify(sessionId)};`,
      "events.sessionStart({ sessionId, channel: 'web', customerId: 'c-1' });",
      'events.userMessage({ sessionId, length: 12 });',
      "events.aiMessage({ sessionId, responseTimeMs: 840, model: 'doubao', inputTokens: 600, outputTokens: 40 });",
      "events.sessionEnd({ sessionId, reason: 'resolved' });",
      "tracker.track('session.rated', { score: 5 }, sessionId);",
      'const report: StopReport = await tracker.stop({ deadlineMs: 10_000 });',
      'console.log(JSON.stringify(report));',
      '',
    ].join('\n');
    writeFileSync(path.join(project, 'product.ts'), product);
    await sh(process.execPath, [tsc, '-p', '.'], project); // throws with tsc's errors on any
    const ran = await sh(process.execPath, ['product.js'], project, inherited);
    const report = JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as { drained: boolean; stats: { written: number; duplicates: number } };
    expect(report.drained).toBe(true);
    expect(report.stats.written).toBe(5);

    const res = await fetch(`${url}/api/analytics/sessions/get?sessionId=${encodeURIComponent(sessionId)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { timeline: { id: string; name: string; product: string | null }[] };
    expect(session.timeline.map((e) => e.name).sort()).toEqual(['message.ai', 'message.user', 'session.end', 'session.rated', 'session.start']);
    expect(new Set(session.timeline.map((e) => e.id)).size).toBe(5);
    expect(session.timeline.every((e) => e.product === 'ai_chatbot')).toBe(true);
  });

  it('the installed server serves the workbench at /', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/<!doctype html>/i);
  });

  it('cs-analytics/tracker loads nothing of the server: its compiled graph and what node loads for it', async () => {
    const graph = importGraph(path.join(installed, 'dist/transport/package/tracker.js'));
    expect(graph.files.length).toBeGreaterThan(10);
    expect(graph.packages.filter((p) => serverPackages.includes(p))).toEqual([]);

    const probe = [
      "import { createRequire } from 'node:module';",
      "const tracker = await import('cs-analytics/tracker');",
      "const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('node_modules'));",
      'console.log(JSON.stringify({ exports: Object.keys(tracker), loaded }));',
    ].join('\n');
    const out = await sh(process.execPath, ['--input-type=module', '-e', probe], project, inherited);
    const { exports, loaded } = JSON.parse(out.stdout) as { exports: string[]; loaded: string[] };
    expect(exports).toEqual(expect.arrayContaining(['initTracker', 'AnalyticsTracker', 'HttpEventStore', 'TypedEvents', 'eventCatalog']));
    const server = loaded.filter((f) => serverPackages.some((p) => f.includes(`/node_modules/${p}/`)));
    expect(server).toEqual([]);
    // The probe does see a server package that loads (pg, CommonJS, as fastify and ioredis are).
    const control = probe.replace('const loaded', "await import('pg');\nconst loaded");
    const seen = (JSON.parse((await sh(process.execPath, ['--input-type=module', '-e', control], project, inherited)).stdout) as { loaded: string[] })
      .loaded;
    expect(seen.some((f) => f.includes('/node_modules/pg/'))).toBe(true);
  });
});
