// The SessionStore port: the per-session facts stores keep as events arrive.
import type { SessionFacts } from './session-facts.ts';

export interface SessionStore {
  /** Facts of the given sessions (unknown ids are absent from the result). */
  getSessions(tenantId: string, sessionIds: readonly string[]): Promise<SessionFacts[]>;
}
