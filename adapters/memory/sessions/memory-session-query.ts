// SessionQuery over the in-memory event store's session facts, by the domain's own cohort predicate.
import { compareForList, matchesCriteria } from '../../../domain/sessions/session-criteria.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionCriteria, SessionPage, SessionQuery } from '../../../domain/sessions/session-query.ts';
import type { MemoryEventStore } from '../events/memory-event-store.ts';

export class MemorySessionQuery implements SessionQuery {
  readonly #store: MemoryEventStore;

  constructor(store: MemoryEventStore) {
    this.#store = store;
  }

  async list(tenantId: string, criteria: SessionCriteria, page: SessionPage): Promise<{ total: number; items: SessionFacts[] }> {
    const all = this.#store.allSessions(tenantId).filter((f) => matchesCriteria(f, criteria));
    all.sort(compareForList(criteria.cohort));
    return { total: all.length, items: all.slice(page.offset, page.offset + page.limit) };
  }

  async get(tenantId: string, sessionId: string): Promise<SessionFacts | null> {
    return (await this.#store.getSessions(tenantId, [sessionId]))[0] ?? null;
  }
}
