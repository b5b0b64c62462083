// MemoryRealtimeStore beyond the RealtimeStore contract: it forgets as the Redis key expiry does.
import { describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { emptyFacts } from '../../domain/sessions/session-facts.ts';

describe('MemoryRealtimeStore expiry', () => {
  it('forgets sessions quiet for two days and keeps three days of counters, like the Redis key expiry', async () => {
    const store = new MemoryRealtimeStore();
    const base = Date.parse('2026-03-01T00:00:00Z');
    for (let i = 0; i < 500; i++) {
      const at = new Date(base + i * 3_600_000); // one session an hour for ~21 days
      const day = at.toISOString().slice(0, 10);
      await store.commit('t1', {
        sessions: [{ ...emptyFacts('t1', `s${i}`, at), startedAt: at }],
        agents: [],
        counters: { [day]: { sessions: 1 } },
      });
    }
    expect((await store.loadSessions('t1', ['s0'])).size).toBe(0);
    expect((await store.loadSessions('t1', ['s499'])).size).toBe(1);
    expect((await store.read('t1', '2026-03-01', new Date(base))).counters).toEqual({});
    expect((await store.read('t1', '2026-03-21', new Date(base))).counters.sessions).toBe(20); // hours 480..499
  });
});
