// A write batch as SQL rows: every column travels as ONE array parameter, unnested and zipped by position. The
// array literals are made here (pg's own escaping quoted and regex-escaped each of 10,000 elements per batch, a
// fifth of the write's CPU in Node); ids, numbers and epoch milliseconds need no quoting at all. JSON arrays were
// tried instead: cheaper in Node, but PostgreSQL parses them twice (the cast, then the unpacking).
// The texts never change, so the statements stay prepared.
import { sql, type RawBuilder } from 'kysely';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { emptyFacts, foldEventInto, type MutableSessionFacts, type SessionFacts } from '../../../domain/sessions/session-facts.ts';

/**
 * `SELECT` of the events in `order` (indexes into `events`) with analytics_events' columns and `ord` (the index);
 * `json[i]` is the JSON of `events[i].data`.
 */
export function eventRows(events: readonly AnalyticsEvent[], order: readonly number[], json: readonly string[]): RawBuilder<unknown> {
  const text = (pick: (e: AnalyticsEvent) => string | null): string => textArray(order.map((i) => pick(events[i]!)));
  return sql`
    SELECT tenant_id, id, name, ${instant(sql`occurred_at`)} AS occurred_at, session_id, agent_id, channel, product, data, ord
    FROM ROWS FROM (
      unnest(${text((e) => e.tenantId)}::text[]), unnest(${plainArray(order.map((i) => events[i]!.id))}::uuid[]),
      unnest(${text((e) => e.name)}::text[]), unnest(${plainArray(order.map((i) => events[i]!.occurredAt.getTime()))}::bigint[]),
      unnest(${text((e) => e.sessionId)}::text[]), unnest(${text((e) => e.agentId)}::text[]),
      unnest(${text((e) => e.channel)}::text[]), unnest(${text((e) => e.product)}::text[]),
      jsonb_array_elements(${`[${order.map((i) => json[i]).join(',')}]`}::jsonb), unnest(${plainArray(order)}::int[])
    ) AS u(tenant_id, id, name, occurred_at, session_id, agent_id, channel, product, data, ord)`;
}

/** `SELECT tenant_id, from_at, to_at` of the events without a session (each marks its own day: CTE `touched`). */
export function sessionlessRows(events: readonly AnalyticsEvent[], order: readonly number[]): RawBuilder<unknown> {
  const loose = order.filter((i) => events[i]!.sessionId === null);
  return sql`
    SELECT tenant_id, ${instant(sql`at`)} AS from_at, ${instant(sql`at`)} AS to_at
    FROM unnest(${textArray(loose.map((i) => events[i]!.tenantId))}::text[], ${plainArray(loose.map((i) => events[i]!.occurredAt.getTime()))}::bigint[])
      AS l(tenant_id, at)`;
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
  const text = (pick: (f: SessionFacts) => string | null) => textArray(sessions.map((x) => pick(x.facts)));
  const num = (pick: (f: SessionFacts) => number | null) => plainArray(sessions.map((x) => pick(x.facts)));
  const ms = (pick: (f: SessionFacts) => Date | null) => plainArray(sessions.map((x) => pick(x.facts)?.getTime() ?? null));
  const at = (name: string) => sql`${instant(sql.ref(name))} AS ${sql.ref(name)}`;
  return sql`
    SELECT tenant_id, session_id, channel, channel_from_start, customer_id, ${at('started_at')}, ${at('ended_at')}, end_reason,
      ${at('first_event_at')}, ${at('last_event_at')}, ${at('first_transfer_at')}, ${at('last_transfer_at')},
      ${at('first_agent_reply_at')}, ${at('last_agent_reply_at')}, agent_id, user_messages, ai_messages, agent_messages,
      rating, ${at('rated_at')}, order_queries, order_not_found, tracking_queries, tracking_not_found
    FROM unnest(
      ${text((f) => f.tenantId)}::text[], ${text((f) => f.sessionId)}::text[], ${text((f) => f.channel)}::text[],
      ${plainArray(sessions.map((x) => x.fromStart))}::boolean[], ${text((f) => f.customerId)}::text[],
      ${ms((f) => f.startedAt)}::bigint[], ${ms((f) => f.endedAt)}::bigint[], ${text((f) => f.endReason)}::text[],
      ${ms((f) => f.firstEventAt)}::bigint[], ${ms((f) => f.lastEventAt)}::bigint[],
      ${ms((f) => f.firstTransferAt)}::bigint[], ${ms((f) => f.lastTransferAt)}::bigint[],
      ${ms((f) => f.firstAgentReplyAt)}::bigint[], ${ms((f) => f.lastAgentReplyAt)}::bigint[],
      ${text((f) => f.agentId)}::text[], ${num((f) => f.userMessages)}::int[], ${num((f) => f.aiMessages)}::int[],
      ${num((f) => f.agentMessages)}::int[], ${num((f) => f.rating)}::smallint[], ${ms((f) => f.ratedAt)}::bigint[],
      ${num((f) => f.orderQueries)}::int[], ${num((f) => f.orderNotFound)}::int[],
      ${num((f) => f.trackingQueries)}::int[], ${num((f) => f.trackingNotFound)}::int[]
    ) AS b(
      tenant_id, session_id, channel, channel_from_start, customer_id, started_at, ended_at, end_reason,
      first_event_at, last_event_at, first_transfer_at, last_transfer_at, first_agent_reply_at, last_agent_reply_at,
      agent_id, user_messages, ai_messages, agent_messages, rating, rated_at,
      order_queries, order_not_found, tracking_queries, tracking_not_found
    )`;
}

/** A PostgreSQL array literal of values that never need quoting: numbers, booleans, uuids (null as NULL). */
function plainArray(values: readonly (number | boolean | string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** Anything an unquoted array element cannot hold: the separators, quotes, backslash, blanks; or it reads as NULL. */
const NEEDS_QUOTES = /[{}",\\\s]|^$|^null$/i;

/** A PostgreSQL text[] literal: elements quoted (and escaped) only when they must be. */
export function textArray(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    parts[i] = v === null ? 'NULL' : NEEDS_QUOTES.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : v;
  }
  return `{${parts.join(',')}}`;
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
