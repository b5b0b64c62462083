// Each request is answered once: a plain-JSON read through trpc-to-openapi's adapter, with the service's async
// onSend hooks on the way, once logged "Reply was already sent" and recorded a 500 behind the client's 200.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('a plain-JSON answer', () => {
  const records: { level: number; msg: string; statusCode?: number }[] = [];
  let h: Harness;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line));
        done();
      },
    });
    h = await startHarness({ logger: { level: 'info', stream } });
  }, 60_000);
  afterAll(() => h?.close());

  it('is sent once, for a read, an error and a mutation', async () => {
    const read = await h.fetch('/api/analytics/stats/trend?days=3', { key: h.a.keys.read });
    expect(read.status).toBe(200);
    const refused = await h.fetch('/api/analytics/stats/trend?days=0', { key: h.a.keys.read });
    expect(refused.status).toBe(400);
    const created = await h.fetch('/api/analytics/quality/create', { method: 'POST', key: h.a.keys.all, json: { sessionId: 'nope' } });
    expect(created.status).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(records.filter((r) => r.level >= 40).map((r) => r.msg)).toEqual([]);
  });
});
