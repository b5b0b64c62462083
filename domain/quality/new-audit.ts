// A new audit of an ended session, as both the auto-auditor and a supervisor's manual audit make one: the session's
// own facts (agent, channel, end), the score given, not yet reviewed.
import type { Clock, IdSource } from '../clock.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';
import type { AuditIssue, AuditSource, AuditStatus, QualityAuditRecord } from './models.ts';

export interface NewAudit {
  readonly source: AuditSource;
  readonly score: number;
  readonly issues: AuditIssue[];
  readonly status: AuditStatus;
}

/** The audit record of the session of `facts`, ended at `endedAt`, scored as `audit` says; a fresh id, stamped now. */
export function newAudit(
  facts: Pick<SessionFacts, 'sessionId' | 'agentId' | 'channel'>,
  endedAt: Date,
  audit: NewAudit,
  ports: { readonly ids: IdSource; readonly clock: Clock },
): QualityAuditRecord {
  return {
    id: ports.ids.next(),
    sessionId: facts.sessionId,
    agentId: facts.agentId,
    channel: facts.channel,
    source: audit.source,
    score: audit.score,
    finalScore: audit.score,
    issues: audit.issues,
    status: audit.status,
    review: null,
    reviews: [],
    sessionEndedAt: endedAt.toISOString(),
    createdAt: ports.clock.now().toISOString(),
  };
}
