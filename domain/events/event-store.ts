// The EventStore port: where validated events are kept, idempotently by (tenant, id).
import type { AnalyticsEvent } from './envelope.ts';

export interface AppendResult {
  /** Ids of the events this call stored for the first time; only these may move counters. */
  readonly stored: readonly string[];
  /** Events refused for their data (never retried); the rest of the batch is unaffected. */
  readonly rejected: readonly { readonly id: string; readonly error: string }[];
}

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

export interface EventStore {
  /**
   * Stores a batch. The same event id sent again (same tenant) is not stored twice, whether the first
   * write was acknowledged or not. Throws TransientStoreError when the store cannot be reached.
   */
  append(events: readonly AnalyticsEvent[]): Promise<AppendResult>;
  /** One session's events, oldest first. */
  sessionEvents(tenantId: string, sessionId: string): Promise<AnalyticsEvent[]>;
  /** How many events a tenant has stored, occurring in [from, to) when a range is given. */
  count(tenantId: string, range?: TimeRange): Promise<number>;
}
