// The ROI rollup: per tenant, closed local day and currency ('' = unpriced), the AI-resolved sessions (ended that day)
// with their usage, and the usage occurring that day on sessions handed to humans. Days whose inputs moved since they
// were rolled are marked in analytics_roi_dirty_days and read raw until the daily aggregation recomputes them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE analytics_roi_daily (
      tenant_id text NOT NULL,
      day date NOT NULL,
      currency text NOT NULL,
      time_zone text NOT NULL,
      ai_resolved_sessions bigint NOT NULL DEFAULT 0,
      ai_usages bigint NOT NULL DEFAULT 0,
      ai_input_tokens bigint NOT NULL DEFAULT 0,
      ai_output_tokens bigint NOT NULL DEFAULT 0,
      ai_cost numeric,
      handed_usages bigint NOT NULL DEFAULT 0,
      handed_input_tokens bigint NOT NULL DEFAULT 0,
      handed_output_tokens bigint NOT NULL DEFAULT 0,
      handed_cost numeric,
      computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT analytics_roi_daily_pkey PRIMARY KEY (tenant_id, day, currency)
    )
  `.execute(db);
  await sql`
    CREATE TABLE analytics_roi_dirty_days (
      tenant_id text NOT NULL,
      day date NOT NULL,
      marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      CONSTRAINT analytics_roi_dirty_days_pkey PRIMARY KEY (tenant_id, day)
    )
  `.execute(db);

  // A day a late event dirtied for the stats is dirty for ROI too (a transfer, an end, a first message.ai move its
  // figures). The stats aggregation clears its own marks on its own schedule, so ROI keeps a copy of each mark, dated
  // when the event write reached it (clock_timestamp: as near its commit as the statement can see).
  await sql`
    CREATE FUNCTION analytics_roi_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO analytics_roi_dirty_days (tenant_id, day, marked_at) VALUES (NEW.tenant_id, NEW.day, clock_timestamp())
      ON CONFLICT (tenant_id, day) DO UPDATE SET marked_at = excluded.marked_at;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER analytics_dirty_days_mark_roi AFTER INSERT OR UPDATE ON analytics_dirty_days
    FOR EACH ROW EXECUTE FUNCTION analytics_roi_mark_dirty()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS analytics_dirty_days_mark_roi ON analytics_dirty_days`.execute(db);
  await sql`DROP FUNCTION IF EXISTS analytics_roi_mark_dirty()`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_roi_dirty_days`.execute(db);
  await sql`DROP TABLE IF EXISTS analytics_roi_daily`.execute(db);
}
