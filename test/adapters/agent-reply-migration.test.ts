// The agent-reply migration on PGlite and PostgreSQL: a session row folded before issue 16 (its first agent reply
// before its first transfer) gets the first reply at or after the transfer from its stored events, or none, and the
// local days it moved are marked dirty for the next aggregation. Rows already right are left alone.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { up } from '../../migrations/2026_12_02_03_00_00_agent_reply_from_transfer.ts';
import { anEvent } from '../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../support/databases.ts';

const at = (iso: string) => new Date(iso);

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`migration agent_reply_from_transfer on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('sets each old row from its events and marks the days it moved', async () => {
      const store = new PostgresEventStore({ db: fx.db });
      await sql`INSERT INTO analytics_tenants (tenant_id, name, time_zone) VALUES ('t1', 't1', 'Asia/Shanghai')`.execute(fx.db);
      await store.append([
        // s1: a reply before the transfer (late on 03-10 in Shanghai), the first one after it on 03-11.
        anEvent('session.transfer', { sessionId: 's1', occurredAt: at('2026-03-10T17:00:00Z') }),
        anEvent('message.agent', { sessionId: 's1', occurredAt: at('2026-03-10T15:00:00Z') }),
        anEvent('message.agent', { sessionId: 's1', occurredAt: at('2026-03-10T17:30:00Z') }),
        // s2: every reply before the transfer: no agent first response at all.
        anEvent('message.agent', { sessionId: 's2', occurredAt: at('2026-03-10T09:00:00Z') }),
        anEvent('session.transfer', { sessionId: 's2', occurredAt: at('2026-03-10T10:00:00Z') }),
        // s3: right already.
        anEvent('session.transfer', { sessionId: 's3', occurredAt: at('2026-03-10T10:00:00Z') }),
        anEvent('message.agent', { sessionId: 's3', occurredAt: at('2026-03-10T10:01:00Z') }),
      ]);
      // The rows as the old fold left them, and no day waiting.
      await sql`UPDATE analytics_sessions SET first_agent_reply_at = '2026-03-10T15:00:00Z' WHERE session_id = 's1'`.execute(fx.db);
      await sql`UPDATE analytics_sessions SET first_agent_reply_at = '2026-03-10T09:00:00Z' WHERE session_id = 's2'`.execute(fx.db);
      await sql`DELETE FROM analytics_dirty_days`.execute(fx.db);

      await fx.db.transaction().execute((trx) => up(trx));

      const rows = await fx.db.selectFrom('analytics_sessions').select(['session_id', 'first_agent_reply_at']).orderBy('session_id').execute();
      expect(rows.map((r) => [r.session_id, r.first_agent_reply_at?.toISOString() ?? null])).toEqual([
        ['s1', '2026-03-10T17:30:00.000Z'],
        ['s2', null],
        ['s3', '2026-03-10T10:01:00.000Z'],
      ]);
      const days = await sql<{ day: string }>`SELECT day::text AS day FROM analytics_dirty_days WHERE tenant_id = 't1' ORDER BY day`.execute(fx.db);
      // s1 moved from 03-10 23:00 to 03-11 01:30 Shanghai time; s2's reply was on 03-10 17:00 there.
      expect(days.rows.map((r) => r.day)).toEqual(['2026-03-10', '2026-03-11']);
    });
  });
}
