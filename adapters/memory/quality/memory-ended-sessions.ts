// In-memory EndedSessions over the memory event store's session facts. It keeps no store times, so it lists every
// session ending in the window (as the port allows), in the order of their ends, which stand in for the store times.
import type { EndedCursor, EndedPage, EndedSessions, EndedWindow } from '../../../domain/quality/ended-sessions.ts';
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionFactsSource } from '../billing/memory-usage-store.ts';

export class MemoryEndedSessions implements EndedSessions {
  readonly #sessions: SessionFactsSource;

  constructor(sessions: SessionFactsSource) {
    this.#sessions = sessions;
  }

  async endStoredSince(tenantId: string, window: EndedWindow, limit: number, after?: EndedCursor): Promise<EndedPage> {
    const isAfter = (s: SessionFacts) =>
      !after || s.endedAt! > after.storedAt || (s.endedAt!.getTime() === after.storedAt.getTime() && s.sessionId > after.sessionId);
    const matching = this.#sessions
      .allSessions(tenantId)
      .filter((s) => s.endedAt !== null && s.endedAt >= window.endedFrom && s.endedAt < window.endedBefore && isAfter(s))
      .sort((a, b) => a.endedAt!.getTime() - b.endedAt!.getTime() || (a.sessionId < b.sessionId ? -1 : 1));
    const sessions = matching.slice(0, limit);
    const last = sessions[sessions.length - 1];
    return { sessions, next: matching.length > limit && last ? { storedAt: last.endedAt!, sessionId: last.sessionId } : null };
  }
}
