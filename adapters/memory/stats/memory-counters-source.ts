// CountersSource over the in-memory event store: folds its session facts and events through the contributions,
// the reference every SQL CountersSource is held equal to.
import type { CountersSource } from '../../../domain/stats/counters-source.ts';
import { addEventContribution, addSessionContribution } from '../../../domain/stats/contributions.ts';
import type { DayCounters } from '../../../domain/stats/counters.ts';
import type { MemoryEventStore } from '../events/memory-event-store.ts';

export class MemoryCountersSource implements CountersSource {
  readonly #store: MemoryEventStore;

  constructor(store: MemoryEventStore) {
    this.#store = store;
  }

  async countersBetween(tenantId: string, zone: string, from: Date, to: Date): Promise<DayCounters> {
    const out: DayCounters = {};
    const window = { from, to };
    for (const f of this.#store.allSessions(tenantId)) addSessionContribution(out, f, zone, 1, window);
    for (const e of this.#store.allEvents(tenantId)) {
      if (e.occurredAt >= from && e.occurredAt < to) addEventContribution(out, e, zone);
    }
    for (const [day, c] of Object.entries(out)) if (Object.keys(c).length === 0) delete out[day];
    return out;
  }
}
