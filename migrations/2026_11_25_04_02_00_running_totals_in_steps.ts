// The hour-by-hour running totals become 10-minute ones (RUNNING_TOTAL_STEP_MS): less than 10 minutes of raw facts
// remain to read for "yesterday up to the same local time". The rows are rebuilt by the next daily aggregation.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM analytics_daily_stats_hourly`.execute(db);
  await sql`ALTER TABLE analytics_daily_stats_hourly RENAME COLUMN hours TO steps`.execute(db);
  await sql`ALTER TABLE analytics_daily_stats_hourly RENAME CONSTRAINT analytics_daily_stats_hourly_pkey TO analytics_daily_stats_running_pkey`.execute(
    db,
  );
  await sql`ALTER TABLE analytics_daily_stats_hourly RENAME TO analytics_daily_stats_running`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM analytics_daily_stats_running`.execute(db);
  await sql`ALTER TABLE analytics_daily_stats_running RENAME TO analytics_daily_stats_hourly`.execute(db);
  await sql`ALTER TABLE analytics_daily_stats_hourly RENAME CONSTRAINT analytics_daily_stats_running_pkey TO analytics_daily_stats_hourly_pkey`.execute(
    db,
  );
  await sql`ALTER TABLE analytics_daily_stats_hourly RENAME COLUMN steps TO hours`.execute(db);
}
