// The session side of a batch write, shared by both statements of append-events.ts: merging the batch's part of
// each session into analytics_sessions, and marking the past local days the batch touched for re-aggregation.
import { sql } from 'kysely';

/**
 * `INSERT ... ON CONFLICT DO UPDATE` of the CTE `batch_sessions` (what the batch adds to each session, in table
 * column order) into analytics_sessions, RETURNING each session's (tenant_id, first_event_at, last_event_at).
 * Facts merge exactly like `foldEvent`, whatever the order events arrive in: times by LEAST/GREATEST, counts by
 * sums, the few "last one wins" fields (rating, agent, end reason, channel) ranked by time. Rows go in key order so
 * concurrent writers cannot deadlock.
 */
export const upsertBatchSessions = sql`
  INSERT INTO analytics_sessions AS s (
    tenant_id, session_id, channel, channel_from_start, customer_id, started_at, ended_at, end_reason,
    first_event_at, last_event_at, first_transfer_at, last_transfer_at, first_agent_reply_at, last_agent_reply_at,
    agent_id, user_messages, ai_messages, agent_messages, rating, rated_at,
    order_queries, order_not_found, tracking_queries, tracking_not_found
  )
  SELECT * FROM batch_sessions
  ORDER BY tenant_id, session_id
  ON CONFLICT (tenant_id, session_id) DO UPDATE SET
    -- a session.start's channel always wins; otherwise the first channel seen stays
    channel = CASE WHEN excluded.channel_from_start THEN excluded.channel ELSE coalesce(s.channel, excluded.channel) END,
    channel_from_start = s.channel_from_start OR excluded.channel_from_start,
    customer_id = coalesce(excluded.customer_id, s.customer_id),
    started_at = least(s.started_at, excluded.started_at),
    ended_at = greatest(s.ended_at, excluded.ended_at),
    end_reason = CASE WHEN excluded.ended_at > s.ended_at OR s.ended_at IS NULL THEN excluded.end_reason ELSE s.end_reason END,
    first_event_at = least(s.first_event_at, excluded.first_event_at),
    last_event_at = greatest(s.last_event_at, excluded.last_event_at),
    first_transfer_at = least(s.first_transfer_at, excluded.first_transfer_at),
    last_transfer_at = greatest(s.last_transfer_at, excluded.last_transfer_at),
    -- the first reply at or after the first transfer (firstReplyFrom in domain/sessions/session-facts.ts)
    first_agent_reply_at = least(
      CASE WHEN coalesce(s.first_agent_reply_at >= least(s.first_transfer_at, excluded.first_transfer_at), true) THEN s.first_agent_reply_at END,
      CASE WHEN coalesce(s.last_agent_reply_at >= least(s.first_transfer_at, excluded.first_transfer_at), true) THEN s.last_agent_reply_at END,
      CASE WHEN coalesce(excluded.first_agent_reply_at >= least(s.first_transfer_at, excluded.first_transfer_at), true)
        THEN excluded.first_agent_reply_at END,
      CASE WHEN coalesce(excluded.last_agent_reply_at >= least(s.first_transfer_at, excluded.first_transfer_at), true)
        THEN excluded.last_agent_reply_at END),
    last_agent_reply_at = greatest(s.last_agent_reply_at, excluded.last_agent_reply_at),
    -- the agent of the latest reply; before any reply, the agent the session was last transferred to
    agent_id = CASE
      WHEN excluded.agent_messages > 0 THEN
        CASE WHEN s.last_agent_reply_at IS NULL OR excluded.last_agent_reply_at >= s.last_agent_reply_at
          THEN excluded.agent_id ELSE s.agent_id END
      WHEN s.agent_messages = 0 THEN coalesce(excluded.agent_id, s.agent_id)
      ELSE s.agent_id END,
    user_messages = s.user_messages + excluded.user_messages,
    ai_messages = s.ai_messages + excluded.ai_messages,
    agent_messages = s.agent_messages + excluded.agent_messages,
    rating = CASE WHEN excluded.rated_at >= s.rated_at OR s.rated_at IS NULL THEN coalesce(excluded.rating, s.rating) ELSE s.rating END,
    rated_at = greatest(s.rated_at, excluded.rated_at),
    order_queries = s.order_queries + excluded.order_queries,
    order_not_found = s.order_not_found + excluded.order_not_found,
    tracking_queries = s.tracking_queries + excluded.tracking_queries,
    tracking_not_found = s.tracking_not_found + excluded.tracking_not_found,
    updated_at = now()
  RETURNING tenant_id, first_event_at, last_event_at`;

/**
 * `INSERT` into analytics_dirty_days of every past local day (tenant's zone) that a row of the CTE
 * `touched (tenant_id, from_at, to_at)` spans: the daily aggregation recomputes them.
 *
 * A mark is dated at the latest instant this statement can still commit: its start plus the statement timeout (and
 * 5 s for the commit itself).
 * The aggregation clears only marks dated before it began counting, so it never clears the mark of a write it could
 * not see yet (one that started before it and committed after its reads); such a day is counted again next run.
 */
