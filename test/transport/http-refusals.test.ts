// Issue 15, "HTTP behaviour", over real HTTP: a known path asked with the wrong method is 405 with Allow (an unknown
// path stays 404), a 401 tells a missing credential from a refused one (RFC 6750's WWW-Authenticate), and every 413
// states the limit.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

const LIMIT_MESSAGE = 'request body too large: the limit is 1 MiB (1048576 bytes)';
const REALM = 'Bearer realm="cs-analytics"';
const INVALID_TOKEN = `${REALM}, error="invalid_token", error_description="the API key is unknown or revoked"`;
/** Well-formed, never issued. */
const UNKNOWN_KEY = `csa_${'x'.repeat(43)}`;

interface ErrorBody {
  error: { code: string; message: string };
}

describe('HTTP refusals', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('a known path with the wrong method', () => {
    it.each([
      ['GET', '/api/analytics/ingest/track', 'POST'],
      ['POST', '/api/analytics/realtime/overview', 'GET'],
      ['DELETE', '/api/analytics/stats/trend', 'GET'],
      ['POST', '/api/analytics/stats/trend.csv', 'GET'],
      ['PUT', '/api/analytics/openapi.json', 'GET'],
    ])('%s %s answers 405 with Allow: %s and the contract error', async (method, path, allow) => {
      const res = await h.fetch(path, { method, key: h.a.keys.all });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(await res.json()).toEqual({ error: { code: 'METHOD_NOT_SUPPORTED', message: `${method} is not allowed on ${path}: use ${allow}` } });
    });

    it('answers 405 before the credential is looked at (the method is wrong whoever asks)', async () => {
      const res = await h.fetch('/api/analytics/ingest/track', {});
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    });

    it('refuses the method before reading the body: a query asked by POST with 2 MB is 405, not 413', async () => {
      const body = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
      const res = await h.fetch('/api/analytics/realtime/overview', {
        method: 'POST',
        body,
        key: h.a.keys.all,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    });

    it('answers tRPC’s 405 with Allow too', async () => {
      const mutationByGet = await h.fetch('/trpc/ingest.track', { key: h.a.keys.all });
      expect(mutationByGet.status).toBe(405);
      expect(mutationByGet.headers.get('allow')).toBe('POST');
      const queryByPost = await h.fetch('/trpc/realtime.overview', { key: h.a.keys.all, json: {} });
      expect(queryByPost.status).toBe(405);
      expect(queryByPost.headers.get('allow')).toBe('GET');
    });

    it('keeps 404 for a path nothing serves, whatever the method', async () => {
      for (const method of ['GET', 'POST']) {
        const res = await h.fetch('/api/analytics/nothing/here', { method, key: h.a.keys.all });
        expect(res.status, method).toBe(404);
        expect(res.headers.get('allow'), method).toBeNull();
        expect(((await res.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
      }
      expect((await h.fetch('/api/analytics/billing/quota.csv', { method: 'POST', key: h.a.keys.all })).status).toBe(404);
    });
  });

  describe('401: a missing credential told apart from a refused one', () => {
    const trend = '/api/analytics/stats/trend?days=7';
    const trpcTrend = `/trpc/stats.trend?input=${encodeURIComponent(JSON.stringify({ days: 7 }))}`;

    it.each([
      ['plain JSON', trend],
      ['tRPC', trpcTrend],
    ])('%s without a credential: the realm alone, "a credential is required"', async (_, path) => {
      const res = await h.fetch(path);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(REALM);
      expect(messageOf(await res.json())).toMatch(/^a credential is required/);
    });

    it.each([
      ['plain JSON', trend],
      ['tRPC', trpcTrend],
    ])('%s with an unknown key: invalid_token, "the API key is unknown or revoked"', async (_, path) => {
      const res = await h.fetch(path, { key: UNKNOWN_KEY });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(INVALID_TOKEN);
      expect(messageOf(await res.json())).toBe('the API key is unknown or revoked');
    });

    it('says so for a key that is not even shaped like one, and on ingest', async () => {
      const res = await h.fetch('/api/analytics/ingest/track', { key: 'not-a-key', json: { events: [{ name: 'session.start' }] } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(INVALID_TOKEN);
    });

    it('tells a session that ended from no session at all', async () => {
      const cookie = await h.signIn('supervisor');
      expect((await h.fetch('/api/analytics/auth/signOut', { headers: { cookie }, json: {} })).status).toBe(200);
      const res = await h.fetch(trend, { headers: { cookie } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(REALM);
      expect(messageOf(await res.json())).toMatch(/session has ended or expired/);
    });

    it('sends no challenge on answers other than 401', async () => {
      const res = await h.fetch(trend, { key: h.a.keys.ingest });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBeNull();
    });
  });

  describe('413 states the limit', () => {
    const oversized = JSON.stringify({ events: [{ name: 'session.start', sessionId: 's', channel: 'web', data: { pad: 'x'.repeat(1_100_000) } }] });
    const send = (path: string, body: string | Buffer, gzip = false) =>
      h.fetch(path, {
        method: 'POST',
        key: h.a.keys.all,
        body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
        headers: { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
      });

    it.each([
      ['the direct ingest route', '/api/analytics/ingest/track'],
      ['tRPC', '/trpc/ingest.track'],
      ['another plain-JSON route', '/api/analytics/realtime/setAgentStatus'],
    ])('%s, past the body limit', async (_, path) => {
      const res = await send(path, oversized);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: LIMIT_MESSAGE } });
    });

    it.each([
      ['the direct ingest route', '/api/analytics/ingest/track'],
      ['tRPC', '/trpc/ingest.track'],
    ])('%s, gzipped small but past the limit once inflated', async (_, path) => {
      const body = gzipSync(oversized);
      expect(body.length).toBeLessThan(1024 * 1024);
      const res = await send(path, body, true);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: `${LIMIT_MESSAGE} once decompressed` } });
    });
  });
});

/** The message of a plain-JSON or a tRPC error answer. */
function messageOf(body: unknown): string {
  const b = body as { error: { message: string } };
  return b.error.message;
}
