// Kysely table types of the event side: raw events (partitioned by day), their ids, and the session facts the event
// write keeps.
import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Json } from '../db/column-types.ts';

/** Raw events, RANGE-partitioned by UTC day on occurred_at (`analytics_events_pYYYYMMDD`). */
export interface EventsTable {
  tenant_id: string;
  id: string;
  name: string;
  occurred_at: Date;
  session_id: string | null;
  agent_id: string | null;
  channel: string | null;
  product: string | null;
  data: Json<Record<string, unknown>>;
  received_at: CreatedAt;
}

/** The ids stored, one row per (tenant, id) whatever the event's occurred_at: what makes an id count once. */
export interface EventIdsTable {
  tenant_id: string;
  id: string;
}

/** One row per session: the SessionFacts of domain/sessions, maintained by the event write. */
export interface SessionsTable {
  tenant_id: string;
  session_id: string;
  channel: string | null;
  /** True once the channel came from a `session.start` (which always wins over other events' channel). */
  channel_from_start: Generated<boolean>;
  customer_id: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  first_event_at: Date;
  last_event_at: Date;
  first_transfer_at: Date | null;
  last_transfer_at: Date | null;
  first_agent_reply_at: Date | null;
  last_agent_reply_at: Date | null;
  agent_id: string | null;
  user_messages: Generated<number>;
  ai_messages: Generated<number>;
  agent_messages: Generated<number>;
  rating: number | null;
  rated_at: Date | null;
  order_queries: Generated<number>;
  order_not_found: Generated<number>;
  tracking_queries: Generated<number>;
  tracking_not_found: Generated<number>;
  updated_at: Generated<Date>;
}

export interface EventTables {
  analytics_events: EventsTable;
  analytics_event_ids: EventIdsTable;
  analytics_sessions: SessionsTable;
}

export type EventRow = Selectable<EventsTable>;
export type SessionRow = Selectable<SessionsTable>;
