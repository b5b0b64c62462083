// The batch write, as ONE statement: insert the events (unnest arrays: one bind parameter per column, whatever the
// batch size), fold only the newly inserted ones into their sessions, and mark the past local days they touched.
import { sql, type Kysely } from 'kysely';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { emptyFacts, foldEvent, type SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { Database } from '../schema.ts';

/**
 * Writes `events` (already deduplicated by tenant and id) and returns the indexes (into `events`) of those stored
 * for the first time. Replays and retries insert nothing, so sessions and dirty days move only for new rows.
 *
 * Session facts merge exactly like `foldEvent`, whatever the order events arrive in: times by LEAST/GREATEST,
 * counts by sums, and the few "last one wins" fields (rating, agent, end reason, channel) ranked by time and then
 * by arrival order (`ord`, the position in the batch). Rows go in key order so concurrent writers cannot deadlock.
 */
export async function appendEvents(db: Kysely<Database>, events: readonly AnalyticsEvent[], dataJson?: readonly string[]): Promise<number[]> {
  const json = dataJson ?? events.map((e) => JSON.stringify(e.data));
  const order = events.map((_, i) => i).sort((a, b) => compareKey(events[a]!, events[b]!));
  const col = <T>(pick: (e: AnalyticsEvent) => T): T[] => order.map((i) => pick(events[i]!));
  const sessions = foldBatch(events);
  const sc = <T>(pick: (f: SessionFacts) => T): T[] => sessions.map((x) => pick(x.facts));

  // The text never changes (every value is an array parameter): prepared once per connection.
  const { rows } = await sql<{ ord: number }>`/* prepare: analytics_append_events */
    WITH input AS (
      -- the data objects travel as one JSON array (no per-element array-literal escaping), zipped by position
      SELECT * FROM ROWS FROM (
        unnest(${col((e) => e.tenantId)}::text[]), unnest(${col((e) => e.id)}::uuid[]), unnest(${col((e) => e.name)}::text[]),
        unnest(${col((e) => e.occurredAt.toISOString())}::timestamptz[]), unnest(${col((e) => e.sessionId)}::text[]),
        unnest(${col((e) => e.agentId)}::text[]), unnest(${col((e) => e.channel)}::text[]), unnest(${col((e) => e.product)}::text[]),
        jsonb_array_elements(${`[${order.map((i) => json[i]).join(',')}]`}::jsonb), unnest(${order}::int[])
      ) AS u(tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data, ord)
    ),
    inserted AS (
      INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data)
      SELECT tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data FROM input
      ON CONFLICT DO NOTHING
      RETURNING tenant_id, id
    ),
    written AS (
      SELECT count(*) = ${events.length} AS all_new FROM inserted
    ),
    -- The rows stored for the first time (a replay's old rows move nothing).
    fresh AS (
      SELECT * FROM input WHERE (SELECT all_new FROM written)
      UNION ALL
      SELECT input.* FROM input JOIN inserted USING (tenant_id, id) WHERE NOT (SELECT all_new FROM written)
    ),
    -- What the batch adds to each session. When every row is new (the usual case), that is the batch folded in JS by
    -- foldEvent itself; when a replay made only some rows new, the same fold of the new rows in SQL.
    batch_sessions AS (
      SELECT * FROM unnest(
        ${sc((f) => f.tenantId)}::text[], ${sc((f) => f.sessionId)}::text[], ${sc((f) => f.channel)}::text[],
        ${sessions.map((x) => x.fromStart)}::boolean[], ${sc((f) => f.customerId)}::text[],
        ${sc((f) => iso(f.startedAt))}::timestamptz[], ${sc((f) => iso(f.endedAt))}::timestamptz[], ${sc((f) => f.endReason)}::text[],
        ${sc((f) => iso(f.firstEventAt))}::timestamptz[], ${sc((f) => iso(f.lastEventAt))}::timestamptz[],
        ${sc((f) => iso(f.firstTransferAt))}::timestamptz[], ${sc((f) => iso(f.lastTransferAt))}::timestamptz[],
        ${sc((f) => iso(f.firstAgentReplyAt))}::timestamptz[], ${sc((f) => iso(f.lastAgentReplyAt))}::timestamptz[],
        ${sc((f) => f.agentId)}::text[], ${sc((f) => f.userMessages)}::int[], ${sc((f) => f.aiMessages)}::int[],
        ${sc((f) => f.agentMessages)}::int[], ${sc((f) => f.rating)}::smallint[], ${sc((f) => iso(f.ratedAt))}::timestamptz[],
        ${sc((f) => f.orderQueries)}::int[], ${sc((f) => f.orderNotFound)}::int[],
        ${sc((f) => f.trackingQueries)}::int[], ${sc((f) => f.trackingNotFound)}::int[]
      ) AS b(
        tenant_id, session_id, channel, channel_from_start, customer_id, started_at, ended_at, end_reason,
        first_event_at, last_event_at, first_transfer_at, last_transfer_at, first_agent_reply_at, last_agent_reply_at,
        agent_id, user_messages, ai_messages, agent_messages, rating, rated_at,
        order_queries, order_not_found, tracking_queries, tracking_not_found
      )
      WHERE (SELECT all_new FROM written)
      UNION ALL
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
          min(occurred_at) FILTER (WHERE name = 'message.agent') AS first_agent_reply_at,
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
        FROM fresh
        WHERE session_id IS NOT NULL AND NOT (SELECT all_new FROM written)
        GROUP BY tenant_id, session_id
      ) AS folded
    ),
    upserted AS (
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
        first_agent_reply_at = least(s.first_agent_reply_at, excluded.first_agent_reply_at),
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
      RETURNING tenant_id, first_event_at, last_event_at
    ),
    touched AS (
      SELECT tenant_id, occurred_at AS from_at, occurred_at AS to_at FROM fresh WHERE session_id IS NULL
      UNION ALL
      SELECT tenant_id, first_event_at, last_event_at FROM upserted
    ),
    marked AS (
      -- Every past local day a new event or a changed session spans: the daily aggregation recomputes them.
      INSERT INTO analytics_dirty_days (tenant_id, day)
      SELECT DISTINCT t.tenant_id, d.day::date
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
      ON CONFLICT (tenant_id, day) DO UPDATE SET marked_at = now()
    )
    SELECT ord FROM fresh`.execute(db);
  return rows.map((r) => r.ord);
}

/** Each session's part of the batch, folded in arrival order by foldEvent, in key order (tenant, session). */
function foldBatch(events: readonly AnalyticsEvent[]): { facts: SessionFacts; fromStart: boolean }[] {
  const folded = new Map<string, { facts: SessionFacts; fromStart: boolean }>();
  for (const e of events) {
    if (e.sessionId === null) continue;
    const key = `${e.tenantId}\u0000${e.sessionId}`;
    const cur = folded.get(key);
    folded.set(key, {
      facts: foldEvent(cur?.facts ?? emptyFacts(e.tenantId, e.sessionId, e.occurredAt), e),
      fromStart: (cur?.fromStart ?? false) || (e.name === 'session.start' && !!e.channel),
    });
  }
  return [...folded.values()].sort((a, b) => compareSession(a.facts, b.facts));
}

function compareSession(a: SessionFacts, b: SessionFacts): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** Key order of analytics_events (tenant, time, id): locks are taken in the same order by every writer. */
function compareKey(a: AnalyticsEvent, b: AnalyticsEvent): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
