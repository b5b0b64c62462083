// Ingest over real HTTP with gzip bodies: accepted and counted like plain ones, a gzip bomb refused at the body limit
// (413 naming it) without inflating it all, an unknown encoding 415 naming it, a corrupt gzip body 400.
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../transport/harness.ts';

const LIMIT = 64 * 1024;
const track = (h: Harness, body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string>) =>
  fetch(`${h.url}/api/analytics/ingest/track`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${h.a.keys.ingest}`, 'content-type': 'application/json', ...headers },
  });

describe('Content-Encoding of request bodies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bodyLimit: LIMIT });
  });
  afterAll(() => h?.close());

  it('accepts a gzip body and counts its events', async () => {
    const events = Array.from({ length: 20 }, (_, i) => ({ name: 'message.user', sessionId: `gz-${i}` }));
    const res = await track(h, gzipSync(JSON.stringify({ events })), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_events WHERE session_id LIKE 'gz-%'`.execute(h.db);
    expect(rows[0]!.n).toBe(20);
  });

  it('accepts identity as no encoding at all', async () => {
    const res = await track(h, JSON.stringify({ events: [{ name: 'message.user', sessionId: 'id-1' }] }), { 'content-encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1 });
  });

  it('refuses a body that inflates past the limit with 413 stating the limit', async () => {
    // 16 MiB of spaces inside valid JSON compress to about 16 KiB: small on the wire, far past the limit inflated.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"events":['), Buffer.alloc(16 * 1024 * 1024, ' '), Buffer.from(']}')]));
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await track(h, bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain(String(LIMIT));
  });

  it('answers 415 naming an encoding it does not speak', async () => {
    const res = await track(h, 'whatever', { 'content-encoding': 'br' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/content-encoding: br/);
  });

  it('answers 400 for a body that is not gzip although it says so', async () => {
    const res = await track(h, JSON.stringify({ events: [] }), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not valid gzip/);
  });
});
