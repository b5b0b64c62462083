// What a tracker has done, for `stats()`: every event accepted is written, a duplicate, dropped (by reason) or still queued.

export const dropReasons = ['queue_full', 'queue_bytes', 'store_rejected', 'shutdown'] as const;
export type DropReason = (typeof dropReasons)[number];

export interface TrackerStats {
  /** Valid events `track()` accepted (before any overflow decision). */
  enqueued: number;
  /** Events the store newly stored. */
  written: number;
  /** Events the store already had (a retried or replayed id). */
  duplicates: number;
  /** Event writes attempted again after a transient store failure. */
  retried: number;
  /** Accepted events that will never be stored, by reason. */
  dropped: Record<DropReason, number>;
  /**
   * dropped.store_rejected by reason: an event refused for its data under the field at fault (`data.responseTimeMs`,
   * `occurredAt`, `event`), a batch refused whole under the store's reason (`http_401`, `http_403`) or `store_error`.
   */
  rejected: Record<string, number>;
  /** Calls refused for an invalid event (never enqueued). */
  invalid: number;
  /** Calls after `stop()` (never enqueued). */
  afterStop: number;
  /** Events waiting or being written. */
  queued: number;
  queueBytes: number;
  inFlightBatches: number;
  realtime: { applied: number; failures: number; pending: number; dropped: number };
  lastError: { message: string; at: string } | null;
}

export function emptyStats(): TrackerStats {
  return {
    enqueued: 0,
    written: 0,
    duplicates: 0,
    retried: 0,
    dropped: { queue_full: 0, queue_bytes: 0, store_rejected: 0, shutdown: 0 },
    rejected: {},
    invalid: 0,
    afterStop: 0,
    queued: 0,
    queueBytes: 0,
    inFlightBatches: 0,
    realtime: { applied: 0, failures: 0, pending: 0, dropped: 0 },
    lastError: null,
  };
}

export function totalDropped(stats: TrackerStats): number {
  return Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}
