// The event catalog of docs/events.md: one zod schema per event's `data` (each field described), which envelope fields
// it requires, which products send it and what it means. docs/events.md is rendered from here (catalog-doc.ts).
import { z } from 'zod';

const count = z.number().int().nonnegative();
const tokens = z.number().int().nonnegative().max(2_000_000_000);
const shortText = (max: number) => z.string().min(1).max(max);

/** Keys the envelope may be asked to carry, per event. */
export type EnvelopeField = 'sessionId' | 'agentId' | 'channel';

/** The products that send the catalog's events. */
export const products = {
  ai_chatbot: 'the AI customer-service bot (on Coze)',
  agent_workbench: 'where human agents take over conversations',
} as const;
export type Product = keyof typeof products;

const chatbot: readonly Product[] = ['ai_chatbot'];
const workbench: readonly Product[] = ['agent_workbench'];
const either: readonly Product[] = ['ai_chatbot', 'agent_workbench'];

interface CatalogEntry<S extends z.ZodType> {
  readonly data: S;
  readonly requires: readonly EnvelopeField[];
  /** The products that send it. */
  readonly from: readonly Product[];
  /** What it records, in a sentence or two. */
  readonly about: string;
}

function entry<S extends z.ZodType>(from: readonly Product[], about: string, data: S, requires: readonly EnvelopeField[] = []): CatalogEntry<S> {
  return { data, requires, from, about };
}

/** Every event the service accepts. Unknown keys in `data` are kept but never used for metrics. */
export const eventCatalog = {
  'session.start': entry(
    chatbot,
    'A customer opens a conversation. Its `channel` is inherited by the later events of the session.',
    z.looseObject({
      customerId: shortText(128).optional().describe("the customer's id in the product"),
      locale: shortText(35).optional().describe('the language of the conversation, e.g. `zh-CN`'),
    }),
    ['sessionId', 'channel'],
  ),
  'message.user': entry(
    chatbot,
    'The customer writes.',
    z.looseObject({ length: count.optional().describe("characters in the customer's message") }),
    ['sessionId'],
  ),
  'message.ai': entry(
    chatbot,
    'The AI answers. With tokens, the event is also a token usage whose key is the event `id`.',
    z.looseObject({
      responseTimeMs: count.describe("from the customer's message to the AI's answer"),
      model: shortText(128).optional().describe('the model that answered; its tokens are priced by it'),
      inputTokens: tokens.optional().describe('input tokens of this answer'),
      outputTokens: tokens.optional().describe('output tokens of this answer'),
      intent: shortText(128).optional().describe('what the bot understood the customer wants, e.g. `order_status`'),
    }),
    ['sessionId'],
  ),
  'session.transfer': entry(
    either,
    'The AI hands the session to humans; it waits in the queue until an agent replies.',
    z.looseObject({
      reason: shortText(256).optional().describe('why the session was handed over'),
      toAgentId: shortText(128).optional().describe('the agent it was handed to, when one was chosen'),
    }),
    ['sessionId'],
  ),
  'message.agent': entry(
    workbench,
    'A human agent replies.',
    z.looseObject({ responseTimeMs: count.optional().describe('how long the agent took to reply') }),
    ['sessionId', 'agentId'],
  ),
  'session.end': entry(
    either,
    'The session ends. Its outcome (ai, agent, abandoned) is derived from its events, not from `reason`.',
    z.looseObject({ reason: z.enum(['resolved', 'abandoned', 'timeout']).optional().describe('why it ended') }),
    ['sessionId'],
  ),
  'session.rated': entry(
    either,
    'The customer rates the session. The last rating of a session counts.',
    z.looseObject({
      score: z.number().int().min(1).max(5).describe('1 (worst) to 5 (best)'),
      comment: z.string().max(4000).optional().describe("the customer's words"),
    }),
    ['sessionId'],
  ),
  'order.query': entry(
    chatbot,
    'The bot looks up an order for the customer.',
    z.looseObject({
      found: z.boolean().describe('whether the order was found'),
      orderId: shortText(128).optional().describe('the order looked up'),
    }),
    ['sessionId'],
  ),
  'tracking.query': entry(
    chatbot,
    'The bot looks up a parcel for the customer.',
    z.looseObject({
      found: z.boolean().describe('whether tracking information was found'),
      carrier: shortText(128).optional().describe('the carrier asked'),
    }),
    ['sessionId'],
  ),
  'agent.login': entry(
    workbench,
    'An agent signs in to the workbench.',
    z.looseObject({ name: shortText(256).optional().describe("the agent's display name") }),
    ['agentId'],
  ),
  'agent.logout': entry(workbench, 'An agent signs out.', z.looseObject({}), ['agentId']),
  'agent.status_change': entry(
    workbench,
    'An agent changes status (also recorded by `realtime.setAgentStatus`).',
    z.looseObject({ status: z.enum(['online', 'busy', 'away', 'offline']).describe('the new status') }),
    ['agentId'],
  ),
  'llm.usage': entry(
    chatbot,
    'One LLM call consumed tokens (e.g. a completed Coze chat). Each `usageId` counts once.',
    z
      .looseObject({
        usageId: shortText(256).describe('idempotency key of the usage, e.g. `coze:<chat_id>`'),
        model: shortText(128).optional().describe('the model, when known; priced by it when there is no `botId`'),
        botId: shortText(128).optional().describe('the Coze bot; priced by it when given (Coze reports no model)'),
        inputTokens: tokens.describe('input tokens of the call'),
        outputTokens: tokens.describe('output tokens of the call'),
      })
      .refine((d) => d.model !== undefined || d.botId !== undefined, {
        message: 'model or botId is required',
        path: ['model'],
      })
      // The refinement as JSON Schema says it (the OpenAPI document).
      .meta({ anyOf: [{ required: ['model'] }, { required: ['botId'] }] }),
  ),
} as const;

export type EventName = keyof typeof eventCatalog;
export const eventNames = Object.keys(eventCatalog) as EventName[];
export const EventNameSchema = z.enum(eventNames as [EventName, ...EventName[]]);

/** What a product passes as `data` for event N (inputs: optional keys may be left out). */
export type EventData<N extends EventName> = z.input<(typeof eventCatalog)[N]['data']>;

export const agentStatuses = ['online', 'busy', 'away', 'offline'] as const;
export type AgentStatusName = (typeof agentStatuses)[number];
export const endReasons = ['resolved', 'abandoned', 'timeout'] as const;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventCatalog, name);
}
