// initTracker takes its settings from the ANALYTICS_* variables (or an AnalyticsConfig), under explicit options; the
// library entry and the fastify plugin read process.env. Each test would fail were the setting ignored.
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as lib from '../../../index.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { AnalyticsConfig, ConfigError, type Environment } from '../../../domain/config.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { AppendResult, EventStore } from '../../../domain/events/event-store.ts';
import { getTracker, initTracker, stopAllTrackers } from '../../../domain/tracker/registry.ts';
import { defaultTrackerOptions } from '../../../domain/tracker/tracker-options.ts';
import type { AnalyticsTracker, TrackerPorts } from '../../../domain/tracker/tracker.ts';
import { analyticsTrackerPlugin } from '../../../transport/fastify-plugin/tracker-plugin.ts';
import { aClock, eventually, sequentialIds } from '../../support/builders.ts';

/** An EventStore whose appends take a few milliseconds, recording each batch's size and the most at once. */
class SlowEventStore implements EventStore {
  readonly batches: number[] = [];
  peakConcurrent = 0;
  #concurrent = 0;
  readonly inner = new MemoryEventStore();
  constructor(readonly delayMs = 5) {}

  async append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    this.batches.push(events.length);
    this.peakConcurrent = Math.max(this.peakConcurrent, ++this.#concurrent);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      return await this.inner.append(events);
    } finally {
      this.#concurrent--;
    }
  }
  sessionEvents(tenantId: string, sessionId: string) {
    return this.inner.sessionEvents(tenantId, sessionId);
  }
  count(tenantId: string) {
    return this.inner.count(tenantId);
  }
}

function portsOf(events: EventStore): TrackerPorts {
  return { events, clock: aClock(), ids: sequentialIds() };
}

function startSessions(tracker: Pick<AnalyticsTracker, 'track'>, n: number): void {
  for (let i = 0; i < n; i++) tracker.track('session.start', {}, `s${i}`, { channel: 'web' });
}

/** A tracker started from `env` alone (tenant t1), writing to a slow store. */
function fromEnv(env: Environment) {
  const store = new SlowEventStore();
  const tracker = initTracker('ai_chatbot', portsOf(store), { tenantId: 't1', env });
  return { tracker, store };
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await stopAllTrackers({ deadlineMs: 100 });
});

describe('initTracker with an environment', () => {
  it('writes batches of ANALYTICS_BUFFER_SIZE events, a full one at once', async () => {
    const { tracker, store } = fromEnv({ ANALYTICS_BUFFER_SIZE: '4', ANALYTICS_FLUSH_INTERVAL_MS: '3600000' });
    startSessions(tracker, 10);
    await eventually(() => expect(store.batches).toEqual([4, 4]));
    await tracker.flush();
    expect(store.batches).toEqual([4, 4, 2]);
    expect(await store.count('t1')).toBe(10);
  });

  it.each([1, 5])('keeps ANALYTICS_MAX_IN_FLIGHT=%i writes at once', async (n) => {
    const store = new SlowEventStore();
    const env = { ANALYTICS_MAX_IN_FLIGHT: String(n) };
    const tracker = initTracker('ai_chatbot', portsOf(store), { tenantId: 't1', bufferSize: 1, env });
    startSessions(tracker, 12);
    await tracker.flush();
    expect(store.peakConcurrent).toBe(n);
    expect(tracker.stats().written).toBe(12);
  });

  it('writes what waits every ANALYTICS_FLUSH_INTERVAL_MS', async () => {
    const { tracker, store } = fromEnv({ ANALYTICS_FLUSH_INTERVAL_MS: '20' });
    startSessions(tracker, 3);
    await eventually(async () => expect(await store.count('t1')).toBe(3), 1000);
  });

  it('drops, and counts, what comes past ANALYTICS_MAX_QUEUE_EVENTS', async () => {
    const { tracker, store } = fromEnv({ ANALYTICS_MAX_QUEUE_EVENTS: '5' });
    startSessions(tracker, 8);
    expect(tracker.stats()).toMatchObject({ enqueued: 8, queued: 5, dropped: { queue_full: 3, queue_bytes: 0 } });
    await tracker.flush();
    expect(await store.count('t1')).toBe(5);
  });

  it('drops, and counts, what comes past ANALYTICS_MAX_QUEUE_BYTES', () => {
    const { tracker } = fromEnv({ ANALYTICS_MAX_QUEUE_BYTES: '1024' });
    startSessions(tracker, 50);
    const stats = tracker.stats();
    expect(stats.dropped.queue_bytes).toBeGreaterThan(0);
    expect(stats.dropped.queue_full).toBe(0);
    expect(stats.queueBytes).toBeLessThanOrEqual(1024);
    expect(stats.queued + stats.dropped.queue_bytes).toBe(50);
  });

  it('lets explicit options win over the environment', () => {
    const store = new SlowEventStore();
    const env = { ANALYTICS_MAX_QUEUE_EVENTS: '3' };
    const tracker = initTracker('ai_chatbot', portsOf(store), { tenantId: 't1', maxQueueEvents: 6, env });
    startSessions(tracker, 8);
    expect(tracker.stats()).toMatchObject({ queued: 6, dropped: { queue_full: 2 } });
  });

  it('stops on a bad value with a ConfigError naming the variable, and starts no tracker', () => {
    const start = () => fromEnv({ ANALYTICS_MAX_IN_FLIGHT: 'many' });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/^ANALYTICS_MAX_IN_FLIGHT: /);
    expect(getTracker('ai_chatbot')).toBeUndefined();
  });

  it("reads none of the product's other variables", () => {
    expect(() => fromEnv({ DATABASE_URL: 'mysql://db', REDIS_URL: 'http://cache', PORT: 'web', HOST: '' })).not.toThrow();
  });
});

