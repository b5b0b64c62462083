// sync-realtime-stats against a real Redis emptied by FLUSHALL: a private redis-server (free port, temp dir, nothing
// persisted) holds the live state a tracker built from the golden day; after the flush the job restores it exactly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresTenantStore } from '../../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { RedisRealtimeStore } from '../../../adapters/redis/redis-realtime-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../../../domain/realtime/realtime-stats.ts';
import { tenantZones } from '../../../domain/tenants/tenant-zones.ts';
import { AnalyticsTracker } from '../../../domain/tracker/tracker.ts';
import { NOW, scriptedDay, TENANT, ZONE } from '../../golden/scripted-day.ts';
import { sequentialIds } from '../../support/builders.ts';
import { needServer, postgresFixture, type DatabaseFixture } from '../../support/databases.ts';
import { jobRunner } from './job-deps.ts';

function hasRedisServer(): boolean {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env.CI === 'true') throw new Error('CI: redis-server is needed on PATH for the FLUSHALL resync suite');
  console.warn('skipping FLUSHALL resync suite: redis-server not on PATH');
  return false;
}

/** A port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface PrivateRedis {
  readonly port: number;
  stop(): Promise<void>;
}

/** A redis-server of this file only, in the foreground as our child, so FLUSHALL touches nobody else's keys. */
async function startRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-flushall-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {}); // refused until the server listens: the loop below retries
  try {
    for (let start = Date.now(); ; ) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
      if (
        (await probe.connect().then(
          () => probe.ping(),
          () => null,
        )) === 'PONG'
      )
        break;
      if (Date.now() - start > 10_000) throw new Error(`redis-server on port ${port} did not answer in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { port, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    probe.disconnect();
  }
}

const ready = (await needServer('postgres')) && hasRedisServer();

describe.skipIf(!ready)('sync-realtime-stats after FLUSHALL on a real Redis', () => {
  let server: PrivateRedis;
  let redis: Redis;
  let fx: DatabaseFixture;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    fx = await postgresFixture();
  });
  afterEach(() => fx?.close());

  it('restores the overview, channels and agents exactly as the live projection had them', async () => {
    const clock = new FixedClock(NOW);
    const ids = sequentialIds(5);
    const events = new PostgresEventStore({ db: fx.db });
    const tenants = new PostgresTenantStore({ db: fx.db });
    await tenants.create({ tenantId: TENANT, timeZone: ZONE });
    const realtimeStore = new RedisRealtimeStore(redis);
    const zoneOf = tenantZones({ tenants, clock });
    const projector = new RealtimeProjector({ store: realtimeStore, zoneOf });
    // As adapters/index.ts builds it.
    const stats = new RealtimeStats({ realtime: realtimeStore, events, projector, clock, ids, zoneOf, idleTimeoutMs: 30 * 60_000 });

    // The golden day, batch by batch, through a tracker writing to PostgreSQL with the projector as its sink.
    const tracker = new AnalyticsTracker('ai_chatbot', { events, realtime: projector, clock, ids }, { tenantId: TENANT });
    for (const batch of scriptedDay()) {
      for (const e of batch) {
        tracker.track(e.name, e.data as never, e.sessionId ?? undefined, {
          id: e.id,
          occurredAt: e.occurredAt,
          ...(e.product ? { product: e.product } : {}),
          ...(e.agentId ? { agentId: e.agentId } : {}),
          ...(e.channel ? { channel: e.channel } : {}),
        });
      }
      await tracker.flush();
    }
    await tracker.updateRealtime();
    await tracker.stop();
    expect(tracker.stats()).toMatchObject({ invalid: 0, duplicates: 1, realtime: { dropped: 0 } });
    // An agent changes status from the workbench at 18:00 (stored, then projected, like any event).
    await stats.updateAgentStatus(TENANT, 'a1', 'busy');

    const read = async () => ({
      overview: await stats.getOverview(TENANT),
      channels: await stats.getChannels(TENANT),
      agents: await stats.getAgents(TENANT),
    });
    const before = await read();
    // Hand-checked against the golden day (golden-day.suite.ts): 7 sessions today, S6 waiting since 17:45, S7 live.
    expect(before.overview).toMatchObject({ activeSessions: 2, queue: { length: 1, oldestWaitMs: 15 * 60_000 } });
    expect(before.overview.today).toMatchObject({ sessions: 7, ended: 5, aiResolved: 2, transferred: 3 });
    expect(before.overview.today.messages).toEqual({ user: 7, ai: 6, agent: 3, total: 16 });
    expect(Object.fromEntries(before.channels.channels.map((c) => [c.channel, c.sessionsToday]))).toEqual({ web: 3, app: 2, whatsapp: 2 });
    expect(before.overview.agents).toEqual({ online: 0, busy: 1, away: 0, offline: 1 });

    await redis.flushall();
    expect(await redis.dbsize()).toBe(0);
    const flushed = await stats.getOverview(TENANT);
    expect(flushed).toMatchObject({ activeSessions: 0, queue: { length: 0, oldestWaitMs: null } });
    expect(flushed.today).toMatchObject({ sessions: 0, ended: 0 });
    expect(flushed.agents).toEqual({ online: 0, busy: 0, away: 0, offline: 0 });

    const outcome = await jobRunner(fx, NOW, { realtimeStore }).run('sync-realtime-stats');

    expect(outcome).toMatchObject({ status: 'done', summary: { tenants: 1 } });
    expect(await read()).toEqual(before);
  });
});
