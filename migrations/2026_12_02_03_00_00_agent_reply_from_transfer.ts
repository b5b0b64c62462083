// Agent first response counts from the session's first transfer (issue 16): the fold now keeps as a session's first
// agent reply only one at or after that transfer. Rows folded before kept an earlier reply (which measured 0 ms):
// each is set again from its stored events, and the local days it moved are marked dirty, so the next aggregation
// rolls them up again. A reply older than the retention is gone with its events: the row then has no agent reply.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    WITH fixed AS (
      SELECT s.tenant_id, s.session_id, s.first_agent_reply_at AS old_at,
        (SELECT min(e.occurred_at) FROM analytics_events e
          WHERE e.tenant_id = s.tenant_id AND e.session_id = s.session_id AND e.name = 'message.agent'
            AND e.occurred_at >= s.first_transfer_at) AS new_at
      FROM analytics_sessions s
      WHERE s.first_transfer_at IS NOT NULL AND s.first_agent_reply_at < s.first_transfer_at
    ),
    updated AS (
      UPDATE analytics_sessions s SET first_agent_reply_at = fixed.new_at
      FROM fixed WHERE s.tenant_id = fixed.tenant_id AND s.session_id = fixed.session_id
      RETURNING fixed.tenant_id, fixed.old_at, fixed.new_at
    ),
    moved AS (
      SELECT u.tenant_id, at FROM updated u CROSS JOIN LATERAL (VALUES (u.old_at), (u.new_at)) AS v(at) WHERE at IS NOT NULL
    )
    INSERT INTO analytics_dirty_days (tenant_id, day)
    SELECT DISTINCT m.tenant_id, (m.at AT TIME ZONE coalesce(t.time_zone, 'UTC'))::date
    FROM moved m LEFT JOIN analytics_tenants t ON t.tenant_id = m.tenant_id
    ON CONFLICT DO NOTHING
  `.execute(db);
}

export async function down(): Promise<void> {
  // The replies before the transfer were wrong figures: nothing to put back.
}
