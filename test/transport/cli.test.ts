// The cs-analytics command, spawned as an operator would run it, on an embedded database in a temp folder.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/cs-analytics-source.js', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'cs-analytics-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = { ...inherited, ANALYTICS_DATA_DIR: path.join(dataDir, 'pglite'), ...opts.env };
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.end(opts.stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.trimEnd().split('\n').filter(Boolean);

describe('cs-analytics', () => {
  it('migrates the embedded database, then says it is up to date', async () => {
    const first = await run(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    const again = await run(['migrate']);
    expect(again).toMatchObject({ code: 0, stdout: 'the database is up to date\n' });
  }, 60_000);

  it('creates a tenant, a key printed alone on the last line, and a user', async () => {
    const tenant = await run(['tenants', 'create', '--tenant', 'acme', '--timezone', 'Asia/Shanghai', '--human-cost', '4.5']);
    expect(tenant.code).toBe(0);
    expect(tenant.stdout).toContain('created tenant acme (time zone Asia/Shanghai, human cost 4.5 USD)');

    const key = await run(['keys', 'create', '--tenant', 'acme', '--scopes', 'ingest,read']);
    expect(key.code).toBe(0);
    expect(lines(key.stdout).at(-1)).toMatch(/^csa_[A-Za-z0-9_-]{43}$/);

    const user = await run(['users', 'create', '--tenant', 'acme', '--username', 'mei', '--role', 'supervisor'], { stdin: 'long enough secret\n' });
    expect(user).toMatchObject({ code: 0, stdout: 'created supervisor mei in tenant acme\n' });
    const agent = (username: string) => ['users', 'create', '--tenant', 'acme', '--username', username, '--role', 'agent', '--agent-id', 'li-7'];
    const fromEnv = await run(agent('li'), { env: { CS_ANALYTICS_PASSWORD: 'another long secret' } });
    expect(fromEnv).toMatchObject({ code: 0, stdout: 'created agent li in tenant acme acting as agent li-7\n' });
    // The link is stored: a second user of the tenant cannot act as the same agent.
    const sameAgent = await run(agent('lu'), { env: { CS_ANALYTICS_PASSWORD: 'another long secret' } });
    expect(sameAgent.code).not.toBe(0);
    expect(sameAgent.stderr).toMatch(/^cs-analytics: agentId: another user of tenant "acme" is linked to agent "li-7"/);
  }, 120_000);

  it('runs a job once and says what it did', async () => {
    const result = await run(['jobs', 'run', 'aggregate-daily-stats']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^aggregate-daily-stats: done in \d+ ms/);
  }, 60_000);

  it.each([
    [['keys', 'create', '--tenant', 'acme', '--scopes', 'write'], /^cs-analytics: scopes: unknown scope "write"/],
    [['keys', 'create', '--tenant', 'nobody', '--scopes', 'read'], /^cs-analytics: tenant "nobody" was not found$/],
    [['keys', 'create', '--tenant', 'acme'], /^error: required option '--scopes <list>' not specified$/],
    [['users', 'create', '--tenant', 'acme', '--username', 'x', '--role', 'boss'], /^cs-analytics: --role: one of admin, supervisor, agent/],
    [['tenants', 'create', '--tenant', 'acme'], /^cs-analytics: tenant acme already exists$/],
    [['tenants', 'create', '--tenant', 'tz', '--timezone', 'Mars/Olympus'], /^cs-analytics: timeZone: not an IANA time zone$/],
    [['jobs', 'run', 'defrag'], /^cs-analytics: jobs run: unknown job "defrag"/],
    [['launch'], /^error: unknown command 'launch'$/],
  ])(
    'refuses %j with one line and a non-zero exit',
    async (args, reason) => {
      const result = await run(args);
      expect(result.code).not.toBe(0);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(reason);
    },
    60_000,
  );

  it('names the variable of a bad environment value', async () => {
    const result = await run(['migrate'], { env: { PORT: 'eighty' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^cs-analytics: PORT: /);
  });

  it('says in one line that the database is unreachable', async () => {
    const result = await run(['migrate'], { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' } });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^cs-analytics: .*ECONNREFUSED/)]);
  });

  it('serves on the embedded database, prints the demo sign-in once, and stops cleanly on SIGTERM', async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const child = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
      env: { ...inherited, ANALYTICS_DATA_DIR: path.join(dataDir, 'serve'), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c;
        const m = /serving on (http:\/\/[^\s]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/sign in to the workbench as admin with password \S+ {2}\(shown once\)/);
    expect(out).toMatch(/API key \(read, ingest\), shown once: csa_/);
    const key = /(csa_[A-Za-z0-9_-]+)/.exec(out)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/analytics/realtime/overview`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await fetch(`${url}/api/analytics/stats/today`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  }, 90_000);

  it('refuses to serve with a bad environment value, naming it', async () => {
    const result = await run(['serve'], { env: { ANALYTICS_RETENTION_DAYS: '-1' } });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^cs-analytics: ANALYTICS_RETENTION_DAYS: /)]);
  });

  it('has --help on every command', async () => {
    for (const args of [[], ['serve'], ['migrate'], ['tenants', 'create'], ['keys', 'create'], ['users', 'create'], ['jobs', 'run'], ['demo']]) {
      const result = await run([...args, '--help']);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: cs-analytics/);
    }
  }, 60_000);
});
