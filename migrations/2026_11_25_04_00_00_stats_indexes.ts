// Indexes for the stats reads: each session cohort instant the counters and the drill-down filter on (started and
// ended are indexed already), and the open sessions behind the live queue and "active now". Each partial index only
// changes when its column is first set (or the session ends), so message updates to a session row stay HOT.
import { sql, type Kysely } from 'kysely';

/** name -> [column after tenant_id, partial-index condition] */
const indexes = {
  analytics_sessions_tenant_first_transfer_index: ['first_transfer_at', sql`first_transfer_at IS NOT NULL`],
  analytics_sessions_tenant_first_agent_reply_index: ['first_agent_reply_at', sql`first_agent_reply_at IS NOT NULL`],
  analytics_sessions_tenant_rated_index: ['rated_at', sql`rated_at IS NOT NULL`],
  analytics_sessions_tenant_open_index: ['started_at', sql`ended_at IS NULL`],
} as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, [column, where]] of Object.entries(indexes)) {
    await sql`CREATE INDEX ${sql.id(name)} ON analytics_sessions (tenant_id, ${sql.id(column)}) WHERE ${where}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(indexes)) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(db);
}
