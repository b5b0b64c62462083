// Today's ROI, rolled up to a watermark (`through`) by each daily aggregation run, as the snapshot of the statement
// that computed it saw it (`snapshot`, a pg_snapshot). Reads add the rest of the day raw, and what changed in the
// sessions after that snapshot, from a log the session writes keep by trigger (today's events mark no day).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE analytics_roi_daily ADD COLUMN through timestamptz, ADD COLUMN snapshot text`.execute(db);

  // Each change of a session's ROI state (transferred; ended with outcome ai), with the state before it and the writing
  // transaction, which a partial's snapshot tells seen or not. Only those transitions are logged (a few per session).
  await sql`
    CREATE TABLE analytics_roi_session_changes (
      seq bigint GENERATED ALWAYS AS IDENTITY, -- change order (one index only: the log is written on the event path)
      tenant_id text NOT NULL,
      session_id text NOT NULL,
      xact xid8 NOT NULL DEFAULT pg_current_xact_id(),
      existed boolean NOT NULL,
      transferred boolean NOT NULL,
      ended_at timestamptz,
      ai boolean NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX analytics_roi_session_changes_tenant_xact_index ON analytics_roi_session_changes (tenant_id, xact)`.execute(db);
  await sql`
    CREATE FUNCTION analytics_roi_log_session() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO analytics_roi_session_changes (tenant_id, session_id, existed, transferred, ended_at, ai)
        VALUES (NEW.tenant_id, NEW.session_id, false, false, NULL, false);
      ELSE
        INSERT INTO analytics_roi_session_changes (tenant_id, session_id, existed, transferred, ended_at, ai)
        VALUES (OLD.tenant_id, OLD.session_id, true, OLD.first_transfer_at IS NOT NULL, OLD.ended_at, OLD.ai_messages > 0);
      END IF;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER analytics_sessions_log_roi_insert AFTER INSERT ON analytics_sessions FOR EACH ROW
    WHEN (NEW.first_transfer_at IS NOT NULL OR (NEW.ended_at IS NOT NULL AND NEW.ai_messages > 0))
    EXECUTE FUNCTION analytics_roi_log_session()
  `.execute(db);
  // Handed-off usage moves with the transfer; AI-resolved figures with the end of a never-transferred session that
  // has an AI message (its end time, or its first AI message after the end). ai_messages only grows.
  await sql`
    CREATE TRIGGER analytics_sessions_log_roi_update AFTER UPDATE ON analytics_sessions FOR EACH ROW
    WHEN ((OLD.first_transfer_at IS NULL) <> (NEW.first_transfer_at IS NULL)
      OR (NEW.first_transfer_at IS NULL AND NEW.ai_messages > 0 AND NEW.ended_at IS NOT NULL
        AND (OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.ai_messages = 0)))
    EXECUTE FUNCTION analytics_roi_log_session()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS analytics_sessions_log_roi_update ON analytics_sessions`.execute(db);
  await sql`DROP TRIGGER IF EXISTS analytics_sessions_log_roi_insert ON analytics_sessions`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_roi_log_session()`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_roi_session_changes`.execute(db);
  await sql`DELETE FROM analytics_roi_daily WHERE through IS NOT NULL`.execute(db);
  await sql`ALTER TABLE analytics_roi_daily DROP COLUMN through, DROP COLUMN snapshot`.execute(db);
}
