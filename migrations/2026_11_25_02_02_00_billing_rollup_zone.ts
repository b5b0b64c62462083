// The zone each tenant's analytics_billing_daily rows were bucketed in: a tenant whose zone changed is rebuilt by the
// next billing write, and read from raw usage until then (never from days of the wrong zone).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE analytics_billing_rollup_zone (tenant_id text PRIMARY KEY, time_zone text NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS analytics_billing_rollup_zone`.execute(db);
}