export const markTouchedDays = sql`
  INSERT INTO analytics_dirty_days (tenant_id, day, marked_at)
  SELECT DISTINCT t.tenant_id, d.day::date,
    now() + coalesce(nullif(current_setting('statement_timeout'), '0')::interval + interval '5 seconds', interval '0')
  FROM touched t
  LEFT JOIN analytics_tenants z ON z.tenant_id = t.tenant_id
  CROSS JOIN LATERAL (SELECT coalesce(z.time_zone, 'UTC') AS tz) zone
  CROSS JOIN LATERAL generate_series(
    (t.from_at AT TIME ZONE zone.tz)::date::timestamp,
    least((t.to_at AT TIME ZONE zone.tz)::date, (now() AT TIME ZONE zone.tz)::date - 1)::timestamp,
    interval '1 day'
  ) AS d(day)
  ORDER BY 1, 2
  -- A day touched again while it is being recomputed keeps a mark newer than that run, so it is recomputed again.
  ON CONFLICT (tenant_id, day) DO UPDATE SET marked_at = greatest(analytics_dirty_days.marked_at, excluded.marked_at)`;

/**
 * The same fold as `foldEvent`, in SQL, of the CTE `fresh` (new events with their batch position `ord`), as rows in
 * batch_sessions' column order: for a batch of which only some rows were new.
 */
export const foldFreshSessions = sql`
  SELECT
    tenant_id, session_id, coalesce(start_channel, first_channel), start_channel IS NOT NULL, customer_id,
    started_at, ended_at, end_reason, first_event_at, last_event_at, first_transfer_at, last_transfer_at,
    first_agent_reply_at, last_agent_reply_at, agent_id, user_messages, ai_messages, agent_messages, rating, rated_at,
    order_queries, order_not_found, tracking_queries, tracking_not_found
  FROM (
    SELECT
      tenant_id,
      session_id,
      (array_agg(channel ORDER BY ord DESC) FILTER (WHERE name = 'session.start' AND channel <> ''))[1] AS start_channel,
      (array_agg(channel ORDER BY ord) FILTER (WHERE channel <> ''))[1] AS first_channel,
      (array_agg(data->>'customerId' ORDER BY ord DESC)
        FILTER (WHERE name = 'session.start' AND jsonb_typeof(data->'customerId') = 'string'))[1] AS customer_id,
      min(occurred_at) FILTER (WHERE name = 'session.start') AS started_at,
      max(occurred_at) FILTER (WHERE name = 'session.end') AS ended_at,
      (array_agg(CASE WHEN jsonb_typeof(data->'reason') = 'string' THEN data->>'reason' END ORDER BY occurred_at DESC, ord)
        FILTER (WHERE name = 'session.end'))[1] AS end_reason,
      min(occurred_at) AS first_event_at,
      max(occurred_at) AS last_event_at,
      min(occurred_at) FILTER (WHERE name = 'session.transfer') AS first_transfer_at,
      max(occurred_at) FILTER (WHERE name = 'session.transfer') AS last_transfer_at,
      min(occurred_at) FILTER (WHERE name = 'message.agent' AND (transfer_at IS NULL OR occurred_at >= transfer_at)) AS first_agent_reply_at,
      max(occurred_at) FILTER (WHERE name = 'message.agent') AS last_agent_reply_at,
      coalesce(
        (array_agg(agent_id ORDER BY occurred_at DESC, ord DESC) FILTER (WHERE name = 'message.agent'))[1],
        (array_agg(data->>'toAgentId' ORDER BY ord DESC)
          FILTER (WHERE name = 'session.transfer' AND jsonb_typeof(data->'toAgentId') = 'string'))[1]
      ) AS agent_id,
      count(*) FILTER (WHERE name = 'message.user')::int AS user_messages,
      count(*) FILTER (WHERE name = 'message.ai')::int AS ai_messages,
      count(*) FILTER (WHERE name = 'message.agent')::int AS agent_messages,
      (array_agg((data->>'score')::smallint ORDER BY occurred_at DESC, ord DESC) FILTER (WHERE name = 'session.rated'))[1] AS rating,
      max(occurred_at) FILTER (WHERE name = 'session.rated') AS rated_at,
      count(*) FILTER (WHERE name = 'order.query')::int AS order_queries,
      count(*) FILTER (WHERE name = 'order.query' AND data->'found' = 'false'::jsonb)::int AS order_not_found,
      count(*) FILTER (WHERE name = 'tracking.query')::int AS tracking_queries,
      count(*) FILTER (WHERE name = 'tracking.query' AND data->'found' = 'false'::jsonb)::int AS tracking_not_found
    FROM (
      -- each row with its session's first transfer in the batch: a reply before it is no first response
      SELECT *, min(occurred_at) FILTER (WHERE name = 'session.transfer') OVER (PARTITION BY tenant_id, session_id) AS transfer_at
      FROM fresh
    ) AS fresh
    WHERE session_id IS NOT NULL AND NOT (SELECT all_new FROM written)
    GROUP BY tenant_id, session_id
  ) AS folded`;
