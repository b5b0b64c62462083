// The tracker over HTTP against the real service on PostgreSQL + Redis: a service gone for seconds mid-stream (nothing
// lost or doubled), 429 with Retry-After (honoured), events the server refuses (counted by reason, never resent),
// gzip bodies, and initTracker's HTTP form with its settings named when missing or bad.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpEventStore } from '../../../adapters/http/http-event-store.ts';
import { systemClock, uuidV7Ids } from '../../../adapters/system/system-clock.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { PermanentStoreError, TransientStoreError } from '../../../domain/errors.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { stopAllTrackers } from '../../../domain/tracker/registry.ts';
import { AnalyticsTracker } from '../../../domain/tracker/tracker.ts';
import { initTracker } from '../../../transport/fastify-plugin/product-tracker.ts';
import { anEvent, eventually } from '../../support/builders.ts';
import { needServer } from '../../support/databases.ts';
import { startHarness, type Harness } from '../../transport/harness.ts';
import { SwitchableProxy } from './switchable-proxy.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));
const fast = { baseMs: 50, capMs: 500 };

describe.skipIf(!up)('the tracker over HTTP, against the service on PostgreSQL + Redis', () => {
  let h: Harness;
  let proxy: SwitchableProxy;
  const stores: HttpEventStore[] = [];
  const storeFor = (url: string, key: string) => {
    const store = new HttpEventStore({ url, apiKey: key, timeoutMs: 3000 });
    stores.push(store);
    return store;
  };
  const stored = async (like: string) => {
    const { rows } = await sql<{ n: number; ids: number }>`
      SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM analytics_events
      WHERE tenant_id = 'tenant-a' AND session_id LIKE ${like}`.execute(h.db);
    return rows[0]!;
  };
  const tracker = (store: HttpEventStore, options: Partial<ConstructorParameters<typeof AnalyticsTracker>[2]> = {}, clock = systemClock) =>
    new AnalyticsTracker(
      'ai_chatbot',
      { events: store, clock, ids: uuidV7Ids },
      { tenantId: 'tenant-a', bufferSize: 200, flushIntervalMs: 50, backoff: fast, ...options },
    ).start();

  beforeAll(async () => {
    h = await startHarness({}, { servers: true });
  }, 60_000);
  afterEach(async () => {
    await stopAllTrackers({ deadlineMs: 2000 });
  });
  afterAll(async () => {
    for (const s of stores) s.close();
    await proxy?.stop().catch(() => {});
    await h?.close();
  });

  it('loses and doubles nothing while the service is gone for seconds mid-stream', async () => {
    proxy = await new SwitchableProxy(h.url).start();
    const t = tracker(storeFor(proxy.url, h.a.keys.ingest));
    let sent = 0;
    const send = (n: number) => {
      for (let i = 0; i < n; i++) t.track('message.user', { length: i }, `outage-${sent++ % 50}`);
    };
    send(1000);
    await eventually(async () => expect((await stored('outage-%')).n).toBeGreaterThan(0), 10_000);
    await proxy.stop();
    for (let tick = 0; tick < 20; tick++) {
      send(150);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(t.stats().retried).toBeGreaterThan(0);
    await proxy.start();
    send(500);
    const report = await t.stop({ deadlineMs: 20_000 });
    expect(report.drained).toBe(true);
    const s = report.stats;
    expect(s.enqueued).toBe(sent);
    // A batch stored just as its connection was cut comes back as duplicates on the retry: stored once, counted once.
    expect(s.written + s.duplicates).toBe(sent);
    expect(Object.values(s.dropped).every((n) => n === 0)).toBe(true);
    expect(await stored('outage-%')).toEqual({ n: sent, ids: sent });
  }, 60_000);

  it('waits the Retry-After of a 429 before sending the same events again, and they arrive once', async () => {
    proxy = proxy ?? (await new SwitchableProxy(h.url).start());
    const t = tracker(storeFor(proxy.url, h.a.keys.ingest), { bufferSize: 1000, flushIntervalMs: 10_000 });
    proxy.throttle(1, '2');
    const before = proxy.requests.length;
    for (let i = 0; i < 300; i++) t.track('message.user', {}, `throttled-${i}`);
    await t.flush();
    const requests = proxy.requests.slice(before);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(1990);
    expect(t.stats()).toMatchObject({ written: 300, duplicates: 0, retried: 300 });
    expect(await stored('throttled-%')).toEqual({ n: 300, ids: 300 });
  }, 30_000);

  it('counts only the event the server refuses, by its field, and never sends it again', async () => {
    const store = storeFor(h.url, h.a.keys.ingest);
    const good = Array.from({ length: 4 }, (_, i) =>
      anEvent('message.user', { tenantId: 'tenant-a', sessionId: `one-bad-${i}`, occurredAt: new Date() }),
    );
    const bad: AnalyticsEvent = anEvent('message.ai', {
      tenantId: 'tenant-a',
      sessionId: 'one-bad-x',
      occurredAt: new Date(),
      data: { responseTimeMs: -3 },
    });
    const result = await store.append([good[0]!, good[1]!, bad, good[2]!, good[3]!]);
    expect(result.rejected).toEqual([{ id: bad.id, reason: 'data.responseTimeMs', error: expect.stringMatching(/^data\.responseTimeMs: /) }]);
    expect([...result.stored].sort()).toEqual(good.map((e) => e.id).sort());
    expect(await stored('one-bad-%')).toEqual({ n: 4, ids: 4 });

    // Through the tracker: valid by its own clock (10 minutes fast), refused by the server's (occurredAt in the future).
    const fastClock = new FixedClock(new Date(Date.now() + 10 * 60_000));
    const t = tracker(store, {}, fastClock);
    t.track('message.user', {}, 'future-1');
    await t.flush();
    const s = t.stats();
    expect(s).toMatchObject({ written: 0, retried: 0, rejected: { occurredAt: 1 } });
    expect(s.dropped.store_rejected).toBe(1);
    await t.flush();
    expect(t.stats().retried).toBe(0);
  });

  it('sends batches gzipped and they are counted', async () => {
    proxy = proxy ?? (await new SwitchableProxy(h.url).start());
    const before = proxy.requests.length;
    const t = tracker(storeFor(proxy.url, h.a.keys.ingest), { bufferSize: 500 });
    for (let i = 0; i < 1200; i++) t.track('message.user', { length: i }, `gzipped-${i}`);
    await t.flush();
    const requests = proxy.requests.slice(before);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.every((r) => r.headers['content-encoding'] === 'gzip' && r.status === 200)).toBe(true);
    expect(t.stats()).toMatchObject({ written: 1200, duplicates: 0 });
    expect(await stored('gzipped-%')).toEqual({ n: 1200, ids: 1200 });
  });

  it('names the cause of a request refused whole: a key without the ingest scope', async () => {
    const store = storeFor(h.url, h.a.keys.read);
    const err = await store.append([anEvent('message.user', { sessionId: 'x', occurredAt: new Date() })]).catch((e: unknown) => e);
    expect(PermanentStoreError.is(err)).toBe(true);
    expect((err as Error).message).toMatch(/403.*ingest scope/);
    expect((err as PermanentStoreError).reason).toBe('http_403');
  });

  it('takes a network failure as worth retrying', async () => {
    const store = storeFor('http://127.0.0.1:9', h.a.keys.ingest);
    const err = await store.append([anEvent('message.user', { sessionId: 'x', occurredAt: new Date() })]).catch((e: unknown) => e);
    expect(TransientStoreError.is(err)).toBe(true);
  });

  it("initTracker('ai_chatbot', { url, apiKey }) tracks into the service", async () => {
    const t = initTracker('ai_chatbot', { url: h.url, apiKey: h.a.keys.ingest, flushIntervalMs: 50 });
    t.track('session.start', {}, 'init-explicit-1', { channel: 'web' });
    await t.flush();
    expect(t.stats()).toMatchObject({ written: 1, duplicates: 0 });
    expect(await stored('init-explicit-%')).toEqual({ n: 1, ids: 1 });
  });

  it("initTracker('ai_chatbot') reads CS_ANALYTICS_URL, CS_ANALYTICS_API_KEY and the ANALYTICS_* variables", async () => {
    const env = { CS_ANALYTICS_URL: h.url, CS_ANALYTICS_API_KEY: h.a.keys.ingest, ANALYTICS_BUFFER_SIZE: '5000', ANALYTICS_FLUSH_INTERVAL_MS: '50' };
    const t = initTracker('agent_workbench', { env });
    for (let i = 0; i < 1500; i++) t.track('message.user', {}, `init-env-${i}`);
    await t.flush();
    expect(t.stats()).toMatchObject({ written: 1500, duplicates: 0 });
    expect(await stored('init-env-%')).toEqual({ n: 1500, ids: 1500 });
  });

  it('names the missing or bad setting', () => {
    expect(() => initTracker('p1', { env: { CS_ANALYTICS_API_KEY: 'k' } })).toThrow(/^CS_ANALYTICS_URL: /);
    expect(() => initTracker('p2', { env: { CS_ANALYTICS_URL: h.url } })).toThrow(/^CS_ANALYTICS_API_KEY: /);
    expect(() => initTracker('p3', { env: { CS_ANALYTICS_URL: 'not a url', CS_ANALYTICS_API_KEY: 'k' } })).toThrow(
      /^CS_ANALYTICS_URL: "not a url" is not a URL/,
    );
    expect(() => initTracker('p4', { url: 'ftp://x', apiKey: 'k', env: {} })).toThrow(/^url: ftp: is not http/);
    expect(() => initTracker('p5', { url: h.url, apiKey: '', env: {} })).toThrow(/^apiKey: /);
    expect(() => initTracker('p6', { url: h.url, apiKey: 'k', env: { ANALYTICS_BUFFER_SIZE: 'lots' } })).toThrow(/ANALYTICS_BUFFER_SIZE/);
  });
});
