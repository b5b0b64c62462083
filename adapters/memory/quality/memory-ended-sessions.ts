// In-memory EndedSessions over the memory event store's session facts.
import type { TimeRange } from '../../../domain/events/event-store.ts';
import type { EndedCursor, EndedSessions } from '../../../domain/quality/ended-sessions.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionFactsSource } from '../billing/memory-usage-store.ts';

export class MemoryEndedSessions implements EndedSessions {
  readonly #sessions: SessionFactsSource;

  constructor(sessions: SessionFactsSource) {
    this.#sessions = sessions;
  }

  async endedBetween(tenantId: string, range: TimeRange, limit: number, after?: EndedCursor): Promise<SessionFacts[]> {
    const isAfter = (s: SessionFacts) =>
      !after || s.endedAt! > after.endedAt || (s.endedAt!.getTime() === after.endedAt.getTime() && s.sessionId > after.sessionId);
    return this.#sessions
      .allSessions(tenantId)
      .filter((s) => s.endedAt !== null && s.endedAt >= range.from && s.endedAt < range.to && isAfter(s))
      .sort((a, b) => a.endedAt!.getTime() - b.endedAt!.getTime() || (a.sessionId < b.sessionId ? -1 : 1))
      .slice(0, limit);
  }
}
