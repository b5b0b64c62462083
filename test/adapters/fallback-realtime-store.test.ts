// FallbackRealtimeStore: the live store while it answers and is trusted, else the view recomputed from stored events;
// UNAVAILABLE (503) when neither can answer within the budget.
import { describe, expect, it } from 'vitest';
import { FallbackRealtimeStore } from '../../adapters/realtime/fallback-realtime-store.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { FixedClock } from '../../domain/clock.ts';
import { DomainError, TransientStoreError } from '../../domain/errors.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { silentLogger } from '../../domain/logger.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import { anEvent } from '../support/builders.ts';

const NOW = '2026-03-10T15:00:00Z';
const TODAY = '2026-03-10';
const SINCE = new Date('2026-03-10T14:00:00Z');

const stored: AnalyticsEvent[] = [
  anEvent('session.start', { tenantId: 't1', sessionId: 's1', channel: 'web', occurredAt: new Date('2026-03-10T14:30:00Z') }),
  anEvent('message.user', { tenantId: 't1', sessionId: 's1', occurredAt: new Date('2026-03-10T14:31:00Z') }),
];

function setting(opts: { live?: Partial<RealtimeStore>; replay?: () => Promise<AnalyticsEvent[]>; stale?: boolean } = {}) {
  const calls = { live: 0, replay: 0 };
  const memory = new MemoryRealtimeStore();
  // Only reads reach the live store here.
  const live = {
    read: async (...a: Parameters<RealtimeStore['read']>) => {
      calls.live++;
      return (opts.live?.read ?? memory.read.bind(memory))(...a);
    },
  } as unknown as RealtimeStore;
  const replay = {
    replayEvents: async () => {
      calls.replay++;
      return (opts.replay ?? (async () => stored))();
    },
  };
  const store = new FallbackRealtimeStore({
    live,
    replay,
    clock: new FixedClock(NOW),
    zoneOf: async () => 'UTC',
    logger: silentLogger,
    stale: () => opts.stale ?? false,
    recomputeBudgetMs: 200,
  });
  return { store, calls };
}

const down = async (): Promise<never> => {
  throw new TransientStoreError('redis: Command timed out');
};

describe('FallbackRealtimeStore.read', () => {
  it('reads the live store while it answers', async () => {
    const s = setting();
    expect((await s.store.read('t1', TODAY, SINCE)).live).toEqual([]);
    expect(s.calls).toEqual({ live: 1, replay: 0 });
  });

  it('answers the view recomputed from stored events when the live store fails, and skips it for a while after', async () => {
    const s = setting({ live: { read: down } });
    const view = await s.store.read('t1', TODAY, SINCE);
    expect(view.live.map((f) => f.sessionId)).toEqual(['s1']);
    expect(view.counters.sessions).toBe(1);
    await s.store.read('t1', TODAY, SINCE);
    // The second read neither waits for the failed store again nor replays again (the recompute is reused).
    expect(s.calls).toEqual({ live: 1, replay: 1 });
  });

  it('recomputes without asking the live store while it is stale (failed projections not yet rebuilt)', async () => {
    const s = setting({ stale: true });
    expect((await s.store.read('t1', TODAY, SINCE)).counters.sessions).toBe(1);
    expect(s.calls.live).toBe(0);
  });

  it('is UNAVAILABLE when the stored events cannot be read either', async () => {
    const s = setting({ live: { read: down }, replay: down });
    await expect(s.store.read('t1', TODAY, SINCE)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('is UNAVAILABLE within its budget when the recompute is slow', async () => {
    const s = setting({ live: { read: down }, replay: () => new Promise((r) => setTimeout(() => r(stored), 2000)) });
    const start = performance.now();
    const err = await s.store.read('t1', TODAY, SINCE).catch((e: unknown) => e);
    expect(DomainError.is(err) && err.code).toBe('UNAVAILABLE');
    expect(performance.now() - start).toBeLessThan(600);
  });
});
