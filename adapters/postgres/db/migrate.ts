// Applies the kysely migrations of migrations/ (dated files, in name order) to an analytics database.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type DatabaseIntrospector, type Kysely } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';

const migrationFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Brings the database to the latest migration; a no-op on an up-to-date one. Works on PostgreSQL and PGlite.
 * Throws an Error with a one-line reason (the failing migration and why) when a migration fails.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('migration (setup) failed: no schema of the search path exists');
  const migrator = new Migrator({
    db: scopedTo(db, schema),
    // Kysely's bookkeeping tables live in the schema migrated (a test's own schema, or public).
    migrationTableSchema: schema,
    provider: new FileMigrationProvider({
      fs,
      path,
      migrationFolder,
      import: (file: string) => import(pathToFileURL(file).href),
    }),
    // Areas add their migrations side by side (00_* storage, 01_* quality, ...): a database that ran a later-named
    // file before an earlier-named one appeared must still accept it.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed ?? '(setup)'} failed: ${reason.split('\n')[0]}`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * The Migrator checks for its tables by introspecting every table of every schema, which is slow on a shared test
 * database and fails when another run drops its schema meanwhile: answer it from the one schema migrated.
 */
function scopedTo(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection: DatabaseIntrospector = {
    async getSchemas() {
      return [{ name: schema }];
    },
    async getTables() {
      const { rows } = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, isForeign: false, columns: [] }));
    },
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