describe('initTracker with an AnalyticsConfig', () => {
  it('takes its tracker settings', () => {
    const store = new SlowEventStore();
    const tracker = initTracker('ai_chatbot', portsOf(store), { tenantId: 't1', config: new AnalyticsConfig({ maxQueueEvents: 4 }) });
    startSessions(tracker, 6);
    expect(tracker.stats()).toMatchObject({ queued: 4, dropped: { queue_full: 2 } });
  });

  it('takes an environment or a configuration, not both', () => {
    const ports = portsOf(new SlowEventStore());
    // @ts-expect-error which one would win is not obvious, so the type refuses both
    expect(() => initTracker('ai_chatbot', ports, { env: {}, config: new AnalyticsConfig() })).not.toThrow();
  });
});

describe("the tracker's defaults", () => {
  it("are AnalyticsConfig's", () => {
    expect(defaultTrackerOptions).toMatchObject({
      bufferSize: 1000,
      flushIntervalMs: 5000,
      retentionDays: 90,
      maxQueueEvents: 100_000,
      maxQueueBytes: 64 * 1024 * 1024,
      maxInFlight: 3,
    });
    const config = new AnalyticsConfig();
    for (const key of ['bufferSize', 'flushIntervalMs', 'retentionDays', 'maxQueueEvents', 'maxQueueBytes', 'maxInFlight'] as const) {
      expect(defaultTrackerOptions[key], key).toBe(config[key]);
    }
  });

  it('apply without an environment: three writes at once', async () => {
    const store = new SlowEventStore();
    const tracker = initTracker('ai_chatbot', portsOf(store), { tenantId: 't1', bufferSize: 1 });
    startSessions(tracker, 12);
    await tracker.flush();
    expect(store.peakConcurrent).toBe(3);
  });
});

describe('initTracker from the library entry', () => {
  it('reads the ANALYTICS_* variables of process.env', () => {
    vi.stubEnv('ANALYTICS_MAX_QUEUE_EVENTS', '2');
    const tracker = lib.initTracker('ai_chatbot', portsOf(new SlowEventStore()), { tenantId: 't1' });
    startSessions(tracker, 5);
    expect(tracker.stats()).toMatchObject({ queued: 2, dropped: { queue_full: 3 } });
  });

  it('reads the environment it is given instead', () => {
    vi.stubEnv('ANALYTICS_MAX_QUEUE_EVENTS', '2');
    const tracker = lib.initTracker('ai_chatbot', portsOf(new SlowEventStore()), { tenantId: 't1', env: {} });
    startSessions(tracker, 5);
    expect(tracker.stats()).toMatchObject({ queued: 5, dropped: { queue_full: 0 } });
  });
});

describe('analyticsTrackerPlugin', () => {
  it('starts the tracker with the ANALYTICS_* variables of process.env', async () => {
    vi.stubEnv('ANALYTICS_MAX_QUEUE_EVENTS', '2');
    const app = Fastify();
    await app.register(analyticsTrackerPlugin, { product: 'ai_chatbot', ports: portsOf(new SlowEventStore()), tracker: { tenantId: 't1' } });
    await app.ready();
    for (let i = 0; i < 5; i++) app.analytics.sessionStart({ sessionId: `s${i}`, channel: 'web' });
    expect(app.analyticsTracker.stats()).toMatchObject({ queued: 2, dropped: { queue_full: 3 } });
    await app.close();
  });
});
