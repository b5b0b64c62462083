// RedisRealtimeStore on the real Redis (TEST_REDIS_URL) beyond the RealtimeStore contract: the projector giving the
// same view as on the memory store, the key layout (one hash tag per tenant), expiry and escaping. Each test keeps to
// a key prefix of its own (the contract: test/contracts/realtime-store.contract.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import { RealtimeProjector } from '../../domain/realtime/realtime-projector.ts';
import type { RealtimeStore, RealtimeView } from '../../domain/realtime/realtime-store.ts';
import { emptyFacts } from '../../domain/sessions/session-facts.ts';
import { anEvent } from '../support/builders.ts';
import { needServer, redisEngine, type StartedEngine } from '../support/databases.ts';

const at = (iso: string) => new Date(iso);

describe.skipIf(!(await needServer('redis')))('RedisRealtimeStore (single Redis)', () => {
  let started: StartedEngine<'redis'>;
  beforeAll(async () => {
    started = await redisEngine.start();
  });
  afterAll(async () => {
    await started?.stop();
  });

  /** A store under a key prefix of its own; `drop()` deletes every key under it. */
  async function isolatedStore(options: { now?: () => number } = {}) {
    const { redis, keyPrefix, close } = await started.open();
    const store = new RedisRealtimeStore(redis, { keyPrefix, ...options });
    return { store, redis, keyPrefix, keys: async () => (await redis.keys(`${keyPrefix}*`)).sort(), drop: close };
  }

  it('keeps every key of a tenant under its hash tag, and only there', async () => {
    const fx = await isolatedStore();
    try {
      await fx.store.commit('acme', {
        sessions: [{ ...emptyFacts('acme', 's1', at('2026-03-10T10:00:00Z')), lastTransferAt: at('2026-03-10T10:00:00Z') }],
        agents: [{ agentId: 'a1', name: null, status: 'online', since: at('2026-03-10T09:00:00Z') }],
        counters: { '2026-03-10': { sessions: 1 } },
      });
      const keys = await fx.keys();
      expect(keys.map((k) => k.slice(fx.keyPrefix.length))).toEqual([
        'analytics:{acme}:agents',
        'analytics:{acme}:day:2026-03-10',
        'analytics:{acme}:days',
        'analytics:{acme}:live',
        'analytics:{acme}:queue',
        'analytics:{acme}:s:s1',
        'analytics:{acme}:sessions',
      ]);
    } finally {
      await fx.drop();
    }
  });

  it('lets day counters and session facts expire, and drops what went quiet from the registries', async () => {
    const fx = await isolatedStore();
    try {
      await fx.store.commit('t1', {
        sessions: [emptyFacts('t1', 's1', at('2026-03-10T10:00:00Z'))],
        agents: [],
        counters: { '2026-03-10': { sessions: 1 } },
      });
      const k = fx.store.keysOf('t1');
      const sessionTtl = await fx.redis.pttl(k.session('s1'));
      const dayTtl = await fx.redis.pttl(k.day('2026-03-10'));
      expect(sessionTtl).toBeGreaterThan(47 * 3_600_000);
      expect(sessionTtl).toBeLessThanOrEqual(48 * 3_600_000);
      expect(dayTtl).toBeGreaterThan(95 * 3_600_000);
      // A session two days quieter than the newest one committed leaves the live list.
      await fx.store.commit('t1', { sessions: [emptyFacts('t1', 's2', at('2026-03-12T10:00:01Z'))], agents: [], counters: {} });
      expect(await fx.redis.zrange(k.live, '0', '-1')).toEqual(['s2']);
    } finally {
      await fx.drop();
    }
  });

  it('refuses a key prefix that would break the hash tag, naming the option', async () => {
    const fx = await isolatedStore();
    expect(() => new RedisRealtimeStore(fx.redis, { keyPrefix: 'x{y}:' })).toThrow(/keyPrefix/);
  });

  it('refuses a fractional counter, naming the field', async () => {
    const fx = await isolatedStore();
    await expect(fx.store.commit('t1', { sessions: [], agents: [], counters: { '2026-03-10': { sessions: 0.5 } } })).rejects.toThrow(
      /counters\.sessions/,
    );
    expect(await fx.keys()).toEqual([]);
  });

  it('reads counters whose names need escaping, also after Redis forgot its scripts (SCRIPT FLUSH)', async () => {
    const fx = await isolatedStore();
    const odd = ['agent.handled|ann "the" \\ boss', 'sessions|渠道/微信', 'agent.handled|tab\tnew\nline', 'agent.handled|e\u0301'];
    const counters = Object.fromEntries(odd.map((name, i) => [name, i + 1]));
    try {
      await fx.store.commit('t1', { sessions: [], agents: [], counters: { '2026-03-10': { ...counters, sessions: 3 } } });
      const since = at('2026-03-10T00:00:00Z');
      expect((await fx.store.read('t1', '2026-03-10', since)).counters).toEqual({ ...counters, sessions: 3 });
      await fx.redis.script('FLUSH');
      expect((await fx.store.read('t1', '2026-03-10', since)).counters).toEqual({ ...counters, sessions: 3 });
      expect((await fx.store.read('t1', '2026-03-11', since)).counters).toEqual({}); // no hash: no fields
    } finally {
      await fx.drop();
    }
  });

  describe('RealtimeProjector on Redis', () => {
    it('gives the same view as on the memory store for the same events', async () => {
      const fx = await isolatedStore();
      const memory = new MemoryRealtimeStore();
      try {
        for (const batch of scriptedBatches()) {
          await new RealtimeProjector({ store: memory, zoneOf: () => 'Europe/Paris' }).apply(batch);
          await new RealtimeProjector({ store: fx.store, zoneOf: () => 'Europe/Paris' }).apply(batch);
        }
        for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
          const since = at('2026-03-10T09:00:00Z');
          const [onRedis, inMemory] = [await viewOf(fx.store, day, since), await viewOf(memory, day, since)];
          expect(onRedis).toEqual(inMemory);
        }
        // and the script did produce something to compare
        const today = await viewOf(fx.store, '2026-03-10', at('2026-03-10T09:00:00Z'));
        expect(today.counters.sessions).toBe(4);
        expect(today.queued.map((s) => s.sessionId)).toEqual(['waiting']);
        expect(today.live.map((s) => s.sessionId)).toEqual(['open', 'waiting']);
        expect(today.agents.map((a) => `${a.agentId}:${a.status}`)).toEqual(['ann:busy', 'bob:away']);
      } finally {
        await fx.drop();
      }
    });
  });
});

