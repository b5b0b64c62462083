// analytics_billing_daily, as billing fills it: one row per tenant, local day, model or bot ('model:<name>' or
// 'bot:<id>') and currency (null: unpriced, its own row), cost exact to 12 decimals so sums of days equal the raw sum.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE analytics_billing_daily DROP CONSTRAINT analytics_billing_daily_pkey`.execute(db);
  await sql`ALTER TABLE analytics_billing_daily ALTER COLUMN cost TYPE numeric(30, 12)`.execute(db);
  await sql`
    CREATE UNIQUE INDEX analytics_billing_daily_key
    ON analytics_billing_daily (tenant_id, day, model_or_bot, currency) NULLS NOT DISTINCT
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS analytics_billing_daily_key`.execute(db);
  await sql`DELETE FROM analytics_billing_daily`.execute(db);
  await sql`ALTER TABLE analytics_billing_daily ALTER COLUMN cost TYPE numeric(20, 6)`.execute(db);
  await sql`
    ALTER TABLE analytics_billing_daily
    ADD CONSTRAINT analytics_billing_daily_pkey PRIMARY KEY (tenant_id, day, model_or_bot)
  `.execute(db);
}
