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

/** SessionFacts being folded in place (by foldEventInto). */
export type MutableSessionFacts = { -readonly [K in keyof SessionFacts]: SessionFacts[K] };

/** The facts after one more event of the session (the event must carry this session's id). New object. */
export function foldEvent(f: SessionFacts, e: AnalyticsEvent): SessionFacts {
  return foldEventInto({ ...f }, e);
}

/**
 * foldEvent in place: `f` becomes the facts after one more event, and is returned. For folding many events of a
 * session (a write batch) without a copy of the facts per event.
 */
export function foldEventInto(f: MutableSessionFacts, e: AnalyticsEvent): MutableSessionFacts {
  const at = e.occurredAt;
  f.firstEventAt = min(f.firstEventAt, at);
  f.lastEventAt = max(f.lastEventAt, at);
  if (e.channel && (f.channel === null || e.name === 'session.start')) f.channel = e.channel;
  switch (e.name) {
    case 'session.start':
      f.startedAt = min(f.startedAt, at);
      if (typeof e.data.customerId === 'string') f.customerId = e.data.customerId;
      break;
    case 'session.end':
      if (f.endedAt === null || at > f.endedAt) {
        f.endedAt = at;
        f.endReason = typeof e.data.reason === 'string' ? e.data.reason : null;
      }
      break;
    case 'session.transfer':
      f.firstTransferAt = min(f.firstTransferAt, at);
      f.lastTransferAt = max(f.lastTransferAt, at);
      if (f.agentMessages === 0 && typeof e.data.toAgentId === 'string') f.agentId = e.data.toAgentId;
      break;
    case 'message.user':
      f.userMessages++;
      break;
    case 'message.ai':
      f.aiMessages++;
      break;
    case 'message.agent':
      f.agentMessages++;
      f.firstAgentReplyAt = min(f.firstAgentReplyAt, at);
      if (f.lastAgentReplyAt === null || at >= f.lastAgentReplyAt) f.agentId = e.agentId;
      f.lastAgentReplyAt = max(f.lastAgentReplyAt, at);
      break;
    case 'session.rated':
      if (f.ratedAt === null || at >= f.ratedAt) {
        f.rating = e.data.score as number;
        f.ratedAt = at;
      }
      break;
    case 'order.query':
      f.orderQueries++;
      if (e.data.found === false) f.orderNotFound++;
      break;
    case 'tracking.query':
      f.trackingQueries++;
      if (e.data.found === false) f.trackingNotFound++;
      break;
    default:
      break;
  }
  return f;
}

/** How an ended session turned out (docs/metrics.md, "Session facts"); null while it has not ended. */
export function outcomeOf(f: SessionFacts): Outcome | null {
  if (f.endedAt === null) return null;
  if (f.firstTransferAt === null) return f.aiMessages > 0 ? 'ai' : 'abandoned';
  return f.agentMessages > 0 ? 'agent' : 'abandoned';
}

/** Transferred, not ended, and no agent reply since the (last) transfer. */
export function isQueued(f: SessionFacts): boolean {
  return f.lastTransferAt !== null && f.endedAt === null && (f.lastAgentReplyAt === null || f.lastAgentReplyAt < f.lastTransferAt);
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
