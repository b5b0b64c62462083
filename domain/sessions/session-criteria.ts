// The cohort rule of the drill-down as a predicate: which sessions a count counts. Memory stores use it directly;
// SQL stores mirror it (adapters/postgres/sessions/postgres-session-query.ts) and the SessionQuery contract holds them equal.
import { agentFirstResponseMs, isQueued, outcomeOf, type SessionFacts } from './session-facts.ts';
import type { SessionCohort } from './models.ts';
import type { SessionCriteria } from './session-query.ts';

/** The instant a session belongs to a cohort by (the one `addSessionContribution` buckets it by), or null. */
export function cohortInstant(f: SessionFacts, cohort: SessionCohort): Date | null {
  switch (cohort) {
    case 'started':
      return f.startedAt;
    case 'transferred':
      return f.firstTransferAt;
    case 'ended':
      return outcomeOf(f) === null ? null : f.endedAt;
    case 'firstAgentReply':
      return agentFirstResponseMs(f) === null ? null : f.firstAgentReplyAt;
    case 'rated':
      return f.rating === null ? null : f.ratedAt;
    case 'active':
      return f.lastEventAt;
    case 'queued':
      return f.lastTransferAt;
  }
}

/** Whether a session is one of those the criteria count. */
export function matchesCriteria(f: SessionFacts, c: SessionCriteria): boolean {
  if (c.cohort === 'active') {
    if (f.startedAt === null || f.endedAt !== null || (c.activeSince && f.lastEventAt < c.activeSince)) return false;
  } else if (c.cohort === 'queued') {
    if (!isQueued(f)) return false;
  } else {
    const at = cohortInstant(f, c.cohort);
    if (at === null || (c.from && at < c.from) || (c.to && at >= c.to)) return false;
  }
  if (c.outcome?.length) {
    const outcome = outcomeOf(f);
    if (outcome === null || !c.outcome.includes(outcome)) return false;
  }
  if (c.channel?.length && !c.channel.includes(f.channel ?? 'unknown')) return false;
  if (c.agentId?.length && (f.agentId === null || !c.agentId.includes(f.agentId))) return false;
  if (c.transferred !== undefined && (f.firstTransferAt !== null) !== c.transferred) return false;
  if (c.rated !== undefined && (f.rating !== null) !== c.rated) return false;
  if (c.score?.length && (f.rating === null || !c.score.includes(f.rating))) return false;
  return true;
}

/**
 * The order every SessionQuery lists in: newest cohort instant first (the queue: longest wait first), then
 * session id.
 */
export function compareForList(cohort: SessionCohort): (a: SessionFacts, b: SessionFacts) => number {
  const direction = cohort === 'queued' ? 1 : -1;
  return (a, b) => {
    const ta = cohortInstant(a, cohort)?.getTime() ?? 0;
    const tb = cohortInstant(b, cohort)?.getTime() ?? 0;
    return direction * (ta - tb) || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0);
  };
}
