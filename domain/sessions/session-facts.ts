// What is known of one session, folded from its events in any order (min, max and sums only), so a late or
// replayed event lands the same wherever it comes in. Stores keep one row of these per session.
import type { AnalyticsEvent } from '../events/envelope.ts';

export type Outcome = 'ai' | 'agent' | 'abandoned';

export interface SessionFacts {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly channel: string | null;
  readonly customerId: string | null;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly endReason: string | null;
  readonly firstEventAt: Date;
  readonly lastEventAt: Date;
  readonly firstTransferAt: Date | null;
  readonly lastTransferAt: Date | null;
  readonly firstAgentReplyAt: Date | null;
  readonly lastAgentReplyAt: Date | null;
  /** The agent who replied last, else the agent the session was transferred to. */
  readonly agentId: string | null;
  readonly userMessages: number;
  readonly aiMessages: number;
  readonly agentMessages: number;
  readonly rating: number | null;
  readonly ratedAt: Date | null;
  readonly orderQueries: number;
  readonly orderNotFound: number;
  readonly trackingQueries: number;
  readonly trackingNotFound: number;
}

export function emptyFacts(tenantId: string, sessionId: string, at: Date): SessionFacts {
  return {
    tenantId,
    sessionId,
    channel: null,
    customerId: null,
    startedAt: null,
    endedAt: null,
    endReason: null,
    firstEventAt: at,
    lastEventAt: at,
    firstTransferAt: null,
    lastTransferAt: null,
    firstAgentReplyAt: null,
    lastAgentReplyAt: null,
    agentId: null,
    userMessages: 0,
    aiMessages: 0,
    agentMessages: 0,
    rating: null,
    ratedAt: null,
    orderQueries: 0,
    orderNotFound: 0,
    trackingQueries: 0,
    trackingNotFound: 0,
  };
}

const min = (a: Date | null, b: Date): Date => (a === null || b < a ? b : a);
const max = (a: Date | null, b: Date): Date => (a === null || b > a ? b : a);

/** The facts after one more event of the session (the event must carry this session's id). */
export function foldEvent(f: SessionFacts, e: AnalyticsEvent): SessionFacts {
  const at = e.occurredAt;
  const next: { -readonly [K in keyof SessionFacts]: SessionFacts[K] } = {
    ...f,
    firstEventAt: min(f.firstEventAt, at),
    lastEventAt: max(f.lastEventAt, at),
  };
  if (e.channel && (next.channel === null || e.name === 'session.start')) next.channel = e.channel;
  switch (e.name) {
    case 'session.start':
      next.startedAt = min(f.startedAt, at);
      if (typeof e.data.customerId === 'string') next.customerId = e.data.customerId;
      break;
    case 'session.end':
      if (f.endedAt === null || at > f.endedAt) {
        next.endedAt = at;
        next.endReason = typeof e.data.reason === 'string' ? e.data.reason : null;
      }
      break;
    case 'session.transfer':
      next.firstTransferAt = min(f.firstTransferAt, at);
      next.lastTransferAt = max(f.lastTransferAt, at);
      if (next.agentMessages === 0 && typeof e.data.toAgentId === 'string') next.agentId = e.data.toAgentId;
      break;
    case 'message.user':
      next.userMessages++;
      break;
    case 'message.ai':
      next.aiMessages++;
      break;
    case 'message.agent':
      next.agentMessages++;
      next.firstAgentReplyAt = min(f.firstAgentReplyAt, at);
      if (f.lastAgentReplyAt === null || at >= f.lastAgentReplyAt) next.agentId = e.agentId;
      next.lastAgentReplyAt = max(f.lastAgentReplyAt, at);
      break;
    case 'session.rated':
      if (f.ratedAt === null || at >= f.ratedAt) {
        next.rating = e.data.score as number;
        next.ratedAt = at;
      }
      break;
    case 'order.query':
      next.orderQueries++;
      if (e.data.found === false) next.orderNotFound++;
      break;
    case 'tracking.query':
      next.trackingQueries++;
      if (e.data.found === false) next.trackingNotFound++;
      break;
    default:
      break;
  }
  return next;
}

/** How an ended session turned out (CONTRACT.md "Derived session facts"); null while it has not ended. */
export function outcomeOf(f: SessionFacts): Outcome | null {
  if (f.endedAt === null) return null;
  if (f.firstTransferAt === null) return f.aiMessages > 0 ? 'ai' : 'abandoned';
  return f.agentMessages > 0 ? 'agent' : 'abandoned';
}

/** Transferred, not ended, and no agent reply since the (last) transfer. */
export function isQueued(f: SessionFacts): boolean {
  return (
    f.lastTransferAt !== null && f.endedAt === null && (f.lastAgentReplyAt === null || f.lastAgentReplyAt < f.lastTransferAt)
  );
}

/** Started, not ended, and some event within the idle timeout before `now`. */
export function isActive(f: SessionFacts, now: Date, idleTimeoutMs: number): boolean {
  return f.startedAt !== null && f.endedAt === null && now.getTime() - f.lastEventAt.getTime() <= idleTimeoutMs;
}

/** First agent reply minus the first transfer, when the session has both (ms). */
export function agentFirstResponseMs(f: SessionFacts): number | null {
  if (f.firstTransferAt === null || f.firstAgentReplyAt === null) return null;
  return Math.max(0, f.firstAgentReplyAt.getTime() - f.firstTransferAt.getTime());
}

/** `session.end` minus `session.start`, in seconds, when the session has both. */
export function durationSec(f: SessionFacts): number | null {
  if (f.startedAt === null || f.endedAt === null) return null;
  return Math.max(0, (f.endedAt.getTime() - f.startedAt.getTime()) / 1000);
}
