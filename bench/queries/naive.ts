// The baselines: each read's figures computed the naive way, by one SQL aggregate over raw events (sessions
// re-derived from their events, percentiles by percentile_disc), with no session facts and no rollups.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../adapters/postgres/schema.ts';

export interface Window {
  readonly from: Date;
  readonly to: Date;
}

/**
 * Per local day and per period (`cur`, `prev`): sessions, messages, AI response mean/p50/p90, outcomes of the
 * sessions ended, agent first response p50/p90 and ratings, all from raw events.
 */
export async function naiveFigures(db: Kysely<Database>, tenantId: string, zone: string, cur: Window, prev: Window): Promise<unknown[]> {
  const { rows } = await sql`
    WITH ev AS (
      SELECT e.*, CASE WHEN occurred_at >= ${cur.from} THEN 'cur' ELSE 'prev' END AS period,
        to_char(occurred_at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day
      FROM analytics_events e
      WHERE tenant_id = ${tenantId}
        AND ((occurred_at >= ${cur.from} AND occurred_at < ${cur.to}) OR (occurred_at >= ${prev.from} AND occurred_at < ${prev.to}))
    ),
    sessions AS (
      SELECT session_id,
        max(occurred_at) FILTER (WHERE name = 'session.end') AS ended_at,
        min(occurred_at) FILTER (WHERE name = 'session.transfer') AS transfer_at,
        min(occurred_at) FILTER (WHERE name = 'message.agent') AS first_reply_at,
        count(*) FILTER (WHERE name = 'message.ai') AS ai,
        count(*) FILTER (WHERE name = 'message.agent') AS agent,
        (array_agg((data->>'score')::int ORDER BY occurred_at DESC) FILTER (WHERE name = 'session.rated'))[1] AS rating,
        max(occurred_at) FILTER (WHERE name = 'session.rated') AS rated_at
      FROM analytics_events
      WHERE tenant_id = ${tenantId} AND session_id IN (SELECT session_id FROM ev WHERE session_id IS NOT NULL)
      GROUP BY session_id
    ),
    per_event AS (
      SELECT day, period,
        count(*) FILTER (WHERE name = 'session.start') AS sessions,
        count(*) FILTER (WHERE name = 'message.user') AS user_messages,
        count(*) FILTER (WHERE name = 'message.ai') AS ai_messages,
        count(*) FILTER (WHERE name = 'message.agent') AS agent_messages,
        avg((data->>'responseTimeMs')::int) FILTER (WHERE name = 'message.ai') AS ai_mean,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY (data->>'responseTimeMs')::int) FILTER (WHERE name = 'message.ai') AS ai_p50,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY (data->>'responseTimeMs')::int) FILTER (WHERE name = 'message.ai') AS ai_p90
      FROM ev GROUP BY GROUPING SETS ((day, period), (period))
    ),
    per_session AS (
      SELECT to_char(s.ended_at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day,
        CASE WHEN s.ended_at >= ${cur.from} THEN 'cur' ELSE 'prev' END AS period,
        count(*) AS ended,
        count(*) FILTER (WHERE s.transfer_at IS NULL AND s.ai > 0) AS ai_resolved,
        count(*) FILTER (WHERE s.transfer_at IS NOT NULL AND s.agent > 0) AS agent_handled,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY s.first_reply_at - s.transfer_at) AS first_response_p50,
        avg(s.rating) AS rating_mean,
        count(*) FILTER (WHERE s.rating >= 4)::float8 / nullif(count(s.rating), 0) AS csat
      FROM sessions s
      WHERE (s.ended_at >= ${cur.from} AND s.ended_at < ${cur.to}) OR (s.ended_at >= ${prev.from} AND s.ended_at < ${prev.to})
      GROUP BY GROUPING SETS ((1, 2), (2))
    )
    SELECT * FROM per_event e FULL JOIN per_session s USING (day, period)
  `.execute(db);
  return rows;
}