/** The view with its lists in a fixed order (stores may list in any order). */
async function viewOf(store: RealtimeStore, day: string, since: Date): Promise<RealtimeView> {
  const v = await store.read('t1', day, since);
  const byId =
    <T>(id: (x: T) => string) =>
    (a: T, b: T) =>
      id(a).localeCompare(id(b));
  return {
    counters: v.counters,
    live: [...v.live].sort(byId((s) => s.sessionId)),
    queued: [...v.queued].sort(byId((s) => s.sessionId)),
    agents: [...v.agents].sort(byId((a) => a.agentId)),
  };
}

/** A morning of the chatbot and the workbench, in batches, with a late reply, a re-rating and a session the day before. */
function scriptedBatches(): AnalyticsEvent[][] {
  const ev = (name: Parameters<typeof anEvent>[0], iso: string, over: Partial<AnalyticsEvent> = {}) =>
    anEvent(name, { occurredAt: at(iso), ...over });
  return [
    [
      ev('agent.login', '2026-03-10T08:00:00Z', { agentId: 'ann', data: { name: 'Ann' } }),
      ev('agent.login', '2026-03-10T08:05:00Z', { agentId: 'bob', data: { name: 'Bob' } }),
      ev('session.start', '2026-03-09T22:30:00Z', { sessionId: 'overnight', channel: 'app' }), // 23:30 in Paris, the 9th
      ev('message.user', '2026-03-09T22:31:00Z', { sessionId: 'overnight' }),
      ev('session.start', '2026-03-10T10:00:00Z', { sessionId: 'bot', channel: 'web' }),
      ev('message.user', '2026-03-10T10:00:05Z', { sessionId: 'bot', data: { length: 20 } }),
      ev('message.ai', '2026-03-10T10:00:07Z', { sessionId: 'bot', data: { responseTimeMs: 1900 } }),
      ev('order.query', '2026-03-10T10:00:09Z', { sessionId: 'bot', data: { found: true } }),
    ],
    [
      ev('message.ai', '2026-03-10T10:00:30Z', { sessionId: 'bot', data: { responseTimeMs: 2100 } }),
      ev('session.end', '2026-03-10T10:02:00Z', { sessionId: 'bot', data: { reason: 'resolved' } }),
      ev('session.rated', '2026-03-10T10:03:00Z', { sessionId: 'bot', data: { score: 3 } }),
      ev('session.start', '2026-03-10T10:10:00Z', { sessionId: 'human', channel: 'whatsapp' }),
      ev('session.transfer', '2026-03-10T10:11:00Z', { sessionId: 'human', data: { toAgentId: 'ann' } }),
      ev('agent.status_change', '2026-03-10T10:11:30Z', { agentId: 'ann', data: { status: 'busy' } }),
      ev('session.start', '2026-03-10T10:20:00Z', { sessionId: 'waiting', channel: 'web' }),
      ev('session.transfer', '2026-03-10T10:21:00Z', { sessionId: 'waiting' }),
    ],
    [
      ev('session.rated', '2026-03-10T10:04:00Z', { sessionId: 'bot', data: { score: 5 } }),
      ev('session.end', '2026-03-10T10:30:00Z', { sessionId: 'human', data: { reason: 'resolved' } }),
      ev('session.start', '2026-03-10T10:25:00Z', { sessionId: 'open', channel: 'email' }),
      ev('tracking.query', '2026-03-10T10:26:00Z', { sessionId: 'open', data: { found: false } }),
      ev('agent.status_change', '2026-03-10T10:40:00Z', { agentId: 'bob', data: { status: 'away' } }),
    ],
    [
      // the agent's reply arrives after the end: the session moves from abandoned to agent-handled
      ev('message.agent', '2026-03-10T10:12:00Z', { sessionId: 'human', agentId: 'ann', data: { responseTimeMs: 60_000 } }),
      ev('session.end', '2026-03-09T22:50:00Z', { sessionId: 'overnight', data: { reason: 'abandoned' } }),
    ],
  ];
}
