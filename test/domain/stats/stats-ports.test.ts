// The stats ports contract on memory, PGlite and the real PostgreSQL (its own schema).
import { sql } from 'kysely';
import { MemoryCountersSource } from '../../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../../adapters/memory/stats/memory-daily-rollup-store.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { MemorySessionQuery } from '../../../adapters/memory/sessions/memory-session-query.ts';
import { PostgresCountersSource } from '../../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import { PostgresEventStore } from '../../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresSessionQuery } from '../../../adapters/postgres/sessions/postgres-session-query.ts';
import { statsPortsContract, type StatsPortsFixture } from '../../contracts/stats-ports.contract.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../../support/databases.ts';

statsPortsContract('memory', async () => {
  const events = new MemoryEventStore();
  const rollups = new MemoryDailyRollupStore();
  return {
    events,
    counters: new MemoryCountersSource(events),
    sessions: new MemorySessionQuery(events),
    rollups,
    markDirty: async (t, day, at) => rollups.markDirty(t, day, at),
    close: async () => {},
  };
});

function onPostgres(fx: DatabaseFixture): StatsPortsFixture {
  const db = fx.db;
  return {
    events: new PostgresEventStore({ db }),
    counters: new PostgresCountersSource({ db }),
    sessions: new PostgresSessionQuery({ db }),
    rollups: new PostgresDailyRollupStore({ db }),
    markDirty: async (t, day, at) => {
      await sql`INSERT INTO analytics_dirty_days (tenant_id, day, marked_at) VALUES (${t}, ${day}::date, ${at})`.execute(db);
    },
    close: () => fx.close(),
  };
}

statsPortsContract('PGlite', async () => onPostgres(await pgliteFixture()));
if (await needServer('postgres')) statsPortsContract('PostgreSQL', async () => onPostgres(await postgresFixture()));
