import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { AnalyticsTracker, type RealtimeSink, type TrackerIssue, type TrackerOptions } from '../../../domain/tracker/tracker.ts';
import { getTracker, initTracker, stopAllTrackers } from '../../../domain/tracker/registry.ts';
import { totalDropped, type TrackerStats } from '../../../domain/tracker/tracker-stats.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { aClock, eventually, sequentialIds } from '../../support/builders.ts';
import { FlakyEventStore } from '../../support/flaky-event-store.ts';

const fastRetry = { baseMs: 1, capMs: 5 };

function setup(options: Partial<TrackerOptions> = {}, realtime?: RealtimeSink | RealtimeSink[]) {
  const memory = new MemoryEventStore();
  const store = new FlakyEventStore(memory);
  const issues: TrackerIssue[] = [];
  const tracker = new AnalyticsTracker(
    'ai_chatbot',
    { events: store, clock: aClock(), ids: sequentialIds(), ...(realtime ? { realtime } : {}) },
    { tenantId: 't1', backoff: fastRetry, onError: (i) => issues.push(i), ...options },
  );
  return { tracker, store, memory, issues };
}

function expectBalanced(s: TrackerStats): void {
  expect(s.enqueued).toBe(s.written + s.duplicates + totalDropped(s) + s.queued);
}

function startSessions(tracker: AnalyticsTracker, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) tracker.track('session.start', {}, `s${i}`, { channel: 'web' });
}

afterEach(async () => {
  await stopAllTrackers({ deadlineMs: 100 });
});

describe('AnalyticsTracker.track', () => {
  it('leaves exactly one event in the buffer after one call', () => {
    const { tracker } = setup();
    tracker.track('session.start', { customerId: 'c1' }, 's1', { channel: 'Web' });
    expect(tracker.buffer).toHaveLength(1);
    const [event] = tracker.buffer;
    expect(event).toMatchObject({
      name: 'session.start',
      sessionId: 's1',
      channel: 'web',
      tenantId: 't1',
      product: 'ai_chatbot',
      data: { customerId: 'c1' },
    });
    expect(event!.occurredAt.toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(tracker.stats()).toMatchObject({ enqueued: 1, queued: 1, written: 0 });
  });

  it('counts and reports an invalid event instead of throwing', async () => {
    const { tracker, issues } = setup();
    // @ts-expect-error responseTimeMs is required: the type says so too
    expect(() => tracker.track('message.ai', {}, 's1')).not.toThrow();
    // @ts-expect-error an unknown event name
    expect(() => tracker.track('message.bogus', {}, 's1')).not.toThrow();
    tracker.track('message.user', {}); // sessionId missing
    expect(tracker.buffer).toHaveLength(0);
    const s = tracker.stats();
    expect(s.invalid).toBe(3);
    expect(s.enqueued).toBe(0);
    expect(s.lastError?.message).toContain('sessionId');
    await eventually(() => expect(issues.some((i) => i.kind === 'dropped' && i.counts.invalid! >= 1)).toBe(true));
    expect(issues.find((i) => i.kind === 'dropped')!.message).toContain('data.responseTimeMs');
  });

  it('never throws even when given garbage', () => {
    const { tracker } = setup();
    const bad = tracker as unknown as { track: (...a: unknown[]) => void };
    expect(() => bad.track(undefined, undefined, undefined, undefined)).not.toThrow();
    expect(() => bad.track('session.start', 42, { not: 'a string' })).not.toThrow();
    expect(() => bad.track('session.rated', { score: 7 }, 's1')).not.toThrow();
    expect(tracker.stats().invalid).toBe(3);
  });
});

describe('AnalyticsTracker.flush', () => {
  it('writes everything queued and balances its stats', async () => {
    const { tracker, memory } = setup({ bufferSize: 10 });
    startSessions(tracker, 25);
    await tracker.flush();
    expect(await memory.count('t1')).toBe(25);
    const s = tracker.stats();
    expect(s).toMatchObject({ enqueued: 25, written: 25, duplicates: 0, queued: 0 });
    expectBalanced(s);
  });

  it('starts a flush on its own when a batch fills', async () => {
    const { tracker, memory } = setup({ bufferSize: 5, flushIntervalMs: 60_000 });
    startSessions(tracker, 5);
    await eventually(async () => expect(await memory.count('t1')).toBe(5));
  });

  it('flushes on the interval whatever is waiting', async () => {
    const { tracker, memory } = setup({ bufferSize: 1000, flushIntervalMs: 20 });
    tracker.start();
    startSessions(tracker, 3);
    await eventually(async () => expect(await memory.count('t1')).toBe(3));
    await tracker.stop();
  });

  it('keeps at most maxInFlight writes at once', async () => {
    const { tracker, store } = setup({ bufferSize: 2, maxInFlight: 2 });
    let concurrent = 0;
    let peak = 0;
    const append = store.append.bind(store);
    store.append = async (events) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      await new Promise((r) => setTimeout(r, 5));
      try {
        return await append(events);
      } finally {
        concurrent--;
      }
    };
    startSessions(tracker, 20);
    await tracker.flush();
    expect(peak).toBe(2);
    expect(tracker.stats().written).toBe(20);
  });
});

