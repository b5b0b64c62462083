// A scripted day of a tenant in Asia/Shanghai (UTC+8), 2026-03-10, read at 18:00 local: sessions on three channels,
// transfers, agent replies, ratings, look-ups, token usage, a late rating for yesterday, and a duplicate event.
// The expected figures in golden-day.test.ts are computed by hand from this script (see the comments there).
import type { EventName } from '../../domain/events/catalog.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';

export const TENANT = 'golden';
export const ZONE = 'Asia/Shanghai';
export const TODAY = '2026-03-10';
export const YESTERDAY = '2026-03-09';
/** 18:00 local. */
export const NOW = new Date('2026-03-10T18:00:00+08:00');

let seq = 0;
function ev(
  name: EventName,
  localTime: string,
  over: { s?: string; agent?: string; channel?: string; data?: Record<string, unknown>; day?: string } = {},
): AnalyticsEvent {
  seq++;
  return {
    id: `00000000-0000-7000-a000-${seq.toString(16).padStart(12, '0')}`,
    tenantId: TENANT,
    name,
    occurredAt: new Date(`${over.day ?? TODAY}T${localTime}+08:00`),
    sessionId: over.s ?? null,
    agentId: over.agent ?? null,
    channel: over.channel ?? null,
    product: name.startsWith('agent.') || name === 'message.agent' ? 'agent_workbench' : 'ai_chatbot',
    data: over.data ?? {},
  };
}

const ai = (s: string, t: string, responseTimeMs: number, day?: string) =>
  ev('message.ai', t, { s, day, data: { responseTimeMs, model: 'doubao-pro', inputTokens: 200, outputTokens: 80 } });

/** Yesterday: Y1 resolved by the bot before 18:00 (its rating arrives late, today); Y2 after 18:00. */
const yesterday = [
  ev('session.start', '15:00:00', { s: 'Y1', channel: 'web', day: YESTERDAY }),
  ev('message.user', '15:00:05', { s: 'Y1', day: YESTERDAY }),
  ai('Y1', '15:00:10', 1000, YESTERDAY),
  ev('session.end', '15:10:00', { s: 'Y1', day: YESTERDAY, data: { reason: 'resolved' } }),
  ev('session.start', '19:00:00', { s: 'Y2', channel: 'app', day: YESTERDAY }),
  ev('message.user', '19:00:05', { s: 'Y2', day: YESTERDAY }),
  ai('Y2', '19:00:08', 3000, YESTERDAY),
  ev('session.end', '19:05:00', { s: 'Y2', day: YESTERDAY, data: { reason: 'resolved' } }),
];

const s1Ai = ai('S1', '09:00:12', 1200);

const today = [
  // Agents: Ann online 08:00, busy 10:00, online 11:00, away 12:00, online 12:30 (still); Bob 09:00 to 17:00.
  ev('agent.login', '08:00:00', { agent: 'a1', data: { name: 'Ann' } }),
  ev('agent.login', '09:00:00', { agent: 'a2', data: { name: 'Bob' } }),
  ev('agent.status_change', '10:00:00', { agent: 'a1', data: { status: 'busy' } }),
  ev('agent.status_change', '11:00:00', { agent: 'a1', data: { status: 'online' } }),
  ev('agent.status_change', '12:00:00', { agent: 'a1', data: { status: 'away' } }),
  ev('agent.status_change', '12:30:00', { agent: 'a1', data: { status: 'online' } }),
  ev('agent.logout', '17:00:00', { agent: 'a2' }),
  // S1 web: the bot resolves it, an order found, rated 5.
  ev('session.start', '09:00:00', { s: 'S1', channel: 'web', data: { customerId: 'c1' } }),
  ev('message.user', '09:00:10', { s: 'S1' }),
  s1Ai,
  ev('order.query', '09:00:20', { s: 'S1', data: { found: true, orderId: 'o1' } }),
  ev('session.end', '09:05:00', { s: 'S1', data: { reason: 'resolved' } }),
  ev('session.rated', '09:06:00', { s: 'S1', data: { score: 5 } }),
  // S2 web: transferred, Ann replies after 2 minutes, rated 4.
  ev('session.start', '10:00:00', { s: 'S2', channel: 'web' }),
  ev('message.user', '10:00:05', { s: 'S2' }),
  ai('S2', '10:00:07', 2000),
  ev('session.transfer', '10:01:00', { s: 'S2', data: { reason: 'asked for a human' } }),
  ev('message.agent', '10:03:00', { s: 'S2', agent: 'a1', data: { responseTimeMs: 30_000 } }),
  ev('session.end', '10:20:00', { s: 'S2', data: { reason: 'resolved' } }),
  ev('session.rated', '10:21:00', { s: 'S2', data: { score: 4 } }),
  // S3 app: the bot answers, a tracking look-up fails, rated 2.
  ev('session.start', '11:00:00', { s: 'S3', channel: 'app' }),
  ev('message.user', '11:00:05', { s: 'S3' }),
  ai('S3', '11:00:06', 800),
  ev('tracking.query', '11:00:30', { s: 'S3', data: { found: false, carrier: 'sf' } }),
  ev('session.end', '11:10:00', { s: 'S3', data: { reason: 'resolved' } }),
  ev('session.rated', '11:11:00', { s: 'S3', data: { score: 2 } }),
  // S4 app: the customer leaves before any answer.
  ev('session.start', '12:00:00', { s: 'S4', channel: 'app' }),
  ev('message.user', '12:00:03', { s: 'S4' }),
  ev('session.end', '12:02:00', { s: 'S4', data: { reason: 'abandoned' } }),
  // S5 whatsapp: transferred, Bob replies twice (first after 5 minutes).
  ev('session.start', '13:00:00', { s: 'S5', channel: 'whatsapp' }),
  ev('message.user', '13:00:02', { s: 'S5' }),
  ai('S5', '13:00:05', 1500),
  ev('session.transfer', '13:01:00', { s: 'S5' }),
  ev('message.agent', '13:06:00', { s: 'S5', agent: 'a2', data: { responseTimeMs: 10_000 } }),
  ev('message.agent', '13:08:00', { s: 'S5', agent: 'a2', data: { responseTimeMs: 20_000 } }),
  ev('session.end', '13:30:00', { s: 'S5', data: { reason: 'resolved' } }),
  // S6 whatsapp: transferred to Ann at 17:45 and still waiting at 18:00.
  ev('session.start', '17:40:00', { s: 'S6', channel: 'whatsapp' }),
  ev('message.user', '17:40:02', { s: 'S6' }),
  ai('S6', '17:40:04', 900),
  ev('session.transfer', '17:45:00', { s: 'S6', data: { toAgentId: 'a1' } }),
  // S7 web: a conversation with the bot in progress.
  ev('session.start', '17:50:00', { s: 'S7', channel: 'web' }),
  ev('message.user', '17:50:01', { s: 'S7' }),
  ai('S7', '17:50:03', 700),
  ev('llm.usage', '17:50:03', { data: { usageId: 'coze:chat-7', botId: 'bot-1', inputTokens: 1200, outputTokens: 300 } }),
];

const lateRating = ev('session.rated', '15:12:00', { s: 'Y1', day: YESTERDAY, data: { score: 3 } });

/** Batches in the order they arrive: yesterday, today, then S1's AI reply again (a duplicate) and Y1's late rating. */
export function scriptedDay(): AnalyticsEvent[][] {
  return [yesterday, today.slice(0, 20), today.slice(20), [{ ...s1Ai }, lateRating]];
}
