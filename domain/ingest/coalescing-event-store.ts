// CoalescingEventStore: concurrent ingest requests share one append (group commit). PostgreSQL takes one statement of
// 1,000 events far better than ten concurrent statements of 100, which contend with each other; each caller still
// gets the result for its own events.
import type { AnalyticsEvent } from '../events/envelope.ts';
import type { AppendResult, EventStore, TimeRange } from '../events/event-store.ts';

interface Waiting {
  readonly events: readonly AnalyticsEvent[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (err: unknown) => void;
}

export interface CoalescingOptions {
  /** Most events in one combined append (default 1000, the tracker's batch). */
  readonly maxEvents?: number;
  /** Combined appends written at the same time (default 3, as many as the tracker keeps in flight). */
  readonly maxInFlight?: number;
  /**
   * Events that must be waiting before a write starts beside one in flight (default 250). Alone, a call is written at
   * once; under load, the calls answered by one write come back together and the first of them would otherwise take
   * the free slot by itself, so writes shrank to single requests and PostgreSQL paid its per-statement cost per 100.
   */
  readonly minEventsBeside?: number;
}

/** An EventStore whose `append` merges the calls waiting while a write is in flight into the next write. */
export class CoalescingEventStore implements EventStore {
  readonly #store: EventStore;
  readonly #maxEvents: number;
  readonly #maxInFlight: number;
  readonly #minEventsBeside: number;
  #waiting: Waiting[] = [];
  #waitingEvents = 0;
  #inFlight = 0;

  constructor(store: EventStore, options: CoalescingOptions = {}) {
    this.#store = store;
    this.#maxEvents = options.maxEvents ?? 1000;
    this.#maxInFlight = options.maxInFlight ?? 3;
    this.#minEventsBeside = options.minEventsBeside ?? 250;
  }

  append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    if (events.length === 0) return Promise.resolve({ stored: [], rejected: [] });
    return new Promise((resolve, reject) => {
      this.#waiting.push({ events, resolve, reject });
      this.#waitingEvents += events.length;
      this.#pump();
    });
  }

  sessionEvents(tenantId: string, sessionId: string): Promise<AnalyticsEvent[]> {
    return this.#store.sessionEvents(tenantId, sessionId);
  }

  count(tenantId: string, range?: TimeRange): Promise<number> {
    return this.#store.count(tenantId, range);
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0 && (this.#inFlight === 0 || this.#waitingEvents >= this.#minEventsBeside)) {
      const group: Waiting[] = [];
      let size = 0;
      // Whole calls only; a call larger than the limit goes alone.
      while (this.#waiting.length > 0 && (group.length === 0 || size + this.#waiting[0]!.events.length <= this.#maxEvents)) {
        const next = this.#waiting.shift()!;
        group.push(next);
        size += next.events.length;
      }
      this.#waitingEvents -= size;
      this.#inFlight++;
      void this.#write(group).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #write(group: readonly Waiting[]): Promise<void> {
    let result: AppendResult;
    try {
      result = await this.#store.append(group.length === 1 ? group[0]!.events : group.flatMap((w) => w.events));
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    if (group.length === 1) return group[0]!.resolve(result);
    // An id stored by this write counts as stored for the first call that sent it; later copies are duplicates.
    const stored = new Set(result.stored);
    const refused = new Map(result.rejected.map((r) => [r.id, r.error]));
    for (const w of group) {
      const mine: AppendResult = { stored: [], rejected: [] };
      for (const e of w.events) {
        const error = refused.get(e.id);
        if (error !== undefined) (mine.rejected as { id: string; error: string }[]).push({ id: e.id, error });
        else if (stored.delete(e.id)) (mine.stored as string[]).push(e.id);
      }
      w.resolve(mine);
    }
  }
}
