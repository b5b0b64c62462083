// Billing: token usages (one per tenant and usage key; a later record replaces), prices per model or bot with an
// effectiveFrom, and plans. Money is numeric, tokens are bigint.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE analytics_token_usage (
      tenant_id text NOT NULL,
      usage_key text NOT NULL,
      occurred_at timestamptz NOT NULL,
      session_id text,
      subject_kind text NOT NULL CHECK (subject_kind IN ('model', 'bot')),
      subject_name text NOT NULL,
      model text,
      input_tokens bigint NOT NULL CHECK (input_tokens >= 0),
      output_tokens bigint NOT NULL CHECK (output_tokens >= 0),
      source text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT analytics_token_usage_pkey PRIMARY KEY (tenant_id, usage_key)
    )
  `.execute(db);
  await sql`CREATE INDEX analytics_token_usage_tenant_occurred_index ON analytics_token_usage (tenant_id, occurred_at)`.execute(db);
  await sql`
    CREATE INDEX analytics_token_usage_tenant_session_index
    ON analytics_token_usage (tenant_id, session_id) WHERE session_id IS NOT NULL
  `.execute(db);

  await sql`
    CREATE TABLE analytics_prices (
      tenant_id text NOT NULL,
      subject_kind text NOT NULL CHECK (subject_kind IN ('model', 'bot')),
      subject_name text NOT NULL,
      effective_from timestamptz NOT NULL,
      input_per_million numeric(18, 6) NOT NULL CHECK (input_per_million >= 0),
      output_per_million numeric(18, 6) NOT NULL CHECK (output_per_million >= 0),
      currency text NOT NULL,
      CONSTRAINT analytics_prices_pkey PRIMARY KEY (tenant_id, subject_kind, subject_name, effective_from)
    )
  `.execute(db);

  await sql`
    CREATE TABLE analytics_plans (
      plan_id text PRIMARY KEY,
      name text NOT NULL,
      monthly_token_allowance bigint NOT NULL CHECK (monthly_token_allowance >= 0)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['analytics_plans', 'analytics_prices', 'analytics_token_usage']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
