// Four scripted sessions of 2026-03-10 (UTC), all ended by 10:30: the golden input of the quality tests.
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { anEvent } from '../../support/builders.ts';

export const t = (hhmmss: string) => new Date(`2026-03-10T${hhmmss}Z`);
export const ev = (
  name: AnalyticsEvent['name'],
  sessionId: string,
  hhmmss: string,
  data: Record<string, unknown> = {},
  over: Partial<AnalyticsEvent> = {},
) => anEvent(name, { sessionId, occurredAt: t(hhmmss), ...(Object.keys(data).length ? { data } : {}), ...over });

/** Four sessions of 2026-03-10, all ended by 10:30 UTC. */
export const scriptedSessions: AnalyticsEvent[] = [
  // bot-resolved: fast answers, an order found, rated 5.
  ev('session.start', 'bot-ok', '10:00:00', {}, { channel: 'web' }),
  ev('message.user', 'bot-ok', '10:00:05'),
  ev('message.ai', 'bot-ok', '10:00:06', { responseTimeMs: 1200 }),
  ev('order.query', 'bot-ok', '10:00:07', { found: true }),
  ev('message.ai', 'bot-ok', '10:00:09', { responseTimeMs: 2000 }),
  ev('session.end', 'bot-ok', '10:01:00', { reason: 'resolved' }),
  ev('session.rated', 'bot-ok', '10:01:30', { score: 5 }),
  // transferred-slow: a slowish AI, a tracking number not found, 4 minutes in the queue, rated 4.
  ev('session.start', 'slow', '10:00:00', {}, { channel: 'app' }),
  ev('message.ai', 'slow', '10:00:10', { responseTimeMs: 4000 }),
  ev('tracking.query', 'slow', '10:00:20', { found: false }),
  ev('session.transfer', 'slow', '10:01:00'),
  ev('message.agent', 'slow', '10:05:00', { responseTimeMs: 90_000 }, { agentId: 'alice' }),
  ev('session.end', 'slow', '10:20:00', { reason: 'resolved' }),
  ev('session.rated', 'slow', '10:21:00', { score: 4 }),
  // abandoned: handed over, nobody answered for 10 minutes.
  ev('session.start', 'gone', '10:00:00', {}, { channel: 'whatsapp' }),
  ev('message.ai', 'gone', '10:00:01', { responseTimeMs: 1000 }),
  ev('session.transfer', 'gone', '10:02:00', { toAgentId: 'bob' }),
  ev('session.end', 'gone', '10:12:00', { reason: 'abandoned' }),
  // badly rated: a fast bot, rated 2.
  ev('session.start', 'rated-2', '10:00:00', {}, { channel: 'web' }),
  ev('message.ai', 'rated-2', '10:00:03', { responseTimeMs: 2500 }),
  ev('message.ai', 'rated-2', '10:00:30', { responseTimeMs: 2500 }),
  ev('session.end', 'rated-2', '10:03:00', { reason: 'resolved' }),
  ev('session.rated', 'rated-2', '10:04:00', { score: 2 }),
];
