// The cs-analytics command, spawned as an operator would run it, on an embedded database in a temp folder. Exit codes:
// 2 when the command was used wrongly, 1 when it could not be done; either way one line on stderr naming the cause.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

// Each spawn boots tsx (and PGlite): seconds each, tens of seconds on a loaded machine.
describe('cs-analytics', { timeout: 120_000 }, () => {
  it('migrates the embedded database, then says it is up to date', async () => {
    const first = await run(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    const again = await run(['migrate']);
    expect(again).toMatchObject({ code: 0, stdout: 'the database is up to date\n' });
  }, 180_000);

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

  it('keeps plans and tenants on them: an unknown plan is refused by name, a plan in use cannot be deleted', async () => {
    const plan = await run(['plans', 'create', '--plan', 'pro', '--allowance', '2000000', '--name', 'Pro']);
    expect(plan).toMatchObject({ code: 0, stdout: 'created plan pro (Pro): 2000000 tokens a month\n' });

    const onPlan = await run(['tenants', 'create', '--tenant', 'shop', '--plan', 'pro', '--currency', 'eur']);
    expect(onPlan).toMatchObject({ code: 0, stdout: 'created tenant shop (time zone UTC, human cost 0 EUR, plan pro)\n' });

    const inUse = await run(['plans', 'delete', '--plan', 'pro']);
    expect(inUse.code).toBe(1);
    expect(lines(inUse.stderr)).toEqual(['cs-analytics: plan "pro" is the plan of tenant(s) shop: move them to another plan first']);

    const unknownPlan = await run(['tenants', 'update', '--tenant', 'shop', '--plan', 'gold']);
    expect(unknownPlan.code).toBe(2);
    expect(lines(unknownPlan.stderr)).toEqual(['cs-analytics: --plan: no plan "gold" (plans: pro)']);

    const update = await run([
      'tenants',
      'update',
      '--tenant',
      'shop',
      '--no-plan',
      '--timezone',
      'Europe/Paris',
      '--human-cost',
      '3.5',
      '--name',
      'Shop',
    ]);
    expect(update).toMatchObject({ code: 0, stdout: 'updated tenant shop (time zone Europe/Paris, human cost 3.5 EUR)\n' });

    const list = await run(['tenants', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual({
      tenantId: 'shop',
      name: 'Shop',
      timeZone: 'Europe/Paris',
      humanCostPerSession: 3.5,
      currency: 'EUR',
      planId: null,
    });
  }, 120_000);

  it('lists, rotates and revokes keys, and lists and disables users', async () => {
    const created = lines((await run(['keys', 'create', '--tenant', 'acme', '--scopes', 'read', '--name', 'leaky'])).stdout).at(-1)!;
    const listed = await run(['keys', 'list', '--tenant', 'acme', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(created);
    const leaky = (JSON.parse(listed.stdout) as { id: string; prefix: string; name: string | null }[]).find((k) => k.name === 'leaky')!;
    expect(created.startsWith(leaky.prefix)).toBe(true);

    const rotated = await run(['keys', 'rotate', '--tenant', 'acme', '--key', leaky.id]);
    expect(rotated.code).toBe(0);
    const next = lines(rotated.stdout).at(-1)!;
    expect(next).toMatch(/^csa_[A-Za-z0-9_-]{43}$/);
    const revoked = await run(['keys', 'revoke', '--tenant', 'acme', '--key', next.slice(0, 10)]);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringMatching(/^revoked API key csa_\S+… \(id \S+\) of tenant acme at \S+Z\n$/) });
    const table = lines((await run(['keys', 'list', '--tenant', 'acme'])).stdout);
    expect(table[0]).toMatch(/^ID +PREFIX +NAME +SCOPES +CREATED +LAST USED +REVOKED$/);
    // Both the rotated key and its successor are revoked now; the secret is never printed.
    expect(table.filter((l) => / leaky .* \d{4}-\d\d-\d\dT\S+Z$/.test(l))).toHaveLength(2);
    expect(table.join('\n')).not.toContain(next);

    expect(await run(['users', 'disable', '--tenant', 'acme', '--username', 'mei'])).toMatchObject({ code: 0 });
    const users = await run(['users', 'list', '--tenant', 'acme', '--json']);
    expect(JSON.parse(users.stdout)).toContainEqual(expect.objectContaining({ username: 'mei', role: 'supervisor', disabledAt: expect.any(String) }));
    expect(users.stdout).not.toMatch(/argon2|password/i);
    const unknown = await run(['users', 'disable', '--tenant', 'acme', '--username', 'ghost']);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr)).toEqual(['cs-analytics: user "ghost" of tenant "acme" was not found']);
  }, 240_000);

  it('runs a job once and says what it did', async () => {
    const result = await run(['jobs', 'run', 'aggregate-daily-stats']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^aggregate-daily-stats: done in \d+ ms/);
  }, 180_000);

  // Exit 2: used wrongly (unknown command or option, a missing or bad value). Exit 1: right, but it could not be done.
  it.each([
    [['keys', 'create', '--tenant', 'acme', '--scopes', 'write'], 2, /^cs-analytics: scopes: unknown scope "write"/],
    [['keys', 'create', '--tenant', 'nobody', '--scopes', 'read'], 1, /^cs-analytics: tenant "nobody" was not found$/],
    [['keys', 'create', '--tenant', 'acme'], 2, /^cs-analytics: required option '--scopes <list>' not specified$/],
    [
      ['users', 'create', '--tenant', 'acme', '--username', 'x', '--role', 'boss'],
      undefined,
      /^cs-analytics: --role: one of admin, supervisor, agent/,
    ],
    [['tenants', 'create', '--tenant', 'acme'], 1, /^cs-analytics: tenant acme already exists$/],
    [['tenants', 'create', '--tenant', 'tz', '--timezone', 'Mars/Olympus'], 2, /^cs-analytics: --timezone: "Mars\/Olympus" is not an IANA time zone/],
    [['tenants', 'create', '--tenant', 'money', '--currency', 'ABC'], 2, /^cs-analytics: --currency: "ABC" is not an ISO 4217 currency code/],
    [['tenants', 'update', '--tenant', 'acme', '--human-cost', 'lots'], 2, /^cs-analytics: --human-cost: not a number: "lots"$/],
    [['jobs', 'run', 'defrag'], 2, /^cs-analytics: jobs run: unknown job "defrag"/],
    [['launch'], 2, /^cs-analytics: unknown command 'launch'$/],
    [['plans'], 2, /^cs-analytics: plans: which command\? \(create, list, delete\)$/],
  ] as const)(
    'refuses %j with one line and exit %s',
    async (args, code, reason) => {
      const result = await run([...args]);
      // The role check is user-commands.ts's: exit 2 once it throws a UsageError.
      if (code === undefined) expect(result.code).not.toBe(0);
      else expect(result.code).toBe(code);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(reason);
    },
    180_000,
  );

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints what the demo made: the tenant, its admin and password, its API key (once)', async () => {
    const result = await run(['demo', '--days', '0', '--no-live'], { env: { CS_ANALYTICS_ADMIN_PASSWORD: '' } });
    expect(result.code).toBe(0);
    expect(lines(result.stdout).slice(0, 3)).toEqual([
      'demo tenant "demo": created',
      expect.stringMatching(/^demo tenant "demo": sign in to the workbench as admin with password \S{20,} {2}\(shown once\)$/),
      expect.stringMatching(/^demo tenant "demo": API key \(read, ingest\), shown once: csa_[A-Za-z0-9_-]{43}$/),
    ]);
  }, 180_000);

  it('names the variable of a bad environment value', async () => {
    const result = await run(['migrate'], { env: { PORT: 'eighty' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^cs-analytics: PORT: /);
  });

  it('says in one line that the database is unreachable, naming DATABASE_URL with its password hidden', async () => {
    const result = await run(['migrate'], { env: { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/none' } });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'cs-analytics: cannot reach the database at DATABASE_URL=postgres://app:***@127.0.0.1:1/none: connect ECONNREFUSED 127.0.0.1:1',
    ]);
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
    // A workbench URL only when the web is built; else how to build it, and / says so too.
    const home = await fetch(`${url}/`);
    if (existsSync(fileURLToPath(new URL('../../web/dist/index.html', import.meta.url)))) {
      expect(out).toContain(`workbench: ${url}/`);
      expect(home.status).toBe(200);
    } else {
      expect(out).not.toContain('workbench: ');
      expect(out).toContain('the workbench is not built (web/dist/index.html is missing): run `npm run build:web`');
      expect(home.status).toBe(404);
      expect(await home.text()).toContain('npm run build:web');
    }
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  }, 180_000);

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
  }, 180_000);
});
