// The event-ids migration on PGlite and PostgreSQL: every id on record gets its row, an id stored twice before (once per
// occurredAt) gets one, and after it the store takes none of them again.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { up } from '../../migrations/2026_12_02_02_00_00_event_ids.ts';
import { anEvent } from '../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../support/databases.ts';

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`migration event_ids on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('backfills one row per id on record, even an id stored under two occurredAt', async () => {
      const store = new PostgresEventStore({ db: fx.db });
      const twice = anEvent('message.user', { occurredAt: new Date('2026-03-10T10:00:00Z') });
      const once = anEvent('message.user', { tenantId: 't2', occurredAt: new Date('2026-03-11T10:00:00Z') });
      // The database as it was before: no id table, and an id stored once per occurredAt.
      await store.append([twice, once]);
      await sql`DROP TABLE analytics_event_ids`.execute(fx.db);
      await sql`
        INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, data)
        VALUES ('t1', ${twice.id}, 'message.user', '2026-03-10T10:00:05Z', 's1', '{}')`.execute(fx.db);

      await fx.db.transaction().execute((trx) => up(trx));

      const ids = await fx.db.selectFrom('analytics_event_ids').selectAll().orderBy('tenant_id').execute();
      expect(ids).toEqual([
        { tenant_id: 't1', id: twice.id },
        { tenant_id: 't2', id: once.id },
      ]);
      const again = await store.append([{ ...twice, occurredAt: new Date('2026-03-12T08:00:00Z') }, { ...once }]);
      expect(again.stored).toEqual([]);
      expect(await store.count('t2')).toBe(1);
    });
  });
}
