// The demo's script: a seeded, pure plan of one local day of both products' traffic (sessions per channel with a
// daily rhythm, AI replies, transfers to ~8 agents on shifts, ratings, look-ups that sometimes fail, Coze usage).
import { DateTime } from 'luxon';
import type { EventName } from '../../../domain/events/catalog.ts';
import type { EventFields } from '../../../domain/tracker/typed-events.ts';
import { seededRandom } from './seeded-random.ts';

export const demoProducts = { chatbot: 'ai_chatbot', workbench: 'agent_workbench' } as const;
export type DemoProduct = (typeof demoProducts)[keyof typeof demoProducts];

/** One tracked event of the plan; `fields` already carry the event's deterministic `id` and `occurredAt`. */
export interface DemoEvent<N extends EventName = EventName> {
  readonly product: DemoProduct;
  readonly name: N;
  readonly fields: EventFields<N>;
  /** On an AI reply answered by the Coze bot: the customer's question (asked through the Coze wrapper when live). */
  readonly coze?: { readonly question: string; readonly usage: CozeLikeUsage };
}

/** What a Coze chat of this reply spends, as the plan expects it (used when the wrapper is not called). */
export interface CozeLikeUsage {
  readonly chatId: string;
  /** Id of the `llm.usage` event recorded for it when replayed from the plan. */
  readonly eventId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export const demoChannels = ['web', 'app', 'whatsapp', 'messenger', 'email'] as const;
const channelWeights = [0.34, 0.26, 0.2, 0.12, 0.08];
/** Relative arrivals per local hour: quiet nights, a late-morning peak and an evening one. */
const hourWeights = [2, 1, 1, 1, 1, 2, 4, 7, 10, 13, 14, 13, 11, 12, 12, 11, 10, 10, 11, 12, 11, 8, 5, 3];
export const demoBotId = '7379462189365198898';
/** The model behind the demo bot, as the product knows it (Coze reports none). */
export const demoBotModel = 'doubao-pro-32k';
export const demoAgents = ['ana', 'ben', 'chen', 'dana', 'eli', 'fatima', 'goro', 'hana'].map((name, i) => ({
  id: `demo-agent-${i + 1}`,
  name: name[0]!.toUpperCase() + name.slice(1),
  // Two shifts of four, local hours [from, to).
  shift: i < 4 ? ([8, 16] as const) : ([14, 22] as const),
}));

const questions = [
  'How do I change my delivery address?',
  'When will my refund arrive?',
  'What are your opening hours?',
  'Can I return a gift without the receipt?',
  'I forgot my password',
  'Where is my order A{n}?',
  'My parcel tracking number {n} shows no movement',
];
const intents = ['address_change', 'refund_status', 'opening_hours', 'returns', 'password_reset', 'order_status', 'tracking'];
const transferReasons = ['customer asked for a human', 'low confidence', 'complaint', 'payment issue'];
const carriers = ['dhl', 'ups', 'sf-express', 'postnl'];
const locales = ['en', 'en', 'zh-CN', 'es', 'fr'];

export interface DayPlanOptions {
  readonly seed: number;
  readonly day: string;
  readonly zone: string;
  /** Mean sessions on a weekday (weekends get 70 %). */
  readonly sessionsPerDay?: number;
}

/** The plan of one local day, in time order. The same seed and day always give the same plan. */
export function planDay(opts: DayPlanOptions): DemoEvent[] {
  const random = seededRandom(hash(`${opts.seed}:${opts.day}`));
  const start = DateTime.fromISO(opts.day, { zone: opts.zone }).startOf('day');
  const weekend = start.weekday >= 6;
  const mean = (opts.sessionsPerDay ?? 260) * (weekend ? 0.7 : 1);
  const sessions = Math.round(mean * (0.9 + random() * 0.2));
  const ids = idMaker(random);
  const out: DemoEvent[] = [];
  const agentFreeAt = new Map<string, number>();

  for (const agent of demoAgents) out.push(...agentDay(agent, start, random, ids));

  for (let i = 0; i < sessions; i++) {
    const hour = pick(
      random,
      hourWeights.map((_, h) => h),
      hourWeights,
    );
    const at = start.plus({ hours: hour, seconds: Math.floor(random() * 3600) }).toMillis();
    out.push(...planSession(`demo-${opts.day}-${String(i).padStart(4, '0')}`, at, opts.zone, random, ids, agentFreeAt));
  }
  return out.sort((a, b) => ms(a) - ms(b));
}

/** One session's events from `startMs` on (the live demo plays these as they fall due). */
export function planSession(
  sessionId: string,
  startMs: number,
  zone: string,
  random: () => number,
  ids: (at: number) => string,
  agentFreeAt: Map<string, number>,
): DemoEvent[] {
  const out: DemoEvent[] = [];
  let t = startMs;
  const channel = pick(random, demoChannels, channelWeights);
  const bot = <N extends EventName>(name: N, fields: EventFields<N>, coze?: DemoEvent['coze']) =>
    out.push(demoEvent(demoProducts.chatbot, name, fields, ids(t), t, coze));
  const desk = <N extends EventName>(name: N, fields: EventFields<N>) => out.push(demoEvent(demoProducts.workbench, name, fields, ids(t), t));

  bot('session.start', { sessionId, channel, customerId: `demo-customer-${Math.floor(random() * 5000)}`, locale: pick(random, locales) });
  const turns = 1 + Math.floor(random() * random() * 4);
  let aiReplies = 0;
  for (let turn = 0; turn < turns; turn++) {
    t += (channel === 'email' ? 60_000 : 4_000) + Math.floor(random() * 40_000);
    const q = Math.floor(random() * questions.length);
    const question = questions[q]!.replace('{n}', String(1000 + Math.floor(random() * 9000)));
    bot('message.user', { sessionId, length: question.length });
    if (intents[q] === 'order_status') bot('order.query', { sessionId, found: random() < 0.85, orderId: `A${1000 + q}` });
    if (intents[q] === 'tracking') bot('tracking.query', { sessionId, found: random() < 0.8, carrier: pick(random, carriers) });
    const responseTimeMs = Math.round(lognormal(random, channel === 'email' ? 2400 : 950, 0.45));
    t += responseTimeMs;
    const input = 380 + Math.floor(random() * 240) + 60 * turn;
    const output = 20 + Math.floor(random() * 90);
    const chatId = `7${String(Math.floor(random() * 1e9)).padStart(9, '0')}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    const usage = { chatId, eventId: ids(t), inputTokens: input, outputTokens: output };
    bot('message.ai', { sessionId, responseTimeMs, intent: intents[q], model: demoBotModel }, { question, usage });
    aiReplies++;
  }

  const roll = random();
  const transferred = roll < 0.2;
  let outcome: 'ai' | 'agent' | 'abandoned' = transferred ? 'agent' : 'ai';
  let handledBy: string | undefined;
  if (transferred) {
    t += 2_000 + Math.floor(random() * 8_000);
    bot('session.transfer', { sessionId, reason: pick(random, transferReasons) });
    const agent = onShift(t, random);
    if (!agent || random() < 0.06) {
      outcome = 'abandoned';
    } else {
      const wait = 15_000 + Math.floor(lognormal(random, 70_000, 0.8));
      t = Math.max(t + wait, agentFreeAt.get(agent) ?? 0);
      const replies = 1 + Math.floor(random() * 3);
      handledBy = agent;
      desk('agent.status_change', { agentId: agent, status: 'busy' });
      for (let r = 0; r < replies; r++) {
        const responseTimeMs = r === 0 ? wait : 10_000 + Math.floor(random() * 50_000);
        if (r > 0) t += responseTimeMs;
        desk('message.agent', { sessionId, agentId: agent, responseTimeMs });
      }
      agentFreeAt.set(agent, t + 30_000);
    }
  } else if (aiReplies > 0 && roll > 0.95) {
    outcome = 'abandoned';
  }

  t += 20_000 + Math.floor(random() * 90_000);
  const reason = outcome === 'abandoned' ? (random() < 0.5 ? 'abandoned' : 'timeout') : 'resolved';
  (outcome === 'agent' ? desk : bot)('session.end', { sessionId, reason });
  // Back to the queue's pool, unless the shift is over by now (the agent's own day logs them out).
  if (handledBy && onShiftAt(handledBy, t)) desk('agent.status_change', { agentId: handledBy, status: 'online' });
  if (outcome !== 'abandoned' && random() < 0.38) {
    t += 5_000 + Math.floor(random() * 60_000);
    const score = outcome === 'ai' ? pick(random, [1, 2, 3, 4, 5], [4, 4, 10, 32, 50]) : pick(random, [1, 2, 3, 4, 5], [3, 5, 12, 35, 45]);
    bot('session.rated', { sessionId, score });
  }
  return out;

  function onShift(at: number, r: () => number): string | undefined {
    const working = demoAgents.filter((a) => onShiftAt(a.id, at));
    return working.length ? working[Math.floor(r() * working.length)]!.id : undefined;
  }

  function onShiftAt(agentId: string, at: number): boolean {
    const hour = DateTime.fromMillis(at, { zone }).hour;
    const shift = demoAgents.find((a) => a.id === agentId)!.shift;
    return hour >= shift[0] && hour < shift[1];
  }
}

/** An agent's day: log in at the shift start, online, a break or two away, log out at the end. */
function agentDay(agent: (typeof demoAgents)[number], dayStart: DateTime, random: () => number, ids: (at: number) => string): DemoEvent[] {
  const out: DemoEvent[] = [];
  const agentId = agent.id;
  const ev = <N extends EventName>(at: number, name: N, fields: EventFields<N>) =>
    out.push(demoEvent(demoProducts.workbench, name, fields, ids(at), at));
  const login = dayStart.plus({ hours: agent.shift[0], minutes: -5 + Math.floor(random() * 15) }).toMillis();
  const logout = dayStart.plus({ hours: agent.shift[1], minutes: Math.floor(random() * 20) }).toMillis();
  ev(login, 'agent.login', { agentId, name: agent.name });
  ev(login + 30_000, 'agent.status_change', { agentId, status: 'online' });
  const breaks = 1 + Math.floor(random() * 2);
  for (let b = 0; b < breaks; b++) {
    const from = login + ((b + 1) * (logout - login)) / (breaks + 1);
    ev(from, 'agent.status_change', { agentId, status: 'away' });
    ev(from + (10 + Math.floor(random() * 25)) * 60_000, 'agent.status_change', { agentId, status: 'online' });
  }
  ev(logout, 'agent.status_change', { agentId, status: 'offline' });
  ev(logout + 5_000, 'agent.logout', { agentId });
  return out;
}

function demoEvent<N extends EventName>(
  product: DemoProduct,
  name: N,
  fields: EventFields<N>,
  id: string,
  at: number,
  coze?: DemoEvent['coze'],
): DemoEvent {
  const stamped = { ...fields, id, occurredAt: new Date(at) } as EventFields<N>;
  return (coze ? { product, name, fields: stamped, coze } : { product, name, fields: stamped }) as unknown as DemoEvent;
}

/** Deterministic UUIDv7 ids: the event's millisecond and 74 seeded bits, so a replayed plan stores nothing twice. */
export function idMaker(random: () => number): (at: number) => string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  return (at) => {
    const time = hex(at, 12);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(random() * 0x1000, 3)}-${hex(0x8000 + random() * 0x4000, 4)}-${hex(random() * 2 ** 24, 6)}${hex(random() * 2 ** 24, 6)}`;
  };
}

function ms(e: DemoEvent): number {
  return (e.fields.occurredAt as Date).getTime();
}

export function occurredAt(e: DemoEvent): Date {
  return e.fields.occurredAt as Date;
}

function pick<T>(random: () => number, values: readonly T[], weights?: readonly number[]): T {
  if (!weights) return values[Math.floor(random() * values.length)]!;
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < values.length; i++) {
    r -= weights[i]!;
    if (r < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

/** A log-normal draw around `median` (sigma = spread): response times have a long right tail. */
function lognormal(random: () => number, median: number, sigma: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
