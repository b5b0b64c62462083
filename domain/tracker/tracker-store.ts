// What the tracker needs of an event store: append, nothing else. An in-process EventStore fits as it is; a remote
// store (the HTTP transport) may know only how many it stored, not which ids, and says why it refused each event.
import type { AnalyticsEvent } from '../events/envelope.ts';
import type { AppendResult } from '../events/event-store.ts';

/** An event the store refused for its data: never retried. `reason` groups refusals in stats (e.g. `data.score`). */
export interface RejectedEvent {
  readonly id: string;
  readonly error: string;
  readonly reason?: string;
}

export interface TrackerAppendResult extends AppendResult {
  /**
   * How many events this call stored for the first time, when the store knows the count but not every id (an
   * HTTP answer `{ accepted, duplicates }` with duplicates among them). Absent: `stored.length` is the count.
   * `stored` then lists only the ids known to be new; realtime sinks see only those.
   */
  readonly storedCount?: number;
  readonly rejected: readonly RejectedEvent[];
}

/** The tracker's port: `append` of EventStore (every EventStore is one), with a result that may carry a count instead of ids. */
export interface TrackerEventStore {
  append(events: readonly AnalyticsEvent[]): Promise<TrackerAppendResult>;
}

/** The reason a refusal is counted under: the store's own, else the field its message starts with (`field: why`). */
export function rejectionReason(rejected: RejectedEvent): string {
  if (rejected.reason) return rejected.reason;
  const colon = rejected.error.indexOf(':');
  return colon > 0 && colon <= 64 ? rejected.error.slice(0, colon) : 'event';
}

/**
 * A store that takes events in its own compact encoding (the HTTP transport: each event's JSON). A tracker without
 * realtime sinks then keeps that string queued instead of the event: less memory per waiting event, each event
 * serialized once (from the data JSON validation already made), and a batch is a copy of its strings.
 */
export interface EncodingEventStore extends TrackerEventStore {
  /** The event's encoding; `dataJson` is `JSON.stringify(event.data)`. */
  encode(event: AnalyticsEvent, dataJson: string): string;
  /** Back to the event (for `tracker.buffer`), stamped with the tracker's tenant. */
  decode(encoded: string, tenantId: string): AnalyticsEvent;
  /** `append` of encoded events: the same answer, the same ids. */
  appendEncoded(encoded: readonly string[]): Promise<TrackerAppendResult>;
}

export function isEncodingStore(store: TrackerEventStore): store is EncodingEventStore {
  const s = store as Partial<EncodingEventStore>;
  return typeof s.encode === 'function' && typeof s.decode === 'function' && typeof s.appendEncoded === 'function';
}
