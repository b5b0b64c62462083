// Alerts (issue 15): a tenant's webhook subscriptions and thresholds, the alerts fired (once per tenant, kind and
// key: the primary key is what makes "once" hold across restarts and instances), and the deliveries' outbox with
// every attempt. The signing secret is kept as is: the server must sign with it (see README "Alerts").
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_alert_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('kinds', sql`text[]`, (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('secret_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analytics_alert_subscriptions_tenant_index').on('analytics_alert_subscriptions').column('tenant_id').execute();

  await db.schema
    .createTable('analytics_alert_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('queue_wait_seconds', 'integer', (c) => c.notNull())
    .addColumn('csat_floor_percent', 'double precision', (c) => c.notNull())
    .addColumn('csat_min_ratings', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('analytics_alerts_fired')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_alerts_fired_pkey', ['tenant_id', 'kind', 'key'])
    .execute();

  await db.schema
    .createTable('analytics_alert_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('held_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('analytics_alert_deliveries_tenant_index')
    .on('analytics_alert_deliveries')
    .columns(['tenant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('analytics_alert_deliveries_pending_index')
    .on('analytics_alert_deliveries')
    .column('created_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('analytics_alert_attempts')
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('analytics_alert_deliveries.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_alert_attempts_pkey', ['delivery_id', 'attempt'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_alert_attempts').execute();
  await db.schema.dropTable('analytics_alert_deliveries').execute();
  await db.schema.dropTable('analytics_alerts_fired').execute();
  await db.schema.dropTable('analytics_alert_settings').execute();
  await db.schema.dropTable('analytics_alert_subscriptions').execute();
}
