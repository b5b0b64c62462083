// The RealtimeStore contract on memory, Redis and a Redis Cluster: same commits, same reads.
import { expect } from 'vitest';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import type { AgentState } from '../../domain/realtime/agent-state.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import { emptyFacts, type SessionFacts } from '../../domain/sessions/session-facts.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface RealtimeStoreFixture {
  readonly store: RealtimeStore;
}

const adapters: PortAdapters<RealtimeStoreFixture> = {
  memory: () => ({ store: new MemoryRealtimeStore() }),
  redis: ({ redis, keyPrefix }) => ({ store: new RedisRealtimeStore(redis, { keyPrefix }) }),
};

const at = (iso: string) => new Date(iso);

function aSession(id: string, over: Partial<SessionFacts> = {}): SessionFacts {
  return {
    ...emptyFacts('t1', id, at('2026-03-10T10:00:00Z')),
    startedAt: at('2026-03-10T10:00:00Z'),
    channel: 'web',
    ...over,
  };
}

const agent = (id: string, status: AgentState['status'], since = '2026-03-10T09:00:00Z'): AgentState => ({
  agentId: id,
  name: `Agent ${id}`,
  status,
  since: at(since),
});

await portContract<RealtimeStoreFixture>('RealtimeStore', adapters, (it) => {
  it('adds counter increments up per day', async ({ fx }) => {
    await fx.store.commit('t1', { sessions: [], agents: [], counters: { '2026-03-10': { sessions: 2, 'h.aiResponseMs:800': 1 } } });
    await fx.store.commit('t1', {
      sessions: [],
      agents: [],
      counters: { '2026-03-10': { sessions: 1, 'ended.ai': 1 }, '2026-03-09': { sessions: 5 } },
    });
    const today = await fx.store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'));
    expect(today.counters).toEqual({ sessions: 3, 'h.aiResponseMs:800': 1, 'ended.ai': 1 });
    const before = await fx.store.read('t1', '2026-03-09', at('2026-03-10T00:00:00Z'));
    expect(before.counters).toEqual({ sessions: 5 });
  });

  it('reads only the histogram buckets asked for, with every sum and count', async ({ fx }) => {
    const day = {
      sessions: 2,
      'h.aiResponseMs:800': 1,
      'h.aiResponseMs:1200': 2,
      's.aiResponseMs': 3200,
      'n.aiResponseMs': 3,
      'h.durationMs:61000': 1,
      's.durationMs': 61000,
      'n.durationMs': 1,
      'agent.handled|a:b': 1, // a colon outside a bucket name is not a bucket
    };
    await fx.store.commit('t1', { sessions: [], agents: [], counters: { '2026-03-10': day } });
    const since = at('2026-03-10T00:00:00Z');
    expect((await fx.store.read('t1', '2026-03-10', since)).counters).toEqual(day);
    const { 'h.durationMs:61000': _, ...withoutDuration } = day;
    expect((await fx.store.read('t1', '2026-03-10', since, { histograms: ['aiResponseMs'] })).counters).toEqual(withoutDuration);
    const { 'h.aiResponseMs:800': _a, 'h.aiResponseMs:1200': _b, ...noBuckets } = withoutDuration;
    expect((await fx.store.read('t1', '2026-03-10', since, { histograms: [] })).counters).toEqual(noBuckets);
    expect((await fx.store.read('t1', '2026-03-11', since, { histograms: [] })).counters).toEqual({});
  });

  it('gives back session facts exactly as committed', async ({ fx }) => {
    const s = aSession('s1', {
      endedAt: at('2026-03-10T10:05:00Z'),
      lastEventAt: at('2026-03-10T10:05:00Z'),
      rating: 4,
      ratedAt: at('2026-03-10T10:06:00Z'),
      agentId: 'a1',
      customerId: 'c1',
      aiMessages: 3,
    });
    await fx.store.commit('t1', { sessions: [s], agents: [], counters: {} });
    const loaded = await fx.store.loadSessions('t1', ['s1', 'missing']);
    expect(loaded.size).toBe(1);
    expect(loaded.get('s1')).toEqual(s);
  });

  it('lists live sessions active since a time, and leaves ended ones out', async ({ fx }) => {
    await fx.store.commit('t1', {
      agents: [],
      counters: {},
      sessions: [
        aSession('recent', { lastEventAt: at('2026-03-10T10:20:00Z') }),
        aSession('idle', { lastEventAt: at('2026-03-10T09:00:00Z') }),
        aSession('ended', { lastEventAt: at('2026-03-10T10:20:00Z'), endedAt: at('2026-03-10T10:20:00Z') }),
      ],
    });
    const view = await fx.store.read('t1', '2026-03-10', at('2026-03-10T10:00:00Z'));
    expect(view.live.map((s) => s.sessionId)).toEqual(['recent']);
  });

  it('lists the queue and takes a session off it once an agent replies', async ({ fx }) => {
    const queued = aSession('q1', { firstTransferAt: at('2026-03-10T10:01:00Z'), lastTransferAt: at('2026-03-10T10:01:00Z') });
    await fx.store.commit('t1', { sessions: [queued, aSession('q2')], agents: [], counters: {} });
    expect((await fx.store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).queued.map((s) => s.sessionId)).toEqual(['q1']);
    const answered = { ...queued, agentMessages: 1, firstAgentReplyAt: at('2026-03-10T10:02:00Z'), lastAgentReplyAt: at('2026-03-10T10:02:00Z') };
    await fx.store.commit('t1', { sessions: [answered], agents: [], counters: {} });
    expect((await fx.store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).queued).toEqual([]);
  });

  it('keeps agents by id, the latest commit winning', async ({ fx }) => {
    await fx.store.commit('t1', { sessions: [], counters: {}, agents: [agent('a1', 'online'), agent('a2', 'away')] });
    await fx.store.commit('t1', { sessions: [], counters: {}, agents: [agent('a1', 'busy', '2026-03-10T09:30:00Z')] });
    const loaded = await fx.store.loadAgents('t1', ['a1', 'zz']);
    expect([...loaded.keys()]).toEqual(['a1']);
    expect(loaded.get('a1')).toEqual(agent('a1', 'busy', '2026-03-10T09:30:00Z'));
    const view = await fx.store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'));
    expect([...view.agents].sort((a, b) => a.agentId.localeCompare(b.agentId))).toEqual([
      agent('a1', 'busy', '2026-03-10T09:30:00Z'),
      agent('a2', 'away'),
    ]);
  });

  it('replaces a tenant whole', async ({ fx }) => {
    await fx.store.commit('t1', {
      sessions: [aSession('old', { lastEventAt: at('2026-03-10T10:00:00Z') })],
      agents: [agent('a1', 'online')],
      counters: { '2026-03-10': { sessions: 9 } },
    });
    await fx.store.replace('t1', {
      sessions: [aSession('new', { lastEventAt: at('2026-03-10T10:00:00Z') })],
      agents: [agent('a2', 'busy')],
      counters: { '2026-03-10': { sessions: 1 } },
    });
    const view = await fx.store.read('t1', '2026-03-10', at('2026-03-10T09:00:00Z'));
    expect(view.counters).toEqual({ sessions: 1 });
    expect(view.live.map((s) => s.sessionId)).toEqual(['new']);
    expect(view.agents.map((a) => a.agentId)).toEqual(['a2']);
    expect((await fx.store.loadSessions('t1', ['old'])).size).toBe(0);
  });

  it('keeps tenants apart', async ({ fx }) => {
    await fx.store.commit('t1', { sessions: [aSession('s1')], agents: [agent('a1', 'online')], counters: { '2026-03-10': { sessions: 1 } } });
    const other = await fx.store.read('t2', '2026-03-10', at('2026-03-10T00:00:00Z'));
    expect(other).toEqual({ counters: {}, live: [], queued: [], agents: [] });
    expect((await fx.store.loadSessions('t2', ['s1'])).size).toBe(0);
  });

  it("keeps ids that are JavaScript's own names (__proto__, constructor) as ordinary ids", async ({ fx }) => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const sessions = names.map((n) => aSession(n, { channel: n, agentId: n, lastEventAt: at('2026-03-10T10:00:00Z') }));
    const counters = Object.fromEntries(names.map((n) => [`agent.handled|${n}`, 2]));
    await fx.store.commit('t1', { sessions, agents: names.map((n) => agent(n, 'online')), counters: { '2026-03-10': counters } });
    const check = async () => {
      const view = await fx.store.read('t1', '2026-03-10', at('2026-03-10T09:00:00Z'));
      expect(view.agents.map((a) => a.agentId).sort()).toEqual([...names].sort());
      expect(view.live.map((s) => s.sessionId).sort()).toEqual([...names].sort());
      expect(Object.keys(view.counters).sort()).toEqual(Object.keys(counters).sort());
      for (const n of names) expect(view.counters[`agent.handled|${n}`]).toBe(2);
      expect((await fx.store.loadAgents('t1', names)).size).toBe(names.length);
      expect((await fx.store.loadSessions('t1', names)).get('__proto__')?.channel).toBe('__proto__');
    };
    await check();
    await fx.store.replace('t1', { sessions, agents: names.map((n) => agent(n, 'online')), counters: { '2026-03-10': counters } });
    await check();
  });

  it('answers a ping', async ({ fx }) => {
    await expect(fx.store.ping()).resolves.toBeUndefined();
  });
});
