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
  /**
   * The first agent reply AT OR AFTER the first transfer (docs/metrics.md, "agent first response"): a reply before
   * the transfer is not it. Until a transfer is known, the first agent reply of all, so a transfer arriving later
   * still finds it (see `firstReplyFrom`); readers take it as a first response only when `firstTransferAt` is set.
   */
  readonly firstAgentReplyAt: Date | null;
  /** The latest agent reply, whenever it came. */
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
      f.firstAgentReplyAt = firstReplyFrom(f.firstTransferAt, [f.firstAgentReplyAt, f.lastAgentReplyAt]);
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
      f.firstAgentReplyAt = firstReplyFrom(f.firstTransferAt, [f.firstAgentReplyAt, at]);
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

/**
 * The earliest of `replies` at or after `transfer` (all of them when there is no transfer yet): how
 * `firstAgentReplyAt` merges, here and in SQL (adapters/postgres/events/session-merge.ts). Order-free with one
 * exception: a transfer that arrives after replies on both sides of it (a reply before it and one after it, both
 * already folded) can only be given the earliest reply it knows of after it, the previous first reply or the last
 * one; events arriving in time order, or a late transfer before every reply or after every reply, fold exactly.
 */
export function firstReplyFrom(transfer: Date | null, replies: readonly (Date | null)[]): Date | null {
  let first: Date | null = null;
  for (const r of replies) if (r !== null && (transfer === null || r >= transfer) && (first === null || r < first)) first = r;
  return first;
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

/**
 * Agent first response (ms): the first agent reply at or after the first transfer, minus that transfer. Null without
 * a transfer (a session never handed to humans has no agent first response) or without a reply since it.
 */
export function agentFirstResponseMs(f: SessionFacts): number | null {
  if (f.firstTransferAt === null || f.firstAgentReplyAt === null || f.firstAgentReplyAt < f.firstTransferAt) return null;
  return f.firstAgentReplyAt.getTime() - f.firstTransferAt.getTime();
}

/** `session.end` minus `session.start`, in seconds, when the session has both. */
export function durationSec(f: SessionFacts): number | null {
  if (f.startedAt === null || f.endedAt === null) return null;
  return Math.max(0, (f.endedAt.getTime() - f.startedAt.getTime()) / 1000);
}
