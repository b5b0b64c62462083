// RedisRealtimeStore on a real three-node Redis Cluster started for this file (redis-server + redis-cli --cluster
// create in a temp dir, torn down after): the port contract through ioredis.Cluster, and one slot per tenant.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import { emptyFacts } from '../../domain/sessions/session-facts.ts';
import { realtimeStoreContract } from '../contracts/realtime-store.contract.ts';

const run = promisify(execFile);

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    execFileSync('redis-cli', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI: redis-server and redis-cli are needed for the Redis Cluster suite');
    console.warn('skipping Redis Cluster suite: redis-server / redis-cli not on PATH');
    return false;
  }
}

interface LocalCluster {
  readonly ports: number[];
  stop(): Promise<void>;
}

/** Three masters on free ports 71xx, slots spread by `redis-cli --cluster create`, nothing persisted. */
async function startCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports = await freePorts();
  const stop = async () => {
    await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'shutdown', 'nosave']).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      await run('redis-server', [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${port}.conf`),
        '--dir', dir,
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'yes',
        '--logfile', join(dir, `${port}.log`),
      ]); // prettier-ignore
    }
    await waitFor(async () => (await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'ping'])))).every((r) => r.stdout.trim() === 'PONG'));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(async () => {
      const infos = await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'cluster', 'info'])));
      return infos.every((i) => i.stdout.includes('cluster_state:ok'));
    });
    return { ports, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Three consecutive ports 71xx free (with their cluster bus ports, +10000), so parallel runs do not meet. */
async function freePorts(): Promise<number[]> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 7100 + 3 * Math.floor(Math.random() * 30);
    const ports = [base, base + 1, base + 2];
    if ((await Promise.all([...ports, ...ports.map((p) => p + 10_000)].map(free))).every(Boolean)) return ports;
  }
  throw new Error('no three free ports in 7100..7189 for the local Redis Cluster');
}

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await ok().catch(() => false)) return;
    if (Date.now() - start > timeoutMs) throw new Error('local Redis Cluster did not come up in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasRedisServer())('RedisRealtimeStore on a Redis Cluster', () => {
  let local: LocalCluster;
  let cluster: Cluster;
  beforeAll(async () => {
    local = await startCluster();
    cluster = new Cluster(local.ports.map((port) => ({ host: '127.0.0.1', port })), { redisOptions: { maxRetriesPerRequest: 1 } });
  });
  afterAll(async () => {
    await cluster?.quit();
    await local?.stop();
  });

  // The whole cluster is thrown away afterwards, so each test only needs a prefix of its own.
  realtimeStoreContract('redis cluster', async () => ({
    store: new RedisRealtimeStore(cluster, { keyPrefix: `test:${randomBytes(6).toString('hex')}:` }),
    close: async () => {},
  }));

  it('puts all keys of a tenant in one slot, and different tenants across the nodes', async () => {
    const store = new RedisRealtimeStore(cluster, { keyPrefix: 'slots:' });
    const node = new Redis(local.ports[0]!, '127.0.0.1');
    try {
      const slotsOf = async (tenant: string) => {
        const k = store.keysOf(tenant);
        const names = [k.day('2026-03-10'), k.days, k.session('s1'), k.session('another'), k.sessions, k.live, k.queue, k.agents];
        return new Set(await Promise.all(names.map((n) => node.cluster('KEYSLOT', n) as Promise<number>)));
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
    } finally {
      node.disconnect();
    }
  });
});
