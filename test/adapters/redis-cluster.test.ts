// RedisRealtimeStore on a real three-node Redis Cluster started for this file, beyond the RealtimeStore contract (which
// runs on the cluster too: test/contracts/realtime-store.contract.test.ts): one slot per tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import { emptyFacts } from '../../domain/sessions/session-facts.ts';
import { needServer, redisClusterEngine, type StartedEngine } from '../support/databases.ts';

describe.skipIf(!(await needServer('redis-cluster')))('RedisRealtimeStore on a Redis Cluster', () => {
  let started: StartedEngine<'redis'>;
  beforeAll(async () => {
    started = await redisClusterEngine.start();
  });
  afterAll(async () => {
    await started?.stop();
  });

  it('puts all keys of a tenant in one slot, and different tenants across the nodes', async () => {
    const { redis, keyPrefix } = await started.open();
    const store = new RedisRealtimeStore(redis, { keyPrefix });
    const slotsOf = async (tenant: string) => {
      const k = store.keysOf(tenant);
      const names = [k.day('2026-03-10'), k.days, k.session('s1'), k.session('another'), k.sessions, k.live, k.queue, k.agents];
      return new Set(await Promise.all(names.map((n) => redis.cluster('KEYSLOT', n) as Promise<number>)));
    };
    const perTenant = await Promise.all(['acme', 'globex', 'initech', 'umbrella', 'a{b}:c'].map(slotsOf));
    for (const slots of perTenant) expect(slots.size).toBe(1);
    expect(new Set(perTenant.map((s) => [...s][0])).size).toBeGreaterThan(1);
    // and a commit that touches every key of a tenant goes through as one MULTI
    await store.commit('a{b}:c', {
      sessions: [{ ...emptyFacts('a{b}:c', 's1', new Date('2026-03-10T10:00:00Z')), lastTransferAt: new Date('2026-03-10T10:00:00Z') }],
      agents: [{ agentId: 'a1', name: null, status: 'online', since: new Date('2026-03-10T09:00:00Z') }],
      counters: { '2026-03-10': { sessions: 1 } },
    });
    expect((await store.read('a{b}:c', '2026-03-10', new Date('2026-03-10T00:00:00Z'))).queued).toHaveLength(1);
  });
});
