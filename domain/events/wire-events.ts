// Each event of the catalog as it travels over HTTP: the envelope with its `name` fixed, the envelope fields that
// event requires, and its own `data` schema, with a realistic example. Built from catalog.ts and envelope.ts (never
// written twice); the OpenAPI document describes ingest.track's events as the union of these, keyed on `name`.
import { z } from 'zod';
import { eventCatalog, eventNames, type EventData, type EventName } from './catalog.ts';
import { EventInputSchema, MAX_DATA_BYTES, MAX_FUTURE_SKEW_MS } from './envelope.ts';

/** An example of event N, as a product would send it. */
type WireExample<N extends EventName> = { name: N; data?: EventData<N> } & Omit<z.input<typeof EventInputSchema>, 'name' | 'data' | 'occurredAt'> & {
    occurredAt: string;
  };

const session = { sessionId: 'sess-7f3a9c', product: 'ai_chatbot' } as const;
const agent = { agentId: 'agent-li', product: 'agent_workbench' } as const;
/** A UUIDv7 of the example conversation (its last digits the event's place in it). */
const id = (n: number) => `01954f3a-6b00-7c1e-8a3b-4d5e6f7a8b${String(n).padStart(2, '0')}`;

/** One example per event: a web chat answered by the bot, handed to an agent, then ended and rated. */
export const wireEventExamples: { readonly [N in EventName]: WireExample<N> } = {
  'session.start': {
    id: id(1),
    name: 'session.start',
    occurredAt: '2026-03-02T09:15:00.000Z',
    ...session,
    channel: 'web',
    data: { customerId: 'cust-10482', locale: 'zh-CN' },
  },
  'message.user': { id: id(2), name: 'message.user', occurredAt: '2026-03-02T09:15:08.000Z', ...session, data: { length: 42 } },
  'message.ai': {
    id: id(3),
    name: 'message.ai',
    occurredAt: '2026-03-02T09:15:09.350Z',
    ...session,
    data: { responseTimeMs: 1350, model: 'doubao-pro-32k', inputTokens: 812, outputTokens: 164, intent: 'order_status' },
  },
  'order.query': {
    id: id(4),
    name: 'order.query',
    occurredAt: '2026-03-02T09:15:09.900Z',
    ...session,
    data: { found: true, orderId: 'SO-20260302-0193' },
  },
  'tracking.query': {
    id: id(5),
    name: 'tracking.query',
    occurredAt: '2026-03-02T09:15:10.400Z',
    ...session,
    data: { found: false, carrier: 'SF Express' },
  },
  'llm.usage': {
    id: id(6),
    name: 'llm.usage',
    occurredAt: '2026-03-02T09:15:11.000Z',
    product: 'ai_chatbot',
    data: { usageId: 'coze:7486120931', botId: '7412345678901234567', inputTokens: 1260, outputTokens: 310 },
  },
  'agent.login': { id: id(7), name: 'agent.login', occurredAt: '2026-03-02T08:58:00.000Z', ...agent, data: { name: 'Li Na' } },
  'agent.status_change': { id: id(8), name: 'agent.status_change', occurredAt: '2026-03-02T08:58:05.000Z', ...agent, data: { status: 'online' } },
  'session.transfer': {
    id: id(9),
    name: 'session.transfer',
    occurredAt: '2026-03-02T09:16:30.000Z',
    ...session,
    data: { reason: 'customer asked for a human', toAgentId: 'agent-li' },
  },
  'message.agent': {
    id: id(10),
    name: 'message.agent',
    occurredAt: '2026-03-02T09:17:18.000Z',
    ...session,
    agentId: 'agent-li',
    product: 'agent_workbench',
    data: { responseTimeMs: 48000 },
  },
  'session.end': { id: id(11), name: 'session.end', occurredAt: '2026-03-02T09:21:40.000Z', ...session, data: { reason: 'resolved' } },
  'session.rated': {
    id: id(12),
    name: 'session.rated',
    occurredAt: '2026-03-02T09:21:55.000Z',
    ...session,
    data: { score: 5, comment: 'Quick and clear, thanks' },
  },
  'agent.logout': { id: id(13), name: 'agent.logout', occurredAt: '2026-03-02T17:30:00.000Z', ...agent },
};

/** A small batch as ingest.track takes it: a conversation the bot resolved. */
export const wireBatchExample = {
  events: (['session.start', 'message.user', 'message.ai', 'session.end'] as const).map((name) => wireEventExamples[name]),
};

const envelope = EventInputSchema.shape;

/**
 * Event N over HTTP: `occurredAt` as an ISO-8601 string (a Date only in-process), the fields N requires required,
 * `data` N's schema (required when it has required keys).
 */
function wireEventSchema<N extends EventName>(name: N) {
  const entry = eventCatalog[name];
  const required = Object.fromEntries(entry.requires.map((field) => [field, envelope[field].nonoptional()]));
  const data = entry.data.safeParse({}).success ? entry.data.optional() : entry.data;
  return z
    .object({
      ...envelope,
      name: z.literal(name).describe(entry.about),
      occurredAt: z.iso
        .datetime({ offset: true })
        .optional()
        .describe(
          `Defaults to the time of receipt. Rejected when more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes in the future or older than the retention period.`,
        ),
      ...required,
      data: data.describe(`Unknown keys are kept but never trusted for metrics. At most ${MAX_DATA_BYTES / 1024} KiB serialized.`),
    })
    .meta({ examples: [wireEventExamples[name]] });
}

/** Every event of the catalog over HTTP, by name. */
export const wireEventSchemas = Object.fromEntries(eventNames.map((name) => [name, wireEventSchema(name)])) as {
  readonly [N in EventName]: ReturnType<typeof wireEventSchema<N>>;
};
