// The golden day on PGlite (+ memory realtime) and on PostgreSQL + Redis: the same figures as on memory.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { PostgresCountersSource } from '../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresSessionQuery } from '../../adapters/postgres/sessions/postgres-session-query.ts';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import { needServer, pgliteFixture, postgresFixture, testRedisUrl, type DatabaseFixture } from '../support/databases.ts';
import { goldenDaySuite, type GoldenAdapters } from './golden-day.suite.ts';

function adapters(fx: DatabaseFixture, realtime: RealtimeStore, closeRealtime: () => Promise<void>): GoldenAdapters {
  const db = fx.db;
  return {
    events: new PostgresEventStore({ db }),
    realtime,
    counters: new PostgresCountersSource({ db }),
    rollups: new PostgresDailyRollupStore({ db }),
    sessions: new PostgresSessionQuery({ db }),
    async close() {
      await closeRealtime();
      await fx.close();
    },
  };
}

goldenDaySuite('PGlite + memory realtime', async () => adapters(await pgliteFixture(), new MemoryRealtimeStore(), async () => {}));

if ((await needServer('postgres')) && (await needServer('redis'))) {
  goldenDaySuite('PostgreSQL + Redis', async () => {
    const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    const keyPrefix = `test:${randomBytes(6).toString('hex')}:`;
    return adapters(await postgresFixture(), new RedisRealtimeStore(redis, { keyPrefix }), async () => {
      const keys = await redis.keys(`${keyPrefix}*`); // test-only: the prefix holds a handful of keys
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });
  });
}
