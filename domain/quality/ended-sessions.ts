// The EndedSessions port: the auto-auditor's work list, the ended sessions whose end was stored since its last run
// (whenever they ended: a session sent late is listed when it arrives), paged in the order the ends were stored.
import type { SessionFacts } from '../sessions/session-facts.ts';

/** Which ended sessions to list: ends stored at or after `storedSince`, ending in [endedFrom, endedBefore). */
export interface EndedWindow {
  readonly storedSince: Date;
  readonly endedFrom: Date;
  readonly endedBefore: Date;
}

/** Where a page stopped; opaque to callers, handed back to get the next page. */
export interface EndedCursor {
  readonly storedAt: Date;
  readonly sessionId: string;
}

export interface EndedPage {
  readonly sessions: SessionFacts[];
  /** Null on the last page. */
  readonly next: EndedCursor | null;
}

export interface EndedSessions {
  /**
   * Up to `limit` sessions of the window, in the order their ends were stored (then session id in code-point order),
   * after `after` when given. An adapter that keeps no store times lists every session ending in the window (more,
   * never fewer: the auditor skips the sessions it has audited).
   */
  endStoredSince(tenantId: string, window: EndedWindow, limit: number, after?: EndedCursor): Promise<EndedPage>;
}
