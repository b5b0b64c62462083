// Runs the Python client's own tests (`python3 -m unittest`) against the real server: the service on the embedded
// default, listening on a port, with a tenant and an ingest key; then checks the store holds what they tracked, once.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { buildServer } from '../../transport/http/build-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TENANT = 'python-client';

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function pythonAvailable(): Promise<boolean> {
  const probe = await run('python3', ['-c', 'import sys; assert sys.version_info >= (3, 9)'], {}).catch(() => ({ code: 1 }));
  return probe.code === 0;
}

const hasPython = await pythonAvailable();
if (!hasPython && process.env.CI === 'true') throw new Error('python3 (3.9+) is required under CI for the Python client tests');

describe.skipIf(!hasPython)('the Python client against the real server', () => {
  let services: Services;
  let app: FastifyInstance;
  let url: string;
  let key: string;
  let dir: string;

  beforeAll(async () => {
    services = await createServices(new AnalyticsConfig({ dataDir: 'memory://' }));
    await services.tenants.create({ tenantId: TENANT });
    key = (await services.keys.issue({ tenantId: TENANT, scopes: ['ingest'] })).key;
    app = await buildServer(services, { rateLimits: { ingestPerMinute: 100_000 } });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'cs-analytics-py-'));
  });

  afterAll(async () => {
    await app?.close();
    await services?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes its unittest suite: events arrive once, an outage of seconds loses and doubles nothing, a full queue counts its drops', async () => {
    const expectFile = join(dir, 'expected.jsonl');
    const { code, output } = await run('python3', ['-m', 'unittest', 'discover', '-v', 'clients/python/tests'], {
      CS_ANALYTICS_TEST_URL: url,
      CS_ANALYTICS_TEST_KEY: key,
      CS_ANALYTICS_TEST_EXPECT: expectFile,
      PYTHONDONTWRITEBYTECODE: '1',
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/test_the_service_down_for_seconds_loses_nothing_and_duplicates_nothing \S+ \.\.\. ok/);

    // What each test tracked is in the store exactly once.
    const expected = readFileSync(expectFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sessionId: string; events: number });
    expect(expected.length).toBeGreaterThanOrEqual(4);
    for (const { sessionId, events } of expected) {
      expect((await services.events.sessionEvents(TENANT, sessionId)).length, sessionId).toBe(events);
    }
    const total = expected.reduce((n, e) => n + e.events, 0);
    expect(await services.events.count(TENANT)).toBe(total);
  }, 120_000);
});
