// When each session's end was stored (issue 19): the auto-audit job picks the sessions whose end was stored since its
// last run, so a session ingested after it ended (its end time long past) is audited too, not only those whose end
// time falls in the job's window. Set by trigger when ended_at changes, so the ingest statement stays as it is.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A stable default is stored once (no table rewrite): every session on record counts as stored now, so the next
  // run audits any ended session an earlier window missed. A new row is stamped when it is inserted. Stamps are cut
  // to the millisecond, as a JavaScript Date holds them, so a page's cursor names its last row exactly.
  await sql`
    ALTER TABLE analytics_sessions ADD COLUMN end_stored_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
  `.execute(db);
  await sql`
    CREATE FUNCTION analytics_sessions_stamp_end() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.end_stored_at := date_trunc('milliseconds', now());
      RETURN NEW;
    END $$
  `.execute(db);
  // Only a change of the end fires it: the many message updates of an open session pass the WHEN test and no more.
  await sql`
    CREATE TRIGGER analytics_sessions_stamp_end BEFORE UPDATE ON analytics_sessions FOR EACH ROW
    WHEN (NEW.ended_at IS DISTINCT FROM OLD.ended_at)
    EXECUTE FUNCTION analytics_sessions_stamp_end()
  `.execute(db);
  // The job's work list in its order. The column moves only with ended_at (indexed already), so message updates of
  // a session row stay HOT.
  await sql`
    CREATE INDEX analytics_sessions_tenant_end_stored_index
    ON analytics_sessions (tenant_id, end_stored_at, session_id COLLATE "C") WHERE ended_at IS NOT NULL
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS analytics_sessions_tenant_end_stored_index`.execute(db);
  await sql`DROP TRIGGER IF EXISTS analytics_sessions_stamp_end ON analytics_sessions`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_sessions_stamp_end()`.execute(db);
  await sql`ALTER TABLE analytics_sessions DROP COLUMN end_stored_at`.execute(db);
}
