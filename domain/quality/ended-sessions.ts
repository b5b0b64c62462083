// The EndedSessions port: the sessions that ended in a time range (the auto-auditor's work list).
import type { TimeRange } from '../events/event-store.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';

/** Where the previous page stopped: the last (endedAt, sessionId) it returned. */
export interface EndedCursor {
  readonly endedAt: Date;
  readonly sessionId: string;
}

export interface EndedSessions {
  /**
   * Sessions whose end falls in [from, to), ordered by (endedAt, sessionId in code-point order), after `after`
   * when given, at most `limit`.
   */
  endedBetween(tenantId: string, range: TimeRange, limit: number, after?: EndedCursor): Promise<SessionFacts[]>;
}
