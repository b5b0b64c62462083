// The smaller holes of the HTTP side (issue 19), each reproduced over real HTTP on PostgreSQL and Redis: cross-site
// mutations riding the session cookie, the cookie's Secure flag behind a trusted proxy, caller-chosen request ids,
// and API answers a cache may keep.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needServer } from '../../support/databases.ts';
import { PASSWORD, startHarness, type Harness } from '../harness.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

const EVIL = 'https://evil.example';
const CONSOLE = 'https://console.example';

/** A built workbench of two files, to see that static assets keep their own caching. */
function webDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'web-safety-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1);');
  return dir;
}

describe.skipIf(!up)('the HTTP side on PostgreSQL and Redis', () => {
  let h: Harness;
  let proxied: Harness;
  const records: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const stream = { write: (line: string) => void records.push(JSON.parse(line)) };
    [h, proxied] = await Promise.all([
      startHarness(
        {
          allowedOrigins: [CONSOLE],
          rateLimits: { ingestPerMinute: 3, signInPerMinute: 1000 },
          webDir: webDir(),
          logger: { level: 'info', stream },
        },
        { servers: true },
      ),
      // The proxy by address, as TRUST_PROXY=loopback says it: the test connects from 127.0.0.1.
      startHarness({ trustProxy: ['loopback'] }, { servers: true }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await proxied?.close();
  });

  const signOut = (server: Harness, cookie: string, headers: Record<string, string>) =>
    server.fetch('/trpc/auth.signOut', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie, ...headers } });
  const me = (server: Harness, cookie: string) => server.fetch('/trpc/auth.me', { headers: { cookie } });
  const signInWith = (server: Harness, headers: Record<string, string>) =>
    server.fetch('/api/analytics/auth/signIn', { json: { username: 'admin-tenant-a', password: PASSWORD }, headers });

  describe('a mutation authenticated by the session cookie', () => {
    it('is refused (403 naming Origin) from another origin, and the session stays', async () => {
      const cookie = await h.signIn('admin');
      for (const url of [
        '/trpc/auth.signOut',
        '/api/analytics/auth/signOut',
        '/trpc/auth%2EsignOut',
        '/api/analytics/./auth/signOut',
        '/%74rpc/auth.signOut',
      ]) {
        const res = await h.fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie, origin: EVIL } });
        expect(res.status, url).toBe(403);
        expect(await res.text(), url).toMatch(/Origin/);
      }
      const price = { model: 'gpt-x', inputPerMillion: 1, outputPerMillion: 2 };
      const setPrice = await h.fetch('/api/analytics/billing/setPrice', { json: price, headers: { cookie, origin: EVIL } });
      expect(setPrice.status).toBe(403);
      expect((await me(h, cookie)).status).toBe(200);
    });

    it('is refused by its Referer without an Origin, by Sec-Fetch-Site: cross-site, and with Origin: null', async () => {
      const cookie = await h.signIn('admin');
      const refused: Record<string, string>[] = [{ referer: `${EVIL}/page` }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }];
      for (const headers of refused) {
        const res = await signOut(h, cookie, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(await res.text()).toMatch(/Origin/);
      }
      expect((await me(h, cookie)).status).toBe(200);
    });

    it('runs from the server’s own origin, from a configured origin, and without Origin or Referer (not a browser)', async () => {
      const taken: Record<string, string>[] = [{ origin: h.url }, { referer: `${h.url}/monitoring` }, { origin: CONSOLE }, {}];
      for (const headers of taken) {
        const cookie = await h.signIn('admin');
        const res = await signOut(h, cookie, { 'sec-fetch-site': 'same-origin', ...headers });
        expect(res.status, JSON.stringify(headers)).toBe(200);
        expect((await me(h, cookie)).status).toBe(401);
      }
    });

    it('is checked for sign-in too: a cross-site sign-in gets no session cookie', async () => {
      const res = await signInWith(h, { origin: EVIL });
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/Origin/);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await signInWith(h, { origin: h.url })).status).toBe(200);
    });

    it('leaves Bearer keys (no ambient credential) and reads alone', async () => {
      const res = await h.fetch('/api/analytics/auth/signOut', { key: h.a.keys.read, json: {}, headers: { origin: EVIL } });
      expect(res.status).toBe(200);
      const cookie = await h.signIn('supervisor');
      expect((await h.fetch('/trpc/auth.me', { headers: { cookie, origin: EVIL } })).status).toBe(200);
    });
  });

  describe('TRUST_PROXY', () => {
    const secure = (res: Response) => /;\s*Secure/i.test(res.headers.get('set-cookie') ?? '');
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'analytics.example' };

    it('marks the session cookie Secure when a trusted proxy says the request came over HTTPS', async () => {
      const res = await signInWith(proxied, forwarded);
      expect(res.status).toBe(200);
      expect(secure(res)).toBe(true);
      expect(secure(await signInWith(proxied, {}))).toBe(false);
    });

    it('is off by default: a forged X-Forwarded-Proto changes nothing', async () => {
      const res = await signInWith(h, forwarded);
      expect(res.status).toBe(200);
      expect(secure(res)).toBe(false);
    });

    it('takes the forwarded host and protocol as the server’s own origin only when the proxy is trusted', async () => {
      const behind = await signInWith(proxied, forwarded);
      const cookie = behind.headers.get('set-cookie')!.split(';', 1)[0]!;
      expect((await signOut(proxied, cookie, { origin: 'https://analytics.example', ...forwarded })).status).toBe(200);
      const direct = await h.signIn('admin');
      expect((await signOut(h, direct, { origin: 'https://analytics.example', ...forwarded })).status).toBe(403);
    });
  });

  describe('X-Request-Id', () => {
    // The access record of a request (one per request, its path without the query string) carries its id.
    const accessRecordsOf = (id: string) => records.filter((r) => r.reqId === id && r.msg === 'request' && r.path === '/healthz');

    it('keeps a well-formed id, answers it and logs it', async () => {
      const id = 'trace-1:abc/def.9_Z';
      const res = await h.fetch('/healthz?kept', { headers: { 'x-request-id': id } });
      expect(res.headers.get('x-request-id')).toBe(id);
      expect(accessRecordsOf(id)).toHaveLength(1);
    });

    it.each([
      ['8 KB long', 'a'.repeat(8 * 1024)],
      ['129 characters', 'b'.repeat(129)],
      ['markup', '<script>alert(1)</script>'],
      ['spaces and quotes', 'a "b" c'],
      ['non-ASCII', 'caf\u00e9'],
    ])('replaces an id that is %s with a fresh one, the same in the answer and the log', async (name, id) => {
      const url = `/healthz?${encodeURIComponent(name)}`;
      const res = await h.fetch(url, { headers: { 'x-request-id': id } });
      const answered = res.headers.get('x-request-id')!;
      expect(answered).not.toBe(id);
      expect(answered).toMatch(/^[A-Za-z0-9._:/-]{1,128}$/);
      expect(accessRecordsOf(answered)).toHaveLength(1);
      expect(records.some((r) => r.reqId === id)).toBe(false);
    });
  });

  describe('Cache-Control', () => {
    const noStore = (res: Response) => res.headers.get('cache-control');

    it('is no-store on API answers and probes, errors included', async () => {
      const answers: Array<[string, Promise<Response>, number]> = [
        ['tRPC query', h.fetch('/trpc/realtime.overview', { key: h.a.keys.read }), 200],
        ['plain-JSON query', h.fetch('/api/analytics/realtime/overview', { key: h.a.keys.read }), 200],
        ['OpenAPI document', h.fetch('/api/analytics/openapi.json'), 200],
        ['liveness', h.fetch('/healthz'), 200],
        ['readiness', h.fetch('/readyz'), 200],
        ['no credential', h.fetch('/api/analytics/realtime/overview'), 401],
        ['cross-site', h.fetch('/trpc/auth.signIn', { json: {}, headers: { origin: EVIL } }), 403],
        ['no such procedure', h.fetch('/trpc/nothing.here', { key: h.a.keys.read }), 404],
        ['no such route', h.fetch('/api/analytics/nothing/here', { key: h.a.keys.read }), 404],
        ['too large', h.fetch('/api/analytics/auth/signIn', { json: { username: 'x', password: 'p'.repeat(1_100_000) } }), 413],
      ];
      for (const [what, answer, status] of answers) {
        const res = await answer;
        expect(res.status, what).toBe(status);
        expect(noStore(res), what).toBe('no-store');
      }
    });

    it('is no-store on a 429', async () => {
      const track = () => h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events: [] } });
      let res = await track();
      for (let i = 0; i < 5 && res.status !== 429; i++) res = await track();
      expect(res.status).toBe(429);
      expect(noStore(res)).toBe('no-store');
    });

    it('leaves the workbench’s static files their own caching', async () => {
      for (const url of ['/', '/assets/app.js', '/monitoring']) {
        const res = await h.fetch(url);
        expect(res.status, url).toBe(200);
        expect(noStore(res), url).not.toBe('no-store');
      }
    });
  });
});
