// Migrations run forward on an empty and on an already-migrated database, on PostgreSQL and on PGlite.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../support/databases.ts';

const tables = [
  'analytics_billing_daily',
  'analytics_daily_stats',
  'analytics_dirty_days',
  'analytics_events',
  'analytics_sessions',
  'analytics_tenants',
];

function migrationSpec(name: string, makeFixture: () => Promise<DatabaseFixture>) {
  describe(`migrateToLatest on ${name}`, () => {
    it('creates the tables on an empty database and applies nothing the second time', async () => {
      const fx = await makeFixture();
      try {
        const { rows } = await sql<{ table_name: string }>`
          SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name LIKE 'analytics%' ORDER BY table_name`.execute(fx.db);
        expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(tables));
        expect(await migrateToLatest(fx.db)).toEqual({ applied: [] });
      } finally {
        await fx.close();
      }
    });
  });
}

migrationSpec('PGlite', pgliteFixture);
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => migrationSpec('PostgreSQL', postgresFixture));
