// ingest.track: each event on its own (one bad one never sinks the good ones), duplicates counted once, the tenant
// from the credential, stored events reaching Monitoring, and sinks that fail without failing the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { CoalescingEventStore } from '../../domain/ingest/coalescing-event-store.ts';
import { IngestEvents } from '../../domain/ingest/ingest-events.ts';
import { SinkQueue } from '../../domain/tracker/sink-queue.ts';
import { aClock, eventually, sequentialIds, T0 } from '../support/builders.ts';
import { startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

const ID = (n: number) => `0190c8a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('IngestEvents', () => {
  const setUp = (failingSink = false) => {
    const events = new MemoryEventStore();
    const applied: string[] = [];
    const sinks = new SinkQueue(
      [{ name: 'probe', apply: async (batch) => (failingSink ? Promise.reject(new Error('down')) : void applied.push(...batch.map((e) => e.id))) }],
      { maxPending: 1000, chunkSize: 100, onFailure: () => {} },
    );
    const ingest = new IngestEvents({ events, sinks, clock: aClock(), ids: sequentialIds(), retentionDays: 90 });
    return { events, applied, sinks, ingest };
  };

  it('stores the good events of a batch and names the field of each bad one, by index', async () => {
    const { ingest, events } = setUp();
    const result = await ingest.execute('acme', [
      { name: 'session.start', sessionId: 's1', channel: 'web' },
      { name: 'message.ai', sessionId: 's1', data: { responseTimeMs: -3 } },
      'not an event',
      { name: 'session.end', sessionId: 's1', occurredAt: '2026-03-10T09:30:00Z' },
    ]);
    expect(result).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, field: 'data.responseTimeMs', error: expect.stringMatching(/^data\.responseTimeMs: /) },
        { index: 2, field: 'event', error: 'event: expected an object' },
      ],
    });
    expect(await events.count('acme')).toBe(2);
  });

  it('counts an id sent twice once, as a duplicate', async () => {
    const { ingest, events } = setUp();
    const event = { id: ID(1), name: 'message.user', sessionId: 's1' };
    expect(await ingest.execute('acme', [event, event])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await ingest.execute('acme', [event])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await events.count('acme')).toBe(1);
  });

  it('stores every event under the tenant it is given, whatever the event says', async () => {
    const { ingest, events } = setUp();
    await ingest.execute('acme', [{ name: 'message.user', sessionId: 's1', tenantId: 'other' }]);
    expect(await events.count('acme')).toBe(1);
    expect(await events.count('other')).toBe(0);
  });

  it('hands newly stored events to the sinks, once', async () => {
    const { ingest, applied, sinks } = setUp();
    await ingest.execute('acme', [{ id: ID(2), name: 'message.user', sessionId: 's1', occurredAt: T0 }]);
    await ingest.execute('acme', [{ id: ID(2), name: 'message.user', sessionId: 's1', occurredAt: T0 }]);
    await sinks.drain();
    expect(applied).toEqual([ID(2)]);
  });

  it('refuses (retryably) and stores nothing when the token-usage backlog is full, instead of losing its usage', async () => {
    const events = new MemoryEventStore();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const usage: string[] = [];
    const sinks = new SinkQueue(
      [
        { name: 'realtime', apply: async () => {} },
        {
          name: 'token-usage',
          lossless: true,
          apply: async (batch) => {
            await held;
            usage.push(...batch.map((e) => e.id));
          },
        },
      ],
      { maxPending: 3, chunkSize: 1, coalesceMs: 0, onFailure: () => {} },
    );
    const ingest = new IngestEvents({ events, sinks, clock: aClock(), ids: sequentialIds(), retentionDays: 90 });
    const send = (n: number) => ingest.execute('acme', [{ id: ID(n), name: 'message.user', sessionId: 's1' }]);
    for (let n = 1; n <= 3; n++) expect((await send(n)).accepted).toBe(1);
    await expect(send(4)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/nothing was stored, retry later/) });
    expect(await events.count('acme')).toBe(3);
    release();
    await sinks.drain();
    expect((await send(4)).accepted).toBe(1);
    await sinks.drain();
    expect(usage).toEqual([ID(1), ID(2), ID(3), ID(4)]);
  });

  it('answers even when a sink fails (the sink retries later on its own)', async () => {
    const { ingest, sinks } = setUp(true);
    await expect(ingest.execute('acme', [{ name: 'message.user', sessionId: 's1' }])).resolves.toMatchObject({ accepted: 1 });
    await sinks.drain();
    expect(sinks.stats()).toMatchObject({ pending: 1, failures: expect.any(Number) });
  });
});

describe('POST /api/analytics/ingest/track', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { record: true });
  });
  afterAll(() => h?.close());

  it('refuses more than 1000 events with 400 naming events', async () => {
    const events = Array.from({ length: 1001 }, () => ({ name: 'message.user', sessionId: 's1' }));
    const res = await h.fetch('/api/analytics/ingest/track', { key: h.a.keys.ingest, json: { events } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/^events: /);
  });

  it('shows an accepted session in live Monitoring within seconds', async () => {
    const res = await h.fetch('/api/analytics/ingest/track', {
      key: h.a.keys.ingest,
      json: { events: [{ name: 'session.start', sessionId: 'live-1', channel: 'WhatsApp' }] },
    });
    expect(((await res.json()) as any).accepted).toBe(1);
    await eventually(async () => {
      const channels = (await (await h.fetch('/api/analytics/realtime/channels', { key: h.a.keys.read })).json()) as any;
      expect(channels.channels).toContainEqual(expect.objectContaining({ channel: 'whatsapp', activeNow: 1 }));
    }, 10_000);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await h.fetch('/api/analytics/ingest/track', {
      method: 'POST',
      key: h.a.keys.ingest,
      body: '{"events": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'BAD_REQUEST', message: 'body: not valid JSON' });
  });

  it('answered only what the OpenAPI document declares', () => expectAnswersDocumented(h));
});

describe('CoalescingEventStore', () => {
  const event = (id: number) => ({
    id: ID(id),
    tenantId: 'acme',
    name: 'message.user' as const,
    occurredAt: new Date(T0),
    sessionId: 's1',
    agentId: null,
    channel: null,
    product: null,
    data: {},
  });

  it('writes the calls waiting behind a write as one append, and answers each call for its own events', async () => {
    const store = new MemoryEventStore();
    const appends: number[] = [];
    const spy = Object.assign(Object.create(store), {
      append: (events: readonly ReturnType<typeof event>[]) => {
        appends.push(events.length);
        return store.append(events);
      },
    });
    const coalescing = new CoalescingEventStore(spy, { maxInFlight: 1 });
    const [a, b, c] = await Promise.all([
      coalescing.append([event(1), event(2)]),
      coalescing.append([event(3), event(1)]),
      coalescing.append([event(4)]),
    ]);
    expect(appends).toEqual([2, 3]);
    expect(a).toEqual({ stored: [ID(1), ID(2)], rejected: [] });
    expect(b).toEqual({ stored: [ID(3)], rejected: [] });
    expect(c).toEqual({ stored: [ID(4)], rejected: [] });
    expect(await store.count('acme')).toBe(4);
  });

  /** A store whose appends take 5 ms, recording each append's size and the most open at once. */
  function slowSpy() {
    const store = new MemoryEventStore();
    const seen = { appends: [] as number[], open: 0, mostOpen: 0 };
    const spy = Object.assign(Object.create(store), {
      append: async (events: readonly ReturnType<typeof event>[]) => {
        seen.appends.push(events.length);
        seen.mostOpen = Math.max(seen.mostOpen, ++seen.open);
        await new Promise((r) => setTimeout(r, 5));
        seen.open--;
        return store.append(events);
      },
    });
    return { store, spy, seen };
  }
  const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => event(from + i));

  it('starts up to maxInFlight appends at once (3 by default, as the tracker) and merges the calls behind them', async () => {
    const { store, spy, seen } = slowSpy();
    const coalescing = new CoalescingEventStore(spy, { minEventsBeside: 1 });
    await Promise.all([1, 2, 3, 4, 5].map((i) => coalescing.append([event(i)])));
    expect(seen.appends).toEqual([1, 1, 1, 2]);
    expect(seen.mostOpen).toBe(3);
    expect(await store.count('acme')).toBe(5);
  });

  it('starts a write beside one in flight only for 250 waiting events; fewer wait for it to end', async () => {
    const { store, spy, seen } = slowSpy();
    const coalescing = new CoalescingEventStore(spy);
    await Promise.all([coalescing.append([event(1)]), ...[2, 3, 4].map((i) => coalescing.append([event(i)]))]);
    expect(seen.appends).toEqual([1, 3]);
    expect(seen.mostOpen).toBe(1);
    await Promise.all([coalescing.append([event(10)]), coalescing.append(events(100, 250))]);
    expect(seen.appends).toEqual([1, 3, 1, 250]);
    expect(seen.mostOpen).toBe(2);
    expect(await store.count('acme')).toBe(255);
  });

  it('fails every call of a write that fails (each may retry: ids make it safe)', async () => {
    const failing = { append: () => Promise.reject(new Error('down')), sessionEvents: async () => [], count: async () => 0 };
    const coalescing = new CoalescingEventStore(failing);
    const results = await Promise.allSettled([coalescing.append([event(1)]), coalescing.append([event(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
