// The ids of stored events (issue 16): one row per (tenant, id), whatever the event's occurred_at. The events' own key
// (tenant, occurred_at, id) cannot say an id is taken (a unique key of a partitioned table must hold the partition
// column), so the batch write claims each id here in the same statement, and retention deletes a day's ids before it
// drops the day. Existing ids are backfilled: an id stored twice before this (once per occurredAt) gets one row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE analytics_event_ids (tenant_id text NOT NULL, id uuid NOT NULL)`.execute(db);
  // Writers of an older process wait until every id on record is in (the migration runs in one transaction).
  await sql`LOCK TABLE analytics_events IN SHARE MODE`.execute(db);
  await sql`INSERT INTO analytics_event_ids (tenant_id, id) SELECT DISTINCT tenant_id, id FROM analytics_events`.execute(db);
  // The key built once after the backfill (a sort), not grown row by row.
  await sql`ALTER TABLE analytics_event_ids ADD CONSTRAINT analytics_event_ids_pkey PRIMARY KEY (tenant_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_event_ids').ifExists().execute();
}
