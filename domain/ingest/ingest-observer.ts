// IngestObserver: told what became of each event of a batch (the service's metrics count it), so the one place every
// transport's ingest passes through reports it, and the domain stays free of how it is counted.
import type { AnalyticsEvent } from '../events/envelope.ts';

/** What became of a batch's events. */
export interface IngestOutcome {
  /** Events stored for the first time. */
  readonly accepted: readonly AnalyticsEvent[];
  /** Valid events stored before (or sent twice in the batch). */
  readonly duplicates: readonly AnalyticsEvent[];
  /** Each refused event: its `name` as sent (anything at all) and the field at fault. */
  readonly rejected: readonly { readonly name: unknown; readonly field: string }[];
}

export interface IngestObserver {
  /** Called once per judged batch; must not throw. */
  judged(outcome: IngestOutcome): void;
}

/**
 * The outcome of a batch: `valid` the events that passed validation, `stored` the ids the store newly stored,
 * `refused` the ids it refused, `rejected` every refusal with its batch index (-1 when unknown).
 */
export function ingestOutcome(
  batch: readonly unknown[],
  valid: readonly AnalyticsEvent[],
  stored: readonly string[],
  refused: readonly string[],
  rejected: readonly { readonly index: number; readonly field: string }[],
): IngestOutcome {
  const fresh = new Set(stored);
  const refusedIds = new Set(refused);
  const accepted: AnalyticsEvent[] = [];
  const duplicates: AnalyticsEvent[] = [];
  for (const event of valid) {
    // A batch may carry one id twice: the first copy is the one stored, the second a duplicate.
    if (fresh.delete(event.id)) accepted.push(event);
    else if (!refusedIds.has(event.id)) duplicates.push(event);
  }
  const nameAt = (index: number) => (batch[index] as { name?: unknown } | null | undefined)?.name;
  return { accepted, duplicates, rejected: rejected.map((r) => ({ name: nameAt(r.index), field: r.field })) };
}
