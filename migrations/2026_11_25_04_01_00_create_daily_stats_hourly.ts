// Running totals of recent closed days hour by hour: "yesterday up to the same local time" is one of these rows plus
// less than an hour of raw facts, instead of up to a whole day of them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE analytics_daily_stats_hourly (
      tenant_id text NOT NULL,
      day date NOT NULL,
      hours smallint NOT NULL,
      counters jsonb NOT NULL,
      CONSTRAINT analytics_daily_stats_hourly_pkey PRIMARY KEY (tenant_id, day, hours)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS analytics_daily_stats_hourly`.execute(db);
}
