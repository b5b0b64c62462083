// Raw events (range-partitioned by UTC day; partitions are created ahead by the code), per-session facts,
// daily rollups, and the past days late events touched.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Every unique key includes the tenant; the key leads with (tenant, time) so it also serves range counts.
  await sql`
    CREATE TABLE analytics_events (
      tenant_id text NOT NULL,
      id uuid NOT NULL,
      name text NOT NULL,
      occurred_at timestamptz NOT NULL,
      session_id text,
      agent_id text,
      channel text,
      product text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT analytics_events_pkey PRIMARY KEY (tenant_id, occurred_at, id)
    ) PARTITION BY RANGE (occurred_at)
  `.execute(db);
  await sql`
    CREATE INDEX analytics_events_tenant_session_index
    ON analytics_events (tenant_id, session_id, occurred_at) WHERE session_id IS NOT NULL
  `.execute(db);

  // Updated on every event of a session: room on each page keeps those updates HOT (no index churn).
  await sql`
    CREATE TABLE analytics_sessions (
      tenant_id text NOT NULL,
      session_id text NOT NULL,
      channel text,
      channel_from_start boolean NOT NULL DEFAULT false,
      customer_id text,
      started_at timestamptz,
      ended_at timestamptz,
      end_reason text,
      first_event_at timestamptz NOT NULL,
      last_event_at timestamptz NOT NULL,
      first_transfer_at timestamptz,
      last_transfer_at timestamptz,
      first_agent_reply_at timestamptz,
      last_agent_reply_at timestamptz,
      agent_id text,
      user_messages integer NOT NULL DEFAULT 0,
      ai_messages integer NOT NULL DEFAULT 0,
      agent_messages integer NOT NULL DEFAULT 0,
      rating smallint,
      rated_at timestamptz,
      order_queries integer NOT NULL DEFAULT 0,
      order_not_found integer NOT NULL DEFAULT 0,
      tracking_queries integer NOT NULL DEFAULT 0,
      tracking_not_found integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT analytics_sessions_pkey PRIMARY KEY (tenant_id, session_id)
    ) WITH (fillfactor = 80)
  `.execute(db);
  await db.schema.createIndex('analytics_sessions_tenant_started_at_index').on('analytics_sessions').columns(['tenant_id', 'started_at']).execute();
  await db.schema.createIndex('analytics_sessions_tenant_ended_at_index').on('analytics_sessions').columns(['tenant_id', 'ended_at']).execute();

  await db.schema
    .createTable('analytics_daily_stats')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('counters', 'jsonb', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('analytics_daily_stats_pkey', ['tenant_id', 'day'])
    .execute();

  await db.schema
    .createTable('analytics_billing_daily')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('model_or_bot', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('output_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cost', 'numeric(20, 6)')
    .addColumn('currency', 'text')
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('analytics_billing_daily_pkey', ['tenant_id', 'day', 'model_or_bot'])
    .execute();

  await db.schema
    .createTable('analytics_dirty_days')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('analytics_dirty_days_pkey', ['tenant_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['analytics_dirty_days', 'analytics_billing_daily', 'analytics_daily_stats', 'analytics_sessions', 'analytics_events']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
