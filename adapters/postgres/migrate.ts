// Applies the kysely migrations of migrations/ (dated files, in name order) to an analytics database.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';

const migrationFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Brings the database to the latest migration; a no-op on an up-to-date one. Works on PostgreSQL and PGlite.
 * Throws an Error with a one-line reason (the failing migration and why) when a migration fails.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one: name ours (the first on the
  // search path), or a `kysely_migration` table in `public` would hide the missing one of a test schema.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const migrator = new Migrator({
    db,
    migrationTableSchema: rows[0]!.schema,
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
