// A workbench user linked to the agent id they act as (issue 19): an `agent` user sets only that agent's status.
// At most one user of a tenant acts as a given agent.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('analytics_users').addColumn('agent_id', 'text').execute();
  await sql`
    CREATE UNIQUE INDEX analytics_users_tenant_agent_unique ON analytics_users (tenant_id, agent_id) WHERE agent_id IS NOT NULL
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS analytics_users_tenant_agent_unique`.execute(db);
  await db.schema.alterTable('analytics_users').dropColumn('agent_id').execute();
}
