// The composition root on the real servers (DATABASE_URL + REDIS_URL): migrated, ingest reaches Monitoring through
// Redis, /readyz sees both. Each run in its own schema and key prefix.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { unavailable } from '../../domain/errors.ts';
import { buildServer } from '../../transport/http/build-server.ts';
import { eventually } from '../support/builders.ts';
import { adminQuery, needServer, testDatabaseUrl, testRedisUrl } from '../support/databases.ts';

const up = (await needServer('postgres')) && (await needServer('redis'));

describe.skipIf(!up)('createServices on PostgreSQL and Redis', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let services: Services;
  let key: string;
  let app: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    await adminQuery(`CREATE SCHEMA ${schema}`);
    services = await createServices(new AnalyticsConfig({ databaseUrl: testDatabaseUrl, redisUrl: testRedisUrl }), {
      searchPath: schema,
      redisKeyPrefix: `test:${schema}:`,
    });
    await services.tenants.create({ tenantId: 'acme', timeZone: 'Asia/Shanghai' });
    key = (await services.keys.issue({ tenantId: 'acme', scopes: ['ingest', 'read'] })).key;
    app = await buildServer(services);
  });

  afterAll(async () => {
    await app?.close();
    await services?.close();
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('is ready when both answer', async () => {
    const res = await app.inject({ url: '/readyz' });
    expect(res.json()).toEqual({ status: 'ready', checks: { database: true, realtime: true } });
    // Migrated on the PostgreSQL server, in this run's schema.
    expect(await adminQuery(`SELECT to_regclass('${schema}.analytics_events') IS NOT NULL AS migrated`)).toEqual([{ migrated: true }]);
  });

  it('shows an ingested session in Monitoring and stores it in PostgreSQL', async () => {
    const headers = { authorization: `Bearer ${key}` };
    const res = await app.inject({
      method: 'POST',
      url: '/api/analytics/ingest/track',
      headers,
      payload: {
        events: [
          { name: 'session.start', sessionId: 'r-1', channel: 'app' },
          { name: 'message.user', sessionId: 'r-1' },
        ],
      },
    });
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await services.events.count('acme')).toBe(2);
    await eventually(async () => {
      const overview = (await app.inject({ url: '/api/analytics/realtime/overview', headers })).json();
      expect(overview).toMatchObject({ activeSessions: 1, today: { sessions: 1 }, timeZone: 'Asia/Shanghai' });
    }, 10_000);
  });

  it("answers 503 with Retry-After in the contract's error shape when the live figures cannot be had", async () => {
    // The realtime use case as it answers when neither Redis nor the recompute from PostgreSQL can (FallbackRealtimeStore).
    const gone = async () => {
      throw unavailable('live figures: the realtime store is unavailable; retry shortly');
    };
    const down = await buildServer({ ...services, realtime: Object.assign(Object.create(services.realtime), { getOverview: gone }) });
    try {
      const headers = { authorization: `Bearer ${key}` };
      const plain = await down.inject({ url: '/api/analytics/realtime/overview', headers });
      expect(plain.statusCode).toBe(503);
      expect(plain.headers['retry-after']).toBe('5');
      expect(plain.json()).toEqual({
        error: { code: 'SERVICE_UNAVAILABLE', message: 'live figures: the realtime store is unavailable; retry shortly' },
      });
      const rpc = await down.inject({ url: '/trpc/realtime.overview', headers });
      expect(rpc.statusCode).toBe(503);
      expect(rpc.headers['retry-after']).toBe('5');
    } finally {
      await down.close();
    }
  });
});
