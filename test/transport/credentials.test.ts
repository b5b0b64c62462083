// Credentials: no procedure is reachable without one (health and sign-in aside), keys are stored as digests,
// the session cookie is HttpOnly and SameSite, roles limit what users see, sign-in is rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../transport/trpc/app-router.ts';
import { createContextInner } from '../../transport/trpc/context.ts';
import { createCallerFactory } from '../../transport/trpc/trpc.ts';
import { PASSWORD, procedureDefs, startHarness, type Harness } from './harness.ts';

/** The only procedures a caller without a credential may reach. */
const PUBLIC = ['auth.signIn'];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('appRouter', () => {
  it('refuses every procedure without a credential, sign-in aside', async () => {
    const caller = createCallerFactory(appRouter)(createContextInner({ deps: h.services, actor: null }));
    const paths = Object.keys(appRouter._def.procedures);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths.filter((p) => !PUBLIC.includes(p))) {
      const procedure = path.split('.').reduce((node: any, key) => node[key], caller) as (input?: unknown) => Promise<unknown>;
      const error = await procedure(undefined).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect(error?.code, `${path} answered without a credential`).toBe('UNAUTHORIZED');
    }
  });

  it('declares what each protected procedure needs', () => {
    for (const [path, procedure] of Object.entries(procedureDefs)) {
      const meta = procedure._def.meta;
      expect(meta?.openapi?.path, path).toBe(`/${path.replaceAll('.', '/')}`);
      if (PUBLIC.includes(path) || path.startsWith('auth.')) continue;
      expect(meta?.needs?.scope, `${path} declares no scope`).toMatch(/^(ingest|read|admin)$/);
    }
  });
});

describe('API keys', () => {
  it('are stored as SHA-256 digests, never as the key', async () => {
    const { key, record } = await h.services.keys.issue({ tenantId: 'tenant-a', scopes: ['read'] });
    const rows = await h.db.selectFrom('analytics_api_keys').selectAll().where('id', '=', record.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('work as Bearer credentials and nothing else does', async () => {
    expect((await h.fetch('/api/analytics/auth/me', { key: h.a.keys.read })).status).toBe(200);
    expect((await h.fetch('/api/analytics/auth/me', { headers: { authorization: h.a.keys.read } })).status).toBe(401);
    expect((await h.fetch('/api/analytics/auth/me', { key: `${h.a.keys.read}x` })).status).toBe(401);
  });
});

describe('workbench sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that signs later calls in', async () => {
    const res = await h.fetch('/api/analytics/auth/signIn', { json: { username: 'supervisor-tenant-a', password: PASSWORD } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await res.json()).toMatchObject({ kind: 'user', tenantId: 'tenant-a', role: 'supervisor' });
    const me = await h.client(undefined, { cookie: cookie.split(';', 1)[0]! }).auth.me.query();
    expect(me).toMatchObject({ username: 'supervisor-tenant-a' });
  });

  it('answers a wrong password and an unknown user alike, with 401', async () => {
    const wrong = await h.fetch('/api/analytics/auth/signIn', { json: { username: 'admin-tenant-a', password: 'not it at all' } });
    const unknown = await h.fetch('/api/analytics/auth/signIn', { json: { username: 'nobody', password: 'not it at all' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('ends the session on sign-out', async () => {
    const cookie = await h.signIn('admin');
    const client = h.client(undefined, { cookie });
    await expect(client.auth.signOut.mutate()).resolves.toEqual({ signedOut: true });
    expect((await h.fetch('/api/analytics/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('lets an agent watch Monitoring but not billing', async () => {
    const cookie = await h.signIn('agent');
    expect((await h.fetch('/api/analytics/realtime/overview', { headers: { cookie } })).status).toBe(200);
    const billing = await h.fetch('/api/analytics/billing/usage', { headers: { cookie } });
    expect(billing.status).toBe(403);
    expect(((await billing.json()) as any).error.code).toBe('FORBIDDEN');
  });

  it('is rate limited per client address', async () => {
    const limited = await startHarness({ rateLimits: { signInPerMinute: 3 } });
    try {
      const attempt = () => limited.fetch('/trpc/auth.signIn', { json: { username: 'nobody', password: 'guess guess' } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await attempt();
      // Counted by the procedure, refused in tRPC's own error envelope (on /trpc), with Retry-After.
      expect(((await refused.json()) as any).error.data.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('every answer', () => {
  it('carries a request id and security headers', async () => {
    const res = await h.fetch('/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('reports readiness of the database and the realtime store', async () => {
    const res = await h.fetch('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: true, realtime: true } });
  });
});
