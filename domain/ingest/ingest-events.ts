// IngestEvents: a batch from HTTP, each event validated on its own for the caller's tenant, the valid ones stored in
// one append; newly stored events are handed to the sinks (realtime, token usage), which never fail the request.
import { z } from 'zod';
import type { Clock, IdSource } from '../clock.ts';
import { unavailable } from '../errors.ts';
import { validateEvent, type AnalyticsEvent } from '../events/envelope.ts';
import type { EventStore } from '../events/event-store.ts';
import type { SinkQueue } from '../tracker/sink-queue.ts';
import { ingestOutcome, type IngestObserver } from './ingest-observer.ts';

export const MAX_BATCH_EVENTS = 1000;

/** `ingest.track`'s input: 1..1000 events, each validated on its own (a bad one never sinks the others). */
export const IngestInputSchema = z.object({
  events: z
    .array(z.unknown().describe('An event: { id?, name, occurredAt?, sessionId?, agentId?, channel?, product?, data? }'))
    .min(1)
    .max(MAX_BATCH_EVENTS),
});
export type IngestInput = z.infer<typeof IngestInputSchema>;

export const RejectedEventSchema = z.object({
  index: z.number().int().nonnegative().describe('Position of the event in the batch'),
  field: z.string().describe('The offending field, e.g. `data.responseTimeMs`'),
  error: z.string().describe('Why, naming the field'),
});

export const IngestResultSchema = z.object({
  accepted: z.number().int().nonnegative().describe('Events stored for the first time'),
  duplicates: z.number().int().nonnegative().describe('Valid events whose id was stored before (counted once)'),
  rejected: z.array(RejectedEventSchema),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

export interface IngestDeps {
  readonly events: EventStore;
  /** Sinks fed with newly stored events; drained in the background. */
  readonly sinks: SinkQueue;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly retentionDays: number;
  /** Told what became of each batch's events (metrics). */
  readonly observer?: IngestObserver;
}

export class IngestEvents {
  readonly #deps: IngestDeps;

  constructor(deps: IngestDeps) {
    this.#deps = deps;
  }

  /** Stores the valid events of a batch for `tenantId` (always the credential's tenant, never the input's). */
  async execute(tenantId: string, batch: readonly unknown[]): Promise<IngestResult> {
    const now = this.#deps.clock.now();
    const context = { tenantId, now, retentionDays: this.#deps.retentionDays, newId: () => this.#deps.ids.next() };
    const valid: AnalyticsEvent[] = [];
    const indexOf = new Map<string, number>();
    const rejected: IngestResult['rejected'] = [];
    batch.forEach((raw, index) => {
      const result = validateEvent(raw, context);
      if (!result.ok) {
        rejected.push({ index, field: result.field, error: result.error });
        return;
      }
      valid.push(result.event);
      if (!indexOf.has(result.event.id)) indexOf.set(result.event.id, index);
    });
    if (valid.length === 0) {
      this.#deps.observer?.judged(ingestOutcome(batch, valid, [], [], rejected));
      return { accepted: 0, duplicates: 0, rejected };
    }
    // Token usage is derived after the answer and nothing derives it again: refuse (503, retried by every client)
    // rather than store what its sink could not take.
    if (!this.#deps.sinks.hasRoom(valid.length)) {
      throw unavailable(`derived updates are behind (${this.#deps.sinks.stats().pending} events waiting); nothing was stored, retry later`);
    }

    const { stored, rejected: refused } = await this.#deps.events.append(valid);
    for (const r of refused) {
      const index = indexOf.get(r.id) ?? -1;
      rejected.push({ index, field: r.error.split(':')[0] ?? 'event', error: r.error });
    }
    rejected.sort((a, b) => a.index - b.index);
    if (stored.length > 0) this.#deps.sinks.push(stored.length === valid.length ? valid : pick(valid, stored));
    const refusedIds = refused.map((r) => r.id);
    this.#deps.observer?.judged(ingestOutcome(batch, valid, stored, refusedIds, rejected));
    return { accepted: stored.length, duplicates: valid.length - stored.length - refused.length, rejected };
  }
}

function pick(events: readonly AnalyticsEvent[], ids: readonly string[]): AnalyticsEvent[] {
  const wanted = new Set(ids);
  // A batch may carry one id twice: the first copy is the one stored.
  return events.filter((e) => wanted.delete(e.id));
}
