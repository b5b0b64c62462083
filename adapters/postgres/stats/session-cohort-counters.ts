// Session counters of a window, each session counted on the day of the instant its cohort names
// (the SQL twin of `addSessionContribution`): started, transferred, ended by outcome with duration,
// agent first response, last rating.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { histogramRows, localDaySql, msBetweenSql, type CounterRow } from './counter-rows.ts';
import { outcomeSql } from '../sessions/session-outcome.ts';

export async function sessionCohortCounters(
  db: Kysely<Database>,
  tenantId: string,
  zone: string,
  from: Date,
  to: Date,
): Promise<CounterRow[]> {
  const day = (column: string) => localDaySql(sql.ref(column), zone);
  const inWindow = (column: string) => sql`tenant_id = ${tenantId} AND ${sql.ref(column)} >= ${from} AND ${sql.ref(column)} < ${to}`;
  const { rows } = await sql<CounterRow>`
    WITH started AS (
      SELECT ${day('started_at')} AS day, coalesce(channel, 'unknown') AS channel
      FROM analytics_sessions WHERE ${inWindow('started_at')}
    ),
    transferred AS (
      SELECT ${day('first_transfer_at')} AS day FROM analytics_sessions WHERE ${inWindow('first_transfer_at')}
    ),
    ended AS (
      SELECT ${day('ended_at')} AS day, ${outcomeSql} AS outcome, agent_id,
        CASE WHEN started_at IS NOT NULL THEN ${msBetweenSql(sql.ref('started_at'), sql.ref('ended_at'))} END AS duration_ms
      FROM analytics_sessions WHERE ${inWindow('ended_at')}
    ),
    first_replies AS (
      SELECT ${day('first_agent_reply_at')} AS day, ${msBetweenSql(sql.ref('first_transfer_at'), sql.ref('first_agent_reply_at'))} AS ms
      FROM analytics_sessions WHERE ${inWindow('first_agent_reply_at')} AND first_transfer_at IS NOT NULL
    ),
    rated AS (
      SELECT ${day('rated_at')} AS day, rating FROM analytics_sessions WHERE ${inWindow('rated_at')} AND rating IS NOT NULL
    ),
    counts (day, key) AS (
      SELECT day, 'sessions' FROM started
      UNION ALL SELECT day, 'sessions|' || channel FROM started
      UNION ALL SELECT day, 'transferred' FROM transferred
      UNION ALL SELECT day, 'ended' FROM ended
      UNION ALL SELECT day, 'ended.' || outcome FROM ended
      UNION ALL SELECT day, 'agent.handled|' || agent_id FROM ended WHERE outcome = 'agent' AND agent_id IS NOT NULL
      UNION ALL SELECT day, 'rating.' || rating FROM rated
    ),
    observations (day, h, v) AS (
      SELECT day, 'durationMs', duration_ms FROM ended WHERE duration_ms IS NOT NULL
      UNION ALL SELECT day, 'agentFirstResponseMs', ms FROM first_replies
    )
    SELECT day, key, count(*) AS n FROM counts GROUP BY day, key
    UNION ALL ${histogramRows}
  `.execute(db);
  return rows;
}
