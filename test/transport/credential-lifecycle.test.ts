// Credentials' whole life over real HTTP (issue 15): a key revoked through one server is refused by a second server
// (its own key cache, same database) within 5 s; a rotated key works and the old one does not; a disabled user cannot
// sign in and loses an open session at once; a reset password replaces the old one.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleServices, type Services } from '../../adapters/index.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { buildServer } from '../../transport/http/build-server.ts';
import { PASSWORD, startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

let h: Harness;
/** A second server on the same database: its own services, so its own cache of resolved keys. */
let second: { services: Services; app: FastifyInstance; url: string };

beforeAll(async () => {
  h = await startHarness({}, { record: true });
  const services = assembleServices(
    { database: { db: h.db, kind: 'pglite', close: async () => {} }, realtimeStore: new MemoryRealtimeStore() },
    new AnalyticsConfig({ dataDir: 'memory://' }),
  );
  const app = await buildServer(services, { rateLimits: { ingestPerMinute: 100_000, signInPerMinute: 1000 } });
  second = { services, app, url: await app.listen({ port: 0, host: '127.0.0.1' }) };
}, 60_000);
afterAll(async () => {
  await second?.app.close();
  await second?.services.close();
  await h?.close();
});

/** A POST of an admin procedure with tenant a's admin key (or the credential given); the status and the JSON answer. */
async function admin(path: string, json: unknown, auth: { key?: string; cookie?: string } = { key: h.a.keys.admin }) {
  const res = await h.fetch(`/api/analytics/admin/${path}`, {
    json,
    ...(auth.key ? { key: auth.key } : {}),
    headers: auth.cookie ? { cookie: auth.cookie, origin: h.url } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { key?: string; record?: { id: string } } };
}

/** The status of `auth.me` with a key or a session cookie, on the first server or the second. */
async function meStatus(auth: { key?: string; cookie?: string }, on: 'first' | 'second' = 'first'): Promise<number> {
  const headers: Record<string, string> = {
    ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
    ...(auth.cookie ? { cookie: auth.cookie } : {}),
  };
  const base = on === 'first' ? h.url : second.url;
  return (await fetch(`${base}/api/analytics/auth/me`, { headers })).status;
}

const signInStatus = async (username: string, password: string) =>
  (await h.fetch('/api/analytics/auth/signIn', { json: { username, password } })).status;

describe('a revoked key', () => {
  it('gets 401 on a second server within 5 s (polled), and at once on the server that revoked it', async () => {
    const created = await admin('keys/create', { scopes: ['read'], name: 'leaked' });
    expect(created.status).toBe(200);
    const key = created.body.key!;
    // The second server has resolved the key, so it is in its cache when the key is revoked elsewhere.
    expect(await meStatus({ key }, 'second')).toBe(200);
    expect(await meStatus({ key }, 'second')).toBe(200);

    // Measured from before the request: the revocation commits somewhere inside it.
    const revokedAt = Date.now();
    const revoked = await admin('keys/revoke', { key: created.body.record!.id });
    expect(revoked).toMatchObject({ status: 200, body: { id: created.body.record!.id, revokedAt: expect.any(String) } });
    expect(await meStatus({ key })).toBe(401);

    let status = 200;
    while (status !== 401 && Date.now() - revokedAt < 10_000) {
      status = await meStatus({ key }, 'second');
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    const seenAfterMs = Date.now() - revokedAt;
    console.info(`revoked key refused by the second server ${seenAfterMs} ms after the revocation`);
    expect(status).toBe(401);
    expect(seenAfterMs).toBeLessThan(5000);
  }, 30_000);

  it("is listed with its revocation, never with a secret or digest; another tenant's key is not found", async () => {
    const res = await h.fetch('/api/analytics/admin/keys/list', { key: h.a.keys.admin });
    expect(res.status).toBe(200);
    const text = await res.text();
    const listed = JSON.parse(text) as { name: string | null; revokedAt: string | null }[];
    expect(listed.find((k) => k.name === 'leaked')?.revokedAt).toEqual(expect.any(String));
    expect(text).not.toMatch(/"hash"|[0-9a-f]{64}/);
    for (const secret of Object.values(h.a.keys)) expect(text).not.toContain(secret);

    const theirs = (await h.services.keys.issue({ tenantId: 'tenant-b', scopes: ['read'] })).record.id;
    const other = await admin('keys/revoke', { key: theirs });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).toContain(`API key \\"${theirs}\\" of tenant \\"tenant-a\\" was not found`);
  });

  it('cannot be the key of the call (403), which would lock the caller out mid-call', async () => {
    const own = (await h.services.keys.list('tenant-a')).find((k) => h.a.keys.admin.startsWith(k.prefix) && k.scopes.join() === 'admin')!;
    expect((await admin('keys/revoke', { key: own.id })).status).toBe(403);
    expect(await meStatus({ key: h.a.keys.admin })).toBe(200);
  });
});

describe('a rotated key', () => {
  it('is replaced by a new key of the same scopes and name that works, while the old one gets 401', async () => {
    const old = await admin('keys/create', { scopes: ['read', 'ingest'], name: 'chatbot' });
    expect(await meStatus({ key: old.body.key! })).toBe(200);
    const rotated = await admin('keys/rotate', { key: old.body.record!.id });
    expect(rotated).toMatchObject({ status: 200, body: { record: { scopes: ['read', 'ingest'], name: 'chatbot', revokedAt: null } } });
    const next = rotated.body.key!;
    expect(next).toMatch(/^csa_/);
    expect(await meStatus({ key: next })).toBe(200);
    expect(await meStatus({ key: next }, 'second')).toBe(200);
    expect(await meStatus({ key: old.body.key! })).toBe(401);
    // A revoked key is not rotated again: 400 naming the field.
    const again = await admin('keys/rotate', { key: old.body.record!.id });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toMatch(/key: API key csa_\S+ \(.*\) is revoked/);
  });
});

describe('a disabled user', () => {
  it('cannot sign in, and their open session cookie gets 401 at once, on every server', async () => {
    const cookie = await h.signIn('supervisor');
    expect(await meStatus({ cookie })).toBe(200);
    expect(await meStatus({ cookie }, 'second')).toBe(200);
    const disabled = await admin('users/disable', { username: 'supervisor-tenant-a' });
    expect(disabled).toMatchObject({ status: 200, body: { username: 'supervisor-tenant-a', disabledAt: expect.any(String) } });
    expect(await meStatus({ cookie })).toBe(401);
    expect(await meStatus({ cookie }, 'second')).toBe(401);
    expect(await signInStatus('supervisor-tenant-a', PASSWORD)).toBe(401);

    expect((await admin('users/enable', { username: 'supervisor-tenant-a' })).status).toBe(200);
    expect(await signInStatus('supervisor-tenant-a', PASSWORD)).toBe(200);
    expect(await meStatus({ cookie })).toBe(401);
  }, 30_000);

  it("cannot be the caller (403), and another tenant's user is not found", async () => {
    const cookie = await h.signIn('admin');
    expect((await admin('users/disable', { username: 'admin-tenant-a' }, { cookie })).status).toBe(403);
    expect(await meStatus({ cookie })).toBe(200);
    const other = await admin('users/disable', { username: 'admin-tenant-b' });
    expect(other.status).toBe(404);
    expect(await signInStatus('admin-tenant-b', PASSWORD)).toBe(200);
  }, 30_000);
});

describe('a reset password', () => {
  it('refuses the old password, accepts the new one, and ends open sessions', async () => {
    const cookie = await h.signIn('agent');
    const reset = await admin('users/resetPassword', { username: 'agent-tenant-a', password: 'a brand new secret' });
    expect(reset).toMatchObject({ status: 200, body: { username: 'agent-tenant-a', role: 'agent', agentId: 'agent-tenant-a' } });
    expect(JSON.stringify(reset.body)).not.toMatch(/argon2|brand new/);
    expect(await meStatus({ cookie })).toBe(401);
    expect(await signInStatus('agent-tenant-a', PASSWORD)).toBe(401);
    expect(await signInStatus('agent-tenant-a', 'a brand new secret')).toBe(200);
    expect((await admin('users/resetPassword', { username: 'agent-tenant-a', password: 'short' })).status).toBe(400);
  }, 30_000);

  it('lists the users with no password hash', async () => {
    const res = await h.fetch('/api/analytics/admin/users/list', { key: h.a.keys.admin });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect((JSON.parse(text) as { username: string }[]).map((u) => u.username)).toEqual(['admin-tenant-a', 'agent-tenant-a', 'supervisor-tenant-a']);
    expect(text).not.toMatch(/argon2|passwordHash/);
  });
});

describe('the OpenAPI document', () => {
  it('declares every answer above (2xx and errors) as the server sent it', () => expectAnswersDocumented(h));
});
