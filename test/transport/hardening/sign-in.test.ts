// Sign-in throttling over real HTTP on PostgreSQL and Redis: guesses at one username stop reaching a password check
// after the configured number, whatever the path spelling or batching; one address cannot spray usernames; a lockout
// grows; a username of several tenants answers exactly as a wrong password.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../adapters/index.ts';
import { argon2PasswordHasher } from '../../../adapters/system/argon2-password-hasher.ts';
import type { PasswordHasher } from '../../../domain/access/secrets.ts';
import { AnalyticsConfig } from '../../../domain/config.ts';
import { buildServer } from '../../../transport/http/build-server.ts';
import type { RateLimits } from '../../../transport/http/rate-limits.ts';
import { adminQuery, needServer, testDatabaseUrl, testRedisUrl } from '../../support/databases.ts';
import { givenTenant, PASSWORD } from '../harness.ts';
import { freshAddresses, send, spellings, type RawAnswer } from './raw-requests.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const PER_ADDRESS = 10;
const PER_USERNAME = 5;
const limits: Partial<RateLimits> = { signInPerMinute: PER_ADDRESS, signInFailuresBeforeLockout: PER_USERNAME, signInLockoutMs: 60_000 };

describe.skipIf(!up)('sign-in throttling', () => {
  const schema = `s_${randomBytes(6).toString('hex')}`;
  const nextAddress = freshAddresses();
  const apps: FastifyInstance[] = [];
  let services: Services;
  let url: string;
  /** Password checks (hash or verify) since the users were made. */
  let checks = 0;
  const countingHasher: PasswordHasher = {
    hash: (password) => {
      checks++;
      return argon2PasswordHasher.hash(password);
    },
    verify: (hash, password) => {
      checks++;
      return argon2PasswordHasher.verify(hash, password);
    },
  };

  async function serve(rateLimits: Partial<RateLimits>): Promise<string> {
    const app = await buildServer(services, { rateLimits });
    apps.push(app);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  beforeAll(async () => {
    await adminQuery(`CREATE SCHEMA ${schema}`);
    services = await createServices(new AnalyticsConfig({ databaseUrl: testDatabaseUrl, redisUrl: testRedisUrl }), {
      searchPath: schema,
      redisKeyPrefix: `test:${schema}:`,
      hasher: countingHasher,
    });
    await givenTenant(services, 'tenant-a');
    await givenTenant(services, 'tenant-b');
    await services.users.create({ tenantId: 'tenant-a', username: 'shared', role: 'agent', password: PASSWORD });
    await services.users.create({ tenantId: 'tenant-b', username: 'shared', role: 'agent', password: 'another password' });
    url = await serve(limits);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await services?.close();
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const signIn = (username: string, password: string, opts: { tenantId?: string; from?: string; on?: string; path?: string } = {}) =>
    send(
      opts.on ?? url,
      opts.path ?? '/api/analytics/auth/signIn',
      { username, password, ...(opts.tenantId ? { tenantId: opts.tenantId } : {}) },
      {
        from: opts.from ?? nextAddress(),
      },
    );

  /** Sends exactly `total` wrong passwords for the username, cycling through every spelling and batching. */
  async function guess(username: (i: number) => string, total: number, from?: () => string): Promise<RawAnswer[]> {
    const answers: RawAnswer[] = [];
    let sent = 0;
    for (let round = 0; sent < total; round++) {
      const fitting = spellings.filter((s) => s.calls <= total - sent);
      const spelling = fitting[round % fitting.length]!;
      const inputs = Array.from({ length: spelling.calls }, (_, i) => ({ username: username(sent + i), password: `wrong guess ${sent + i}` }));
      answers.push(await send(url, spelling.path('auth.signIn'), spelling.body(inputs), { from: from ? from() : nextAddress() }));
      sent += spelling.calls;
    }
    return answers;
  }

  it('lets at most the configured number of 100 wrong passwords for one username reach a password check', async () => {
    const before = checks;
    // Each request from an address of its own: only the per-username limit stands in the way.
    const answers = await guess(() => 'admin-tenant-a', 100);
    const calls = answers.flatMap((a) => a.calls);
    expect(calls).toHaveLength(100);
    expect(checks - before).toBeLessThanOrEqual(PER_USERNAME);
    expect(calls.filter((s) => s === 401).length).toBeLessThanOrEqual(PER_USERNAME);
    expect(calls.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('does not open a session for the right password after lockout, alone or in a batch', async () => {
    await guess(() => 'supervisor-tenant-a', PER_USERNAME);
    const before = checks;
    const batch = await send(
      url,
      '/trpc/auth.signIn,auth.signIn?batch=1',
      { 0: { username: 'supervisor-tenant-a', password: 'wrong again' }, 1: { username: 'supervisor-tenant-a', password: PASSWORD } },
      { from: nextAddress() },
    );
    expect(batch.calls).toEqual([429, 429]);
    expect(batch.headers['set-cookie']).toBeUndefined();
    expect(Number(batch.headers['retry-after'])).toBeGreaterThan(0);
    const alone = await signIn('supervisor-tenant-a', PASSWORD);
    expect(alone.status).toBe(429);
    expect(alone.headers['set-cookie']).toBeUndefined();
    expect(alone.body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/sign-in/) } });
    expect(checks - before).toBe(0);
  });

  it('counts a username whatever its case', async () => {
    await guess((i) => (i % 2 ? 'AGENT-TENANT-A' : 'Agent-Tenant-A'), PER_USERNAME);
    expect((await signIn('agent-tenant-a', PASSWORD)).status).toBe(429);
  });

  it('forgets the failures of a username when it signs in', async () => {
    for (let round = 0; round < 3; round++) {
      await guess(() => 'admin-tenant-b', PER_USERNAME - 1);
      expect((await signIn('admin-tenant-b', PASSWORD)).status).toBe(200);
    }
  });

  it('lets one address reach at most its per-minute number of password checks, whatever the usernames', async () => {
    const from = nextAddress();
    const before = checks;
    const answers = await guess(
      (i) => `sprayed-${i}`,
      100,
      () => from,
    );
    expect(checks - before).toBeLessThanOrEqual(PER_ADDRESS);
    expect(answers.flatMap((a) => a.calls).filter((s) => s === 401).length).toBeLessThanOrEqual(PER_ADDRESS);
  });

  it('locks a username out longer after each lockout', async () => {
    const quick = await serve({ ...limits, signInLockoutMs: 1000, signInMaxLockoutMs: 4000 });
    const lockOut = async () => {
      for (let i = 0; i < PER_USERNAME; i++) await signIn('agent-tenant-b', 'wrong guess', { on: quick });
      return signIn('agent-tenant-b', PASSWORD, { on: quick });
    };
    const first = await lockOut();
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    await new Promise((r) => setTimeout(r, 1100));
    const second = await lockOut();
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('2');
  });

  it('answers a username of several tenants exactly as a wrong password', async () => {
    const unknown = await signIn('nobody-at-all', 'wrong guess');
    const several = await signIn('shared', 'wrong guess');
    expect(several.status).toBe(401);
    expect(several.body).toEqual(unknown.body);
    const overTrpc = await signIn('shared', 'wrong guess', { path: '/trpc/auth.signIn' });
    expect(overTrpc.status).toBe(401);
    expect(overTrpc.body).toEqual(await signIn('nobody-at-all', 'wrong guess', { path: '/trpc/auth.signIn' }).then((a) => a.body));
  });

  it('signs a username of several tenants in where its password matches, and keeps tenantId working', async () => {
    const inA = await signIn('shared', PASSWORD);
    expect(inA.status).toBe(200);
    expect(inA.body).toMatchObject({ tenantId: 'tenant-a', username: 'shared' });
    const inB = await signIn('shared', 'another password', { tenantId: 'tenant-b' });
    expect(inB.body).toMatchObject({ tenantId: 'tenant-b' });
    expect((await signIn('shared', 'another password', { tenantId: 'tenant-a' })).status).toBe(401);
  });
});
