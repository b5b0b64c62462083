// sync-realtime-stats against a real Redis emptied by FLUSHALL or a restart: a private redis-server (free port, temp
// dir, nothing persisted) holds the live state a tracker built from the golden day; after the flush the job restores it
// exactly, and the service notices an emptied Redis by itself and restores it at once.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { PostgresEventStore } from '../../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresTenantStore } from '../../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { realtimeWiring, type RealtimeWiring } from '../../../adapters/realtime/realtime-wiring.ts';
import { primedKey } from '../../../adapters/redis/realtime-keys.ts';
import { createRedisClient } from '../../../adapters/redis/redis-client.ts';
import { RedisRealtimeMarker } from '../../../adapters/redis/redis-realtime-marker.ts';
import { RedisRealtimeStore } from '../../../adapters/redis/redis-realtime-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import { silentLogger } from '../../../domain/logger.ts';
import { RealtimeStats } from '../../../domain/realtime/realtime-stats.ts';
import { tenantZones } from '../../../domain/tenants/tenant-zones.ts';
import type { ZoneOf } from '../../../domain/tenants/zone-of.ts';
import type { RealtimeSink } from '../../../domain/tracker/sink-queue.ts';
import { AnalyticsTracker } from '../../../domain/tracker/tracker.ts';
import { NOW, scriptedDay, TENANT, ZONE } from '../../golden/scripted-day.ts';
import { eventually, sequentialIds } from '../../support/builders.ts';
import { needServer, postgresFixture, type DatabaseFixture } from '../../support/databases.ts';
import { hasRedisServer, startRedisServer, type PrivateRedisServer } from '../../support/redis-server.ts';
import { jobRunner } from './job-deps.ts';

const ready = (await needServer('postgres')) && hasRedisServer();

describe.skipIf(!ready)('sync-realtime-stats after FLUSHALL on a real Redis', () => {
  let server: PrivateRedisServer;
  let redis: Redis;
  let fx: DatabaseFixture;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.destroy();
  });
  beforeEach(async () => {
    fx = await postgresFixture();
  });
  afterEach(() => fx?.close());

  /**
   * The golden day live on `client` (a tracker writing to PostgreSQL, projecting through `sink`, by default the
   * projector itself), then a status change at 18:00; `read()` gives Monitoring as the Redis store holds it.
   */
  async function goldenDayLive(
    client: Redis,
    wire?: (p: {
      projector: RealtimeProjector;
      events: PostgresEventStore;
      tenants: PostgresTenantStore;
      zoneOf: ZoneOf;
      clock: FixedClock;
    }) => RealtimeSink,
  ) {
    const clock = new FixedClock(NOW);
    const ids = sequentialIds(5);
    const events = new PostgresEventStore({ db: fx.db });
    const tenants = new PostgresTenantStore({ db: fx.db });
    await tenants.create({ tenantId: TENANT, timeZone: ZONE });
    const realtimeStore = new RedisRealtimeStore(client);
    const zoneOf = tenantZones({ tenants, clock });
    const projector = new RealtimeProjector({ store: realtimeStore, zoneOf });
    const sink = wire?.({ projector, events, tenants, zoneOf, clock }) ?? projector;
    // As adapters/index.ts builds it, reading the Redis store itself.
    const stats = new RealtimeStats({ realtime: realtimeStore, events, projector: sink, clock, ids, zoneOf, idleTimeoutMs: 30 * 60_000 });

    // The golden day, batch by batch, through a tracker writing to PostgreSQL with the projector as its sink.
    const tracker = new AnalyticsTracker('ai_chatbot', { events, realtime: sink, clock, ids }, { tenantId: TENANT });
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
    return { realtimeStore, stats, read, before: await read() };
  }

  it('restores the overview, channels and agents exactly as the live projection had them', async () => {
    const { realtimeStore, stats, read, before } = await goldenDayLive(redis);
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

  describe('noticed by the service itself (the "primed" marker), without waiting for the scheduled job', () => {
    let client: Redis;
    afterEach(() => client?.disconnect());

    /** The live golden day with the realtime side wired as createServices wires it on Redis. */
    async function selfHealing(checkEveryMs: number) {
      client = createRedisClient(server.url, { logger: silentLogger });
      await client.connect();
      await client.flushall();
      let wiring: RealtimeWiring | undefined;
      const live = await goldenDayLive(client, ({ projector, events, tenants, zoneOf, clock }) => {
        const health = { marker: new RedisRealtimeMarker(client), onReady: (l: () => void) => client.on('ready', l), checkEveryMs };
        wiring = realtimeWiring({
          store: new RedisRealtimeStore(client),
          projector,
          health,
          replay: events,
          sweep: { tenants, activity: events },
          clock,
          zoneOf,
          logger: silentLogger,
        });
        wiring.start();
        return wiring.sink;
      });
      onTestFinished(() => wiring?.stop());
      await eventually(async () => expect(await client.exists(primedKey(''))).toBe(1));
      return live;
    }

    it('rebuilds at once after a FLUSHALL', async () => {
      const { read, before } = await selfHealing(200);
      await client.flushall();
      const start = Date.now();
      await eventually(async () => expect(await read()).toEqual(before), 3000);
      expect(Date.now() - start).toBeLessThan(1500);
    });

    it('rebuilds as soon as Redis is back after a restart without persistence', async () => {
      // Checks every minute: only the reconnect can be what notices.
      const { read, before } = await selfHealing(60_000);
      await server.stop();
      await server.start();
      const start = Date.now();
      await eventually(async () => expect(await read()).toEqual(before), 5000);
      expect(Date.now() - start).toBeLessThan(3000);
    });
  });
});
