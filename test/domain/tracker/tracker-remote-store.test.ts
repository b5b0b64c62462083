// The tracker against a store that answers like the HTTP transport: a Retry-After floor under the backoff, refusals
// counted by reason and never sent again, and exact written/duplicates when the store knows only counts.
import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../../domain/tracker/backoff.ts';
import { TransientStoreError } from '../../../domain/errors.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { AnalyticsTracker } from '../../../domain/tracker/tracker.ts';
import type { EncodingEventStore, TrackerAppendResult, TrackerEventStore } from '../../../domain/tracker/tracker-store.ts';
import { aClock, sequentialIds } from '../../support/builders.ts';

describe('retryDelay', () => {
  const policy = { baseMs: 100, capMs: 30_000 };
  it('is the full-jitter backoff when the store asked for no wait', () => {
    expect(retryDelay(3, policy, () => 0.5)).toBe(200);
    expect(retryDelay(1, policy, () => 0)).toBe(0);
  });
  it('is never shorter than the wait the store asked for', () => {
    expect(retryDelay(1, policy, () => 0, 2500)).toBe(2500);
    expect(retryDelay(10, policy, () => 0.99, 10)).toBe(Math.floor(0.99 * 30_000));
  });
});

/** A store scripted call by call; it records each call's ids and time. */
class ScriptedStore implements TrackerEventStore {
  readonly calls: { ids: string[]; at: number }[] = [];
  constructor(readonly script: ((events: readonly AnalyticsEvent[]) => TrackerAppendResult)[]) {}
  async append(events: readonly AnalyticsEvent[]): Promise<TrackerAppendResult> {
    this.calls.push({ ids: events.map((e) => e.id), at: performance.now() });
    const step = this.script.shift();
    if (!step) return { stored: events.map((e) => e.id), rejected: [] };
    return step(events);
  }
}

const make = (store: TrackerEventStore) =>
  new AnalyticsTracker(
    'ai_chatbot',
    { events: store, clock: aClock(), ids: sequentialIds() },
    { tenantId: 't1', backoff: { baseMs: 1, capMs: 2 }, random: () => 0 },
  );

describe('AnalyticsTracker with a remote store', () => {
  it('waits at least the Retry-After before sending the same ids again', async () => {
    const store = new ScriptedStore([
      () => {
        throw new TransientStoreError('429', { retryAfterMs: 300 });
      },
    ]);
    const tracker = make(store);
    for (let i = 0; i < 3; i++) tracker.track('message.user', {}, `s${i}`);
    await tracker.flush();
    expect(store.calls).toHaveLength(2);
    expect(store.calls[1]!.ids).toEqual(store.calls[0]!.ids);
    expect(store.calls[1]!.at - store.calls[0]!.at).toBeGreaterThanOrEqual(295);
    expect(tracker.stats()).toMatchObject({ written: 3, retried: 3, duplicates: 0 });
  });

  it('counts refused events by reason, in dropped.store_rejected, and never sends them again', async () => {
    const store = new ScriptedStore([
      (events) => ({
        stored: events.slice(2).map((e) => e.id),
        rejected: [
          { id: events[0]!.id, error: 'occurredAt: more than 5 minutes in the future', reason: 'occurredAt' },
          { id: events[1]!.id, error: 'data.score: too big' },
        ],
      }),
    ]);
    const tracker = make(store);
    for (let i = 0; i < 5; i++) tracker.track('message.user', {}, `s${i}`);
    await tracker.flush();
    await tracker.flush();
    expect(store.calls).toHaveLength(1);
    const s = tracker.stats();
    expect(s.rejected).toEqual({ occurredAt: 1, 'data.score': 1 });
    expect(s.dropped.store_rejected).toBe(2);
    expect(s).toMatchObject({ written: 3, duplicates: 0, queued: 0 });
  });

  it('takes written and duplicates from a count when the store cannot name the new ids', async () => {
    const store = new ScriptedStore([() => ({ stored: [], storedCount: 4, rejected: [] })]);
    const tracker = make(store);
    for (let i = 0; i < 6; i++) tracker.track('message.user', {}, `s${i}`);
    await tracker.flush();
    expect(tracker.stats()).toMatchObject({ enqueued: 6, written: 4, duplicates: 2 });
  });
});

/** A store with its own encoding (as the HTTP transport): it records each encoded batch; the first call can fail. */
class EncodingStore implements EncodingEventStore {
  readonly batches: string[][] = [];
  plainCalls = 0;
  failFirst = false;
  encode(event: AnalyticsEvent, dataJson: string): string {
    return `${event.id}|${event.sessionId}|${dataJson}`;
  }
  decode(encoded: string, tenantId: string): AnalyticsEvent {
    const [id, sessionId] = encoded.split('|');
    return {
      id: id!,
      tenantId,
      name: 'message.user',
      occurredAt: new Date(0),
      sessionId: sessionId!,
      agentId: null,
      channel: null,
      product: null,
      data: {},
    };
  }
  async appendEncoded(encoded: readonly string[]): Promise<TrackerAppendResult> {
    this.batches.push([...encoded]);
    if (this.failFirst && this.batches.length === 1) throw new TransientStoreError('503');
    return { stored: encoded.map((w) => w.split('|')[0]!), rejected: [] };
  }
  async append(events: readonly AnalyticsEvent[]): Promise<TrackerAppendResult> {
    this.plainCalls++;
    return { stored: events.map((e) => e.id), rejected: [] };
  }
}

describe('AnalyticsTracker with a store that encodes', () => {
  it('queues each event as its encoding, counts its bytes, and sends the same strings again on a retry', async () => {
    const store = new EncodingStore();
    store.failFirst = true;
    const tracker = make(store);
    tracker.track('message.user', { length: 2 }, 's1');
    tracker.track('message.user', { note: 'é' }, 's2');
    const wires = ['|s1|{"length":2}', '|s2|{"note":"é"}'];
    expect(tracker.buffer.map((e) => [e.sessionId, e.tenantId])).toEqual([
      ['s1', 't1'],
      ['s2', 't1'],
    ]);
    const ids = tracker.buffer.map((e) => e.id);
    expect(tracker.stats().queueBytes).toBe(wires.reduce((n, w, i) => n + Buffer.byteLength(ids[i] + w), 0));
    await tracker.flush();
    expect(store.batches).toEqual([ids.map((id, i) => id + wires[i]), ids.map((id, i) => id + wires[i])]);
    expect(store.plainCalls).toBe(0);
    expect(tracker.stats()).toMatchObject({ written: 2, retried: 2, duplicates: 0, queued: 0 });
  });

  it('queues the events themselves when a realtime sink needs them', async () => {
    const store = new EncodingStore();
    const applied: string[] = [];
    const tracker = new AnalyticsTracker(
      'ai_chatbot',
      { events: store, clock: aClock(), ids: sequentialIds(), realtime: { apply: async (events) => void applied.push(...events.map((e) => e.id)) } },
      { tenantId: 't1' },
    );
    tracker.track('message.user', {}, 's1');
    await tracker.flush();
    await tracker.updateRealtime();
    expect(store.batches).toHaveLength(0);
    expect(store.plainCalls).toBe(1);
    expect(applied).toHaveLength(1);
  });
});