describe('AnalyticsTracker retries', () => {
  it('retries a failing store with backoff and stores every event once', async () => {
    const { tracker, store, memory } = setup({ bufferSize: 10 });
    store.failNext(3, 'down');
    startSessions(tracker, 10);
    await tracker.flush();
    expect(await memory.count('t1')).toBe(10);
    const s = tracker.stats();
    expect(s.written).toBe(10);
    expect(s.retried).toBe(30);
    expect(s.lastError?.message).toContain('connection refused');
    expectBalanced(s);
  });

  it('counts a write whose acknowledgement was lost as duplicates on the retry, not twice', async () => {
    const { tracker, store, memory } = setup({ bufferSize: 10 });
    store.failNext(1, 'ack-lost');
    startSessions(tracker, 10);
    await tracker.flush();
    expect(await memory.count('t1')).toBe(10);
    const s = tracker.stats();
    expect(s).toMatchObject({ written: 0, duplicates: 10, retried: 10 });
    expectBalanced(s);
  });

  it('does not store the same id twice when a batch is replayed', async () => {
    const { tracker, memory } = setup();
    const id = '0190f1a2-0000-7000-8000-000000000001';
    tracker.track('session.start', {}, 's1', { channel: 'web', id });
    tracker.track('session.start', {}, 's1', { channel: 'web', id });
    await tracker.flush();
    tracker.track('session.start', {}, 's1', { channel: 'web', id });
    await tracker.flush();
    expect(await memory.count('t1')).toBe(1);
    expect(tracker.stats()).toMatchObject({ written: 1, duplicates: 2 });
  });

  it('drops a batch the store refuses for good, and says so', async () => {
    const { tracker, store, issues } = setup({ bufferSize: 5 });
    store.failNext(1, 'permanent');
    startSessions(tracker, 5);
    await tracker.flush();
    const s = tracker.stats();
    expect(s.dropped.store_rejected).toBe(5);
    expect(s.rejected).toEqual({ store_error: 5 });
    expect(s.retried).toBe(0);
    expectBalanced(s);
    expect(issues.some((i) => i.kind === 'store_error' && i.permanent)).toBe(true);
  });

  it('never surfaces an unhandled rejection during an outage', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { tracker, store } = setup({ bufferSize: 2 });
      store.failNext(50, 'down');
      startSessions(tracker, 6);
      await tracker.flush();
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      expect(tracker.stats().written).toBe(6);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('AnalyticsTracker overflow', () => {
  it('drops the newest past the count bound, counts and reports it', async () => {
    const { tracker, store, issues } = setup({ maxQueueEvents: 100, bufferSize: 1000 });
    store.hang(true);
    startSessions(tracker, 130);
    const s = tracker.stats();
    expect(s).toMatchObject({ enqueued: 130, queued: 100 });
    expect(s.dropped.queue_full).toBe(30);
    expectBalanced(s);
    expect(tracker.buffer[99]!.sessionId).toBe('s99');
    await eventually(() => expect(issues.some((i) => i.kind === 'dropped' && (i.counts.queue_full ?? 0) > 0)).toBe(true));
  });

  it('drops the oldest when asked to', () => {
    const { tracker, store } = setup({ maxQueueEvents: 100, bufferSize: 1000, overflow: 'drop-oldest' });
    store.hang(true);
    startSessions(tracker, 130);
    expect(tracker.buffer[0]!.sessionId).toBe('s30');
    expect(tracker.stats().dropped.queue_full).toBe(30);
    expectBalanced(tracker.stats());
  });

  it('bounds the queue by bytes too', () => {
    const { tracker } = setup({ maxQueueBytes: 10_000, bufferSize: 1000 });
    for (let i = 0; i < 10; i++) tracker.track('message.user', { note: 'x'.repeat(2000) }, `s${i}`);
    const s = tracker.stats();
    expect(s.dropped.queue_bytes).toBeGreaterThan(0);
    expect(s.queueBytes).toBeLessThanOrEqual(10_000);
    expectBalanced(s);
  });

  it('absorbs a burst of 20,000 events in one tick and loses none', async () => {
    const { tracker, memory } = setup({ maxInFlight: 2 });
    startSessions(tracker, 20_000);
    await tracker.flush();
    expect(await memory.count('t1')).toBe(20_000);
    expect(totalDropped(tracker.stats())).toBe(0);
  });
});

describe('AnalyticsTracker.stop', () => {
  it('drains what is queued and reports; a second call returns the same report', async () => {
    const { tracker, memory } = setup();
    startSessions(tracker, 7);
    const first = tracker.stop();
    const second = tracker.stop();
    expect(second).toBe(first);
    const report = await first;
    expect(report.drained).toBe(true);
    expect(report.abandoned).toBe(0);
    expect(await memory.count('t1')).toBe(7);
  });

  it('gives up at the deadline and counts what it abandoned', async () => {
    const { tracker, store } = setup({ bufferSize: 5 });
    store.hang(true);
    startSessions(tracker, 12);
    const started = Date.now();
    const report = await tracker.stop({ deadlineMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.drained).toBe(false);
    expect(report.abandoned).toBe(12);
    expect(report.stats.dropped.shutdown).toBe(12);
    expectBalanced(report.stats);
  });

  it('counts and ignores track() after stop', async () => {
    const { tracker } = setup();
    await tracker.stop();
    tracker.track('session.start', {}, 's1', { channel: 'web' });
    expect(tracker.stats()).toMatchObject({ afterStop: 1, enqueued: 0, queued: 0 });
  });

  it('keeps retrying through an outage until the deadline', async () => {
    const { tracker, store, memory } = setup({ bufferSize: 5 });
    store.failNext(5, 'down');
    startSessions(tracker, 5);
    const report = await tracker.stop({ deadlineMs: 5000 });
    expect(report.drained).toBe(true);
    expect(await memory.count('t1')).toBe(5);
  });
});

describe('AnalyticsTracker realtime', () => {
  it('moves realtime only for newly stored events', async () => {
    const applied: string[] = [];
    const { tracker } = setup({}, { apply: async (events) => void applied.push(...events.map((e) => e.id)) });
    const id = '0190f1a2-0000-7000-8000-0000000000aa';
    tracker.track('session.start', {}, 's1', { channel: 'web', id });
    await tracker.flush();
    tracker.track('session.start', {}, 's1', { channel: 'web', id });
    tracker.track('message.user', {}, 's1');
    await tracker.flush();
    await tracker.updateRealtime();
    expect(applied).toHaveLength(2);
    expect(applied[0]).toBe(id);
  });

  it('never lets a failing realtime store block or fail storage, and catches up later', async () => {
    let down = true;
    const applied: string[] = [];
    const realtime = {
      apply: async (events: readonly AnalyticsEvent[]) => {
        if (down) throw new Error('redis unreachable');
        applied.push(...events.map((e) => e.id));
      },
    };
    const { tracker, memory } = setup({}, realtime);
    startSessions(tracker, 4);
    await tracker.flush();
    expect(await memory.count('t1')).toBe(4);
    await tracker.updateRealtime();
    expect(tracker.stats().realtime).toMatchObject({ pending: 4, applied: 0 });
    expect(tracker.stats().realtime.failures).toBeGreaterThan(0);
    down = false;
    await tracker.updateRealtime();
    expect(applied).toHaveLength(4);
    expect(tracker.stats().realtime).toMatchObject({ pending: 0, applied: 4 });
  });
});

describe('AnalyticsTracker sinks', () => {
  it('retries a failing sink alone, so the healthy one never sees an event twice', async () => {
    const healthy: string[] = [];
    let flakyDown = true;
    const flakyApplied: string[] = [];
    const sinks = [
      { name: 'realtime', apply: async (events: readonly AnalyticsEvent[]) => void healthy.push(...events.map((e) => e.id)) },
      {
        name: 'usage',
        apply: async (events: readonly AnalyticsEvent[]) => {
          if (flakyDown) throw new Error('usage store down');
          flakyApplied.push(...events.map((e) => e.id));
        },
      },
    ];
    const { tracker, issues } = setup({}, sinks);
    startSessions(tracker, 3);
    await tracker.flush();
    await tracker.updateRealtime();
    expect(healthy).toHaveLength(3);
    expect(issues.some((i) => i.kind === 'realtime_error' && i.message.includes('usage sink'))).toBe(true);
    flakyDown = false;
    await tracker.updateRealtime();
    expect(healthy).toHaveLength(3);
    expect(flakyApplied).toHaveLength(3);
  });
});

describe('initTracker / getTracker', () => {
  it('keeps one tracker per product name', () => {
    const ports = { events: new MemoryEventStore(), clock: aClock(), ids: sequentialIds() };
    const a = initTracker('ai_chatbot', ports);
    expect(initTracker('ai_chatbot', ports)).toBe(a);
    expect(getTracker('ai_chatbot')).toBe(a);
    expect(initTracker('agent_workbench', ports)).not.toBe(a);
    expect(getTracker('nobody')).toBeUndefined();
  });

  it('makes a new tracker once the old one is stopped', async () => {
    const ports = { events: new MemoryEventStore(), clock: aClock(), ids: sequentialIds() };
    const a = initTracker('ai_chatbot', ports);
    await a.stop();
    expect(initTracker('ai_chatbot', ports)).not.toBe(a);
  });
});
