// The EventStore port: where validated events are kept, idempotently by (tenant, id) whatever their occurredAt.
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
   * Stores a batch. The same event id sent again (same tenant; a uuid in capitals is the same id) is not stored
   * twice, whatever occurredAt each copy carries, whether the first write was acknowledged or not: the first copy
   * stays, the others are duplicates. An id is known as long as its event is kept (retention forgets both at once).
   * Throws TransientStoreError when the store cannot be reached.
   */
  append(events: readonly AnalyticsEvent[]): Promise<AppendResult>;
  /** One session's events, oldest first. */
  sessionEvents(tenantId: string, sessionId: string): Promise<AnalyticsEvent[]>;
  /** How many events a tenant has stored, occurring in [from, to) when a range is given. */
  count(tenantId: string, range?: TimeRange): Promise<number>;
}
