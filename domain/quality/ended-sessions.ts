// The EndedSessions port: the sessions that ended in a time range (the auto-auditor's work list).
import type { TimeRange } from '../events/event-store.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';

export interface EndedSessions {
  /** Sessions whose end falls in [from, to), oldest end first, at most `limit`. */
  endedBetween(tenantId: string, range: TimeRange, limit: number): Promise<SessionFacts[]>;
}
