// A write batch as SQL rows: every column travels as ONE JSON array parameter (JSON.stringify is native; pg's
// array-literal escaping of 10,000 elements per batch was a fifth of the write's CPU in Node), unpacked by
// json_array_elements_text and zipped by position. The texts never change, so the statements stay prepared.
import { sql, type RawBuilder } from 'kysely';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { emptyFacts, foldEventInto, type MutableSessionFacts, type SessionFacts } from '../../../domain/sessions/session-facts.ts';

/**
 * `SELECT` of the events in `order` (indexes into `events`) with analytics_events' columns and `ord` (the index);
 * `json[i]` is the JSON of `events[i].data`.
 */
export function eventRows(events: readonly AnalyticsEvent[], order: readonly number[], json: readonly string[]): RawBuilder<unknown> {
  const col = (pick: (e: AnalyticsEvent) => string | number | null): string => JSON.stringify(order.map((i) => pick(events[i]!)));
  return sql`
    SELECT tenant_id, id::uuid AS id, name, ${instant(sql`occurred_at`)} AS occurred_at, session_id, agent_id, channel, product,
      data, ord::int AS ord
    FROM ROWS FROM (
      json_array_elements_text(${col((e) => e.tenantId)}::json), json_array_elements_text(${col((e) => e.id)}::json),
      json_array_elements_text(${col((e) => e.name)}::json), json_array_elements_text(${col((e) => e.occurredAt.getTime())}::json),
      json_array_elements_text(${col((e) => e.sessionId)}::json), json_array_elements_text(${col((e) => e.agentId)}::json),
      json_array_elements_text(${col((e) => e.channel)}::json), json_array_elements_text(${col((e) => e.product)}::json),
      jsonb_array_elements(${`[${order.map((i) => json[i]).join(',')}]`}::jsonb), json_array_elements_text(${JSON.stringify(order)}::json)
    ) AS u(tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data, ord)`;
}

/**
 * The instant of a column of epoch milliseconds (exact: integer microseconds in the interval arithmetic). Cheaper
 * on both sides than ISO text: no Date#toISOString per value in Node, no timestamptz text parsing in PostgreSQL.
 */
function instant(column: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${column}::bigint * interval '1 millisecond')`;
}

/** A session's part of a batch, and whether a session.start with a channel was in it (its channel then wins). */
export interface BatchSession {
  readonly facts: SessionFacts;
  readonly fromStart: boolean;
}

/** `SELECT` of the batch's sessions in analytics_sessions' column order (the CTE batch_sessions of session-merge.ts). */
export function sessionRows(sessions: readonly BatchSession[]): RawBuilder<unknown> {
  const col = (pick: (f: SessionFacts) => string | number | Date | null): string =>
    JSON.stringify(sessions.map((x) => {
      const v = pick(x.facts);
      return v instanceof Date ? v.getTime() : v;
    }));
  const at = (name: string) => sql`${instant(sql.ref(name))} AS ${sql.ref(name)}`;
  return sql`
    SELECT tenant_id, session_id, channel, channel_from_start::boolean, customer_id, ${at('started_at')},
      ${at('ended_at')}, end_reason, ${at('first_event_at')}, ${at('last_event_at')},
      ${at('first_transfer_at')}, ${at('last_transfer_at')}, ${at('first_agent_reply_at')},
      ${at('last_agent_reply_at')}, agent_id, user_messages::int, ai_messages::int, agent_messages::int,
      rating::smallint, ${at('rated_at')}, order_queries::int, order_not_found::int, tracking_queries::int,
      tracking_not_found::int
    FROM ROWS FROM (
      json_array_elements_text(${col((f) => f.tenantId)}::json), json_array_elements_text(${col((f) => f.sessionId)}::json),
      json_array_elements_text(${col((f) => f.channel)}::json),
      json_array_elements_text(${JSON.stringify(sessions.map((x) => x.fromStart))}::json),
      json_array_elements_text(${col((f) => f.customerId)}::json), json_array_elements_text(${col((f) => f.startedAt)}::json),
      json_array_elements_text(${col((f) => f.endedAt)}::json), json_array_elements_text(${col((f) => f.endReason)}::json),
      json_array_elements_text(${col((f) => f.firstEventAt)}::json), json_array_elements_text(${col((f) => f.lastEventAt)}::json),
      json_array_elements_text(${col((f) => f.firstTransferAt)}::json), json_array_elements_text(${col((f) => f.lastTransferAt)}::json),
      json_array_elements_text(${col((f) => f.firstAgentReplyAt)}::json), json_array_elements_text(${col((f) => f.lastAgentReplyAt)}::json),
      json_array_elements_text(${col((f) => f.agentId)}::json), json_array_elements_text(${col((f) => f.userMessages)}::json),
      json_array_elements_text(${col((f) => f.aiMessages)}::json), json_array_elements_text(${col((f) => f.agentMessages)}::json),
      json_array_elements_text(${col((f) => f.rating)}::json), json_array_elements_text(${col((f) => f.ratedAt)}::json),
      json_array_elements_text(${col((f) => f.orderQueries)}::json), json_array_elements_text(${col((f) => f.orderNotFound)}::json),
      json_array_elements_text(${col((f) => f.trackingQueries)}::json), json_array_elements_text(${col((f) => f.trackingNotFound)}::json)
    ) AS b(
      tenant_id, session_id, channel, channel_from_start, customer_id, started_at, ended_at, end_reason,
      first_event_at, last_event_at, first_transfer_at, last_transfer_at, first_agent_reply_at, last_agent_reply_at,
      agent_id, user_messages, ai_messages, agent_messages, rating, rated_at,
      order_queries, order_not_found, tracking_queries, tracking_not_found
    )`;
}

/** Each session's part of the batch, folded in arrival order by foldEvent, in key order (tenant, session). */
export function foldBatch(events: readonly AnalyticsEvent[]): BatchSession[] {
  const folded = new Map<string, { facts: MutableSessionFacts; fromStart: boolean }>();
  for (const e of events) {
    if (e.sessionId === null) continue;
    const key = `${e.tenantId}\u0000${e.sessionId}`;
    let cur = folded.get(key);
    if (!cur) folded.set(key, (cur = { facts: emptyFacts(e.tenantId, e.sessionId, e.occurredAt), fromStart: false }));
    foldEventInto(cur.facts, e);
    if (e.name === 'session.start' && e.channel) cur.fromStart = true;
  }
  return [...folded.values()].sort((a, b) => compareSession(a.facts, b.facts));
}

function compareSession(a: SessionFacts, b: SessionFacts): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}
