// Ingest's counters: events accepted, duplicate and rejected, by event name (and, for a rejection, the field at
// fault). Labels stay bounded whatever a client sends: a name outside the catalog counts as `other`, and so does a
// field that is neither an envelope field nor a declared `data` key of some event.
import { Counter, type Registry } from 'prom-client';
import { eventCatalog, eventNames, isEventName } from '../../domain/events/catalog.ts';
import { EventInputSchema } from '../../domain/events/envelope.ts';
import type { IngestObserver, IngestOutcome } from '../../domain/ingest/ingest-observer.ts';

export const OTHER = 'other';

/** Fields a rejection may name as its reason: the event itself, the envelope, and every declared `data` key. */
const knownReasons: ReadonlySet<string> = new Set([
  'event',
  ...Object.keys(EventInputSchema.shape),
  ...eventNames.flatMap((name) => {
    const schema = eventCatalog[name].data as { shape?: Record<string, unknown> };
    return Object.keys(schema.shape ?? {}).map((key) => `data.${key}`);
  }),
]);

/** The `name` label of an event name as sent: a catalog name, else `other`. */
export const nameLabel = (name: unknown): string => (isEventName(name) ? name : OTHER);

/** The `reason` label of a rejection's field: a known field, else `other`. */
export const reasonLabel = (field: string): string => (knownReasons.has(field) ? field : OTHER);

/** Counts each judged batch's events into `registry`. */
export function ingestMetrics(registry: Registry): IngestObserver {
  const registers = [registry];
  const accepted = new Counter({
    name: 'cs_analytics_ingest_events_accepted_total',
    help: 'Events stored for the first time, by event name',
    labelNames: ['name'] as const,
    registers,
  });
  const duplicates = new Counter({
    name: 'cs_analytics_ingest_events_duplicate_total',
    help: 'Valid events whose id was stored before, by event name',
    labelNames: ['name'] as const,
    registers,
  });
  const rejected = new Counter({
    name: 'cs_analytics_ingest_events_rejected_total',
    help: 'Events refused, by event name and the field at fault',
    labelNames: ['name', 'reason'] as const,
    registers,
  });
  return {
    judged(outcome: IngestOutcome) {
      // One increment per label set, not per event: a batch of 1,000 costs a few map updates.
      for (const [name, n] of countBy(outcome.accepted, (e) => e.name)) accepted.inc({ name }, n);
      for (const [name, n] of countBy(outcome.duplicates, (e) => e.name)) duplicates.inc({ name }, n);
      for (const [key, n] of countBy(outcome.rejected, (r) => `${nameLabel(r.name)}\n${reasonLabel(r.field)}`)) {
        const [name, reason] = key.split('\n');
        rejected.inc({ name, reason }, n);
      }
    },
  };
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
