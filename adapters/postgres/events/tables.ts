// Kysely table types of the event side: tenants, raw events (partitioned by day), session facts, rollups, dirty days.
// Type mapping (see ../db/connect.ts): int8 -> number, numeric -> string (exact money), date -> 'YYYY-MM-DD', timestamptz -> Date.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A `jsonb` column: written as a JSON string or value, read back parsed. */
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A `numeric` column: read as a decimal string so money is never a binary float; written as string or number. */
export type Numeric = ColumnType<string, string | number, string | number>;
/** A `date` column: a local day 'YYYY-MM-DD'. */
export type Day = ColumnType<string, string, string>;
/** A `timestamptz` with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface TenantsTable {
  tenant_id: string;
  name: string;
  time_zone: Generated<string>;
  /** numeric(14,4), default 0. */
  human_cost_per_session: ColumnType<string, string | number | undefined, string | number>;
  currency: Generated<string>;
  plan_id: string | null;
  created_at: CreatedAt;
}

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

/** Daily counters per tenant and local day (`Counters` of domain/stats, as jsonb). */
export interface DailyStatsTable {
  tenant_id: string;
  day: Day;
  counters: Json<Record<string, number>>;
  computed_at: Generated<Date>;
}

/** Token and cost rollup per tenant, local day and model (or bot); filled by the billing side. */
export interface BillingDailyTable {
  tenant_id: string;
  day: Day;
  model_or_bot: string;
  input_tokens: number;
  output_tokens: number;
  /** null when the model has no price (unpriced tokens are never cost 0). */
  cost: Numeric | null;
  currency: string | null;
  computed_at: Generated<Date>;
}

/** Past local days that late events touched since the last aggregation of that day. */
export interface DirtyDaysTable {
  tenant_id: string;
  day: Day;
  marked_at: Generated<Date>;
}

export interface EventTables {
  analytics_tenants: TenantsTable;
  analytics_events: EventsTable;
  analytics_sessions: SessionsTable;
  analytics_daily_stats: DailyStatsTable;
  analytics_billing_daily: BillingDailyTable;
  analytics_dirty_days: DirtyDaysTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
export type EventRow = Selectable<EventsTable>;
export type SessionRow = Selectable<SessionsTable>;
