// What one session and one event add to the daily counters. Every store, the realtime projector and the daily
// aggregation compute figures through these two functions, so a figure means the same thing everywhere.
import type { AnalyticsEvent } from '../events/envelope.ts';
import { localDay } from '../local-day.ts';
import { agentFirstResponseMs, outcomeOf, type SessionFacts } from '../sessions/session-facts.ts';
import { bump, field, observe, type DayCounters } from './counters.ts';

/** An instant window [from, to): only contributions whose cohort instant lies in it are added. */
export interface ContributionWindow {
  readonly from: Date;
  readonly to: Date;
}

/**
 * Session cohorts: started (day of start), transferred (day of first transfer), ended by outcome and duration
 * (day of end), agent first response (day of first agent reply), rating (day of the last rating). With a `window`,
 * only the cohorts whose instant falls in it (a partial day, e.g. yesterday up to the same local time).
 */
export function addSessionContribution(into: DayCounters, f: SessionFacts, zone: string, sign: 1 | -1 = 1, window?: ContributionWindow): void {
  const within = (at: Date | null): at is Date => at !== null && (!window || (at >= window.from && at < window.to));
  if (within(f.startedAt)) {
    const day = localDay(f.startedAt, zone);
    bump(into, day, field.sessions, sign);
    bump(into, day, field.sessionsOn(f.channel), sign);
  }
  if (within(f.firstTransferAt)) bump(into, localDay(f.firstTransferAt, zone), field.transferred, sign);
  const outcome = outcomeOf(f);
  if (outcome && within(f.endedAt)) {
    const day = localDay(f.endedAt, zone);
    bump(into, day, field.ended, sign);
    bump(into, day, field.endedAs(outcome), sign);
    if (outcome === 'agent' && f.agentId) bump(into, day, field.agentHandled(f.agentId), sign);
    if (f.startedAt) observe(into, day, 'durationMs', f.endedAt.getTime() - f.startedAt.getTime(), sign);
  }
  const firstResponse = agentFirstResponseMs(f);
  if (firstResponse !== null && within(f.firstAgentReplyAt)) {
    observe(into, localDay(f.firstAgentReplyAt, zone), 'agentFirstResponseMs', firstResponse, sign);
  }
  if (f.rating !== null && within(f.ratedAt)) bump(into, localDay(f.ratedAt, zone), field.rating(f.rating), sign);
}

/** Event counts on the day the event occurred: messages, response times, look-ups. */
export function addEventContribution(into: DayCounters, e: AnalyticsEvent, zone: string): void {
  const day = localDay(e.occurredAt, zone);
  switch (e.name) {
    case 'message.user':
      bump(into, day, field.messages('user'));
      break;
    case 'message.ai':
      bump(into, day, field.messages('ai'));
      observe(into, day, 'aiResponseMs', e.data.responseTimeMs as number);
      break;
    case 'message.agent': {
      bump(into, day, field.messages('agent'));
      if (e.agentId) bump(into, day, field.agentReplies(e.agentId));
      const ms = e.data.responseTimeMs;
      if (typeof ms === 'number') {
        observe(into, day, 'agentReplyMs', ms);
        if (e.agentId) {
          bump(into, day, field.agentReplyMsSum(e.agentId), Math.round(ms));
          bump(into, day, field.agentReplyMsCount(e.agentId));
        }
      }
      break;
    }
    case 'order.query':
      bump(into, day, field.orders);
      if (e.data.found === true) bump(into, day, field.ordersFound);
      break;
    case 'tracking.query':
      bump(into, day, field.tracking);
      if (e.data.found === true) bump(into, day, field.trackingFound);
      break;
    default:
      break;
  }
}
