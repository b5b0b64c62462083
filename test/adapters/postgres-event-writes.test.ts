// The PostgreSQL write path under the tracker: replays count once, a bad row stands alone, late events mark
// their local day, and a connection killed mid-flush loses and doubles nothing.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { localDay } from '../../domain/local-day.ts';
import { RealtimeProjector } from '../../domain/realtime/realtime-projector.ts';
import { metricsOf } from '../../domain/stats/metrics.ts';
import { AnalyticsTracker } from '../../domain/tracker/tracker.ts';
import { aClock, anEvent, sequentialIds } from '../support/builders.ts';
import { sqlEngines, testDatabaseUrl, type DatabaseFixture } from '../support/databases.ts';

const fastRetry = { baseMs: 5, capMs: 50 };
const at = (iso: string) => new Date(iso);

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`PostgresEventStore writes on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    let store: PostgresEventStore;
    beforeEach(async () => {
      fx = await engine.open();
      store = new PostgresEventStore({ db: fx.db });
    });
    afterEach(() => fx?.close());

    it('stores a batch tracked twice once, and moves each counter once', async () => {
      const realtime = new MemoryRealtimeStore();
      const tracker = new AnalyticsTracker(
        'ai_chatbot',
        { events: store, realtime: new RealtimeProjector({ store: realtime, zoneOf: () => 'UTC' }), clock: aClock(), ids: sequentialIds() },
        { tenantId: 't1', backoff: fastRetry },
      );
      const ids = sequentialIds(7);
      const script = Array.from({ length: 50 }, (_, s) => [
        { id: ids.next(), name: 'session.start' as const, s, occurredAt: '2026-03-10T09:00:00Z' },
        { id: ids.next(), name: 'message.user' as const, s, occurredAt: '2026-03-10T09:00:01Z' },
        { id: ids.next(), name: 'message.ai' as const, s, occurredAt: '2026-03-10T09:00:02Z' },
        { id: ids.next(), name: 'session.end' as const, s, occurredAt: '2026-03-10T09:05:00Z' },
      ]).flat();
      const trackAll = () => {
        for (const e of script) {
          const data = e.name === 'message.ai' ? { responseTimeMs: 900 } : {};
          tracker.track(e.name, data as never, `s${e.s}`, { id: e.id, occurredAt: e.occurredAt, channel: 'web' });
        }
      };
      trackAll();
      await tracker.flush();
      trackAll();
      await tracker.flush();
      await tracker.updateRealtime();

      expect(tracker.stats()).toMatchObject({ written: 200, duplicates: 200 });
      expect(await store.count('t1')).toBe(200);
      const [facts] = await store.getSessions('t1', ['s3']);
      expect(facts).toMatchObject({ userMessages: 1, aiMessages: 1 });
      const m = metricsOf((await realtime.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).counters);
      expect(m).toMatchObject({ sessions: 50, ended: 50, aiResolved: 50 });
      expect(m.messages).toEqual({ user: 50, ai: 50, agent: 0 });
      await tracker.stop();
    });

    it('stores an id tracked again under another occurredAt once, and moves each counter once', async () => {
      const realtime = new MemoryRealtimeStore();
      const tracker = new AnalyticsTracker(
        'ai_chatbot',
        { events: store, realtime: new RealtimeProjector({ store: realtime, zoneOf: () => 'UTC' }), clock: aClock(), ids: sequentialIds() },
        { tenantId: 't1', backoff: fastRetry },
      );
      const id = sequentialIds(8).next();
      // Stamped at track() time first (the clock's now), then the same id at other instants, in later batches.
      for (const occurredAt of [undefined, '2026-03-10T10:00:04Z', '2026-03-10T08:00:00Z']) {
        tracker.track('message.user', {}, 's1', { id, ...(occurredAt ? { occurredAt } : {}) });
        await tracker.flush();
      }
      await tracker.updateRealtime();

      expect(tracker.stats()).toMatchObject({ written: 1, duplicates: 2 });
      expect(await store.count('t1')).toBe(1);
      const [facts] = await store.getSessions('t1', ['s1']);
      expect(facts).toMatchObject({ userMessages: 1, firstEventAt: at('2026-03-10T10:00:00Z') });
      const m = metricsOf((await realtime.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).counters);
      expect(m.messages).toEqual({ user: 1, ai: 0, agent: 0 });
      await tracker.stop();
    });

    it('rejects only the row the database refuses, and stores the rest of its batch', async () => {
      const good = Array.from({ length: 9 }, () => anEvent('message.user'));
      const bad = anEvent('session.rated', { data: { score: 'five' } });
      const result = await store.append([...good.slice(0, 4), bad, ...good.slice(4)]);
      expect([...result.stored].sort()).toEqual(good.map((e) => e.id).sort());
      expect(result.rejected).toEqual([{ id: bad.id, error: expect.stringMatching(/smallint/) }]);
      expect(await store.count('t1')).toBe(9);
    });

    it("marks the past local day of a late event in the tenant's zone, and not today", async () => {
      await fx.db.insertInto('analytics_tenants').values({ tenant_id: 'tokyo', name: 'Tokyo', time_zone: 'Asia/Tokyo', plan_id: null }).execute();
      const late = new Date(Date.now() - 3 * 86_400_000);
      late.setUTCHours(20, 0, 0, 0); // 05:00 the next day in Tokyo
      await store.append([
        anEvent('agent.login', { tenantId: 'tokyo', occurredAt: late }),
        anEvent('agent.login', { tenantId: 'tokyo', occurredAt: new Date() }),
      ]);
      const rows = await fx.db.selectFrom('analytics_dirty_days').select(['tenant_id', 'day']).execute();
      expect(rows).toEqual([{ tenant_id: 'tokyo', day: localDay(late, 'Asia/Tokyo') }]);
    });

    it('marks every past day a late event of a session reaches, from its first event to its last', async () => {
      const start = new Date(Date.now() - 5 * 86_400_000);
      await store.append([anEvent('session.start', { sessionId: 'long', occurredAt: start })]);
      await fx.db.deleteFrom('analytics_dirty_days').execute();
      await store.append([anEvent('message.user', { sessionId: 'long', occurredAt: new Date(start.getTime() + 2 * 86_400_000) })]);
      const days = (await fx.db.selectFrom('analytics_dirty_days').select('day').orderBy('day').execute()).map((r) => r.day);
      expect(days).toEqual([0, 1, 2].map((n) => localDay(new Date(start.getTime() + n * 86_400_000), 'UTC')));
    });
  });
}

const postgres = (await sqlEngines()).find((e) => e.name === 'PostgreSQL')!;

describe.skipIf(postgres.skip)('PostgresEventStore when PostgreSQL kills the connection mid-flush', () => {
  let fx: DatabaseFixture;
  beforeEach(async () => {
    fx = await postgres.open();
  });
  afterEach(() => fx?.close());

  it('still stores every event exactly once after the connection comes back', async () => {
    const store = new PostgresEventStore({ db: fx.db });
    const tracker = new AnalyticsTracker(
      'ai_chatbot',
      { events: store, clock: aClock(), ids: sequentialIds(3) },
      { tenantId: 't1', bufferSize: 5000, maxInFlight: 2, backoff: fastRetry },
    );
    const sessions = 400;
    for (let i = 0; i < 40_000; i++) {
      tracker.track('message.user', {}, `s${i % sessions}`, { occurredAt: new Date(Date.parse('2026-03-10T09:00:00Z') + i) });
    }
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      const flushed = tracker.flush();
      let killed = 0;
      for (let tries = 0; killed === 0 && tries < 2000; tries++) {
        const { rows } = await admin.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE application_name = $1 AND state = 'active' AND query LIKE '%INSERT INTO analytics_events%'`,
          [fx.schema],
        );
        killed = rows.filter((r) => r.killed).length;
      }
      await flushed;
      expect(killed).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const stats = tracker.stats();
    expect(stats.retried).toBeGreaterThan(0);
    expect(stats.written + stats.duplicates).toBe(40_000);
    expect(await store.count('t1')).toBe(40_000);
    const facts = await store.getSessions(
      't1',
      Array.from({ length: sessions }, (_, i) => `s${i}`),
    );
    expect(facts.map((f) => f.userMessages)).toEqual(Array(sessions).fill(100));
    await tracker.stop();
  });
});
