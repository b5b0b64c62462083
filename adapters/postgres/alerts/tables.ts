// Kysely table types of alerts: subscriptions, thresholds, alerts fired, deliveries and their attempts.
import type { ColumnType } from 'kysely';
import type { Json } from '../db/column-types.ts';

export interface AlertSubscriptionsTable {
  id: string;
  tenant_id: string;
  url: string;
  kinds: string[];
  enabled: boolean;
  /** Kept as is: the server signs every delivery with it (never returned after creation). */
  secret: string;
  secret_prefix: string;
  created_at: Date;
}

export interface AlertSettingsTable {
  tenant_id: string;
  queue_wait_seconds: number;
  csat_floor_percent: number;
  csat_min_ratings: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** One row per alert fired: (tenant, kind, key) is unique, which makes each alert fire once. */
export interface AlertsFiredTable {
  tenant_id: string;
  kind: string;
  key: string;
  id: string;
  fired_at: Date;
  resolved_at: Date | null;
  data: Json<Record<string, unknown>>;
}

/** The outbox: a delivery is written pending before it is posted; `held_until` leases it to one sender. */
export interface AlertDeliveriesTable {
  id: string;
  tenant_id: string;
  subscription_id: string;
  kind: string;
  url: string;
  body: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  held_until: Date | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface AlertAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Date;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface AlertTables {
  analytics_alert_subscriptions: AlertSubscriptionsTable;
  analytics_alert_settings: AlertSettingsTable;
  analytics_alerts_fired: AlertsFiredTable;
  analytics_alert_deliveries: AlertDeliveriesTable;
  analytics_alert_attempts: AlertAttemptsTable;
}
