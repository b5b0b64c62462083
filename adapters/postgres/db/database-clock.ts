// The database's clock: what dirty marks are dated by, so whoever compares with a mark asks the same clock.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** clock_timestamp() of the database (the instant of the call, not of the transaction's start). */
export async function databaseNow(db: Kysely<Database> | Transaction<Database>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db);
  return new Date(rows[0]!.now);
}