/** Ratings by score over a window, the last rating of each session, by local day and in all. */
export async function naiveSatisfaction(db: Kysely<Database>, tenantId: string, zone: string, w: Window): Promise<unknown[]> {
  const { rows } = await sql`
    WITH last_rating AS (
      SELECT DISTINCT ON (session_id) session_id, occurred_at, (data->>'score')::int AS score
      FROM analytics_events
      WHERE tenant_id = ${tenantId} AND name = 'session.rated' AND occurred_at >= ${w.from} AND occurred_at < ${w.to}
      ORDER BY session_id, occurred_at DESC
    )
    SELECT to_char(occurred_at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day, score, count(*)
    FROM last_rating GROUP BY GROUPING SETS ((1, 2), (2))
  `.execute(db);
  return rows;
}

/** The live cards from raw events: sessions active now, the queue, and today's counts per channel and agent. */
export async function naiveLive(db: Kysely<Database>, tenantId: string, today: Window, activeSince: Date): Promise<unknown[]> {
  const { rows } = await sql`
    WITH recent AS (
      SELECT session_id,
        bool_or(name = 'session.start') AS started, bool_or(name = 'session.end') AS ended,
        max(occurred_at) AS last_at,
        max(occurred_at) FILTER (WHERE name = 'session.transfer') AS transfer_at,
        max(occurred_at) FILTER (WHERE name = 'message.agent') AS reply_at,
        min(channel) AS channel
      FROM analytics_events
      WHERE tenant_id = ${tenantId} AND occurred_at >= ${today.from}::timestamptz - interval '2 days' AND session_id IS NOT NULL
      GROUP BY session_id
    )
    SELECT coalesce(channel, 'unknown') AS channel,
      count(*) FILTER (WHERE started AND NOT ended AND last_at >= ${activeSince}) AS active,
      count(*) FILTER (WHERE NOT ended AND transfer_at IS NOT NULL AND (reply_at IS NULL OR reply_at < transfer_at)) AS queued,
      (SELECT count(*) FROM analytics_events WHERE tenant_id = ${tenantId} AND name = 'session.start'
        AND occurred_at >= ${today.from} AND occurred_at < ${today.to}) AS sessions_today,
      (SELECT count(*) FROM analytics_events WHERE tenant_id = ${tenantId} AND name LIKE 'message.%'
        AND occurred_at >= ${today.from} AND occurred_at < ${today.to}) AS messages_today
    FROM recent GROUP BY ROLLUP (1)
  `.execute(db);
  return rows;
}

/** The AI-resolved sessions of a window, page 1, re-deriving each session's outcome from its events. */
export async function naiveSessionList(db: Kysely<Database>, tenantId: string, w: Window): Promise<unknown[]> {
  const { rows } = await sql`
    WITH ended AS (
      SELECT DISTINCT session_id FROM analytics_events
      WHERE tenant_id = ${tenantId} AND name = 'session.end' AND occurred_at >= ${w.from} AND occurred_at < ${w.to}
    ),
    s AS (
      SELECT e.session_id, max(occurred_at) FILTER (WHERE name = 'session.end') AS ended_at,
        bool_or(name = 'session.transfer') AS transferred, count(*) FILTER (WHERE name = 'message.ai') AS ai
      FROM analytics_events e JOIN ended USING (session_id)
      WHERE e.tenant_id = ${tenantId}
      GROUP BY e.session_id
    )
    SELECT *, count(*) OVER () AS total FROM s WHERE NOT transferred AND ai > 0
    ORDER BY ended_at DESC, session_id LIMIT 25
  `.execute(db);
  return rows;
}

/** One session's events and its facts folded in SQL. */
export async function naiveSessionGet(db: Kysely<Database>, tenantId: string, sessionId: string): Promise<unknown[]> {
  const { rows } = await sql`
    SELECT *, count(*) FILTER (WHERE name = 'message.ai') OVER () AS ai, max(occurred_at) FILTER (WHERE name = 'session.end') OVER () AS ended_at
    FROM analytics_events WHERE tenant_id = ${tenantId} AND session_id = ${sessionId} ORDER BY occurred_at
  `.execute(db);
  return rows;
}
