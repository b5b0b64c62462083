// One instance runs a job at a time: a PostgreSQL advisory lock held on one connection for the run. The embedded
// PGlite serves one process through one connection, so there an in-process lock does the same.
import { sql, type Kysely } from 'kysely';
import type { PgHandle } from '../db/connect.ts';
import type { Database } from '../schema.ts';

const inProcess = new WeakMap<Kysely<Database>, Set<string>>();

/**
 * Runs `work` while holding the job's lock (`pg_try_advisory_lock` on PostgreSQL), or returns `{ busy: true }` at
 * once when another instance holds it. The lock is released when `work` ends, however it ends; a crashed instance's
 * lock goes with its connection.
 */
export async function withJobLock<T>(database: PgHandle, job: string, work: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
  if (database.kind === 'pglite') return withProcessLock(database.db, job, work);
  return database.db.connection().execute(async (conn) => {
    const key = sql`hashtextextended(${`cs-analytics:job:${job}`}, 0)`;
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${key}) AS locked`.execute(conn);
    if (!rows[0]?.locked) return { busy: true as const };
    try {
      return { busy: false as const, value: await work() };
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(conn).catch(() => {});
    }
  });
}

async function withProcessLock<T>(db: Kysely<Database>, job: string, work: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
  let held = inProcess.get(db);
  if (!held) inProcess.set(db, (held = new Set()));
  if (held.has(job)) return { busy: true };
  held.add(job);
  try {
    return { busy: false, value: await work() };
  } finally {
    held.delete(job);
  }
}
