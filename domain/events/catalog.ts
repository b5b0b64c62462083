// The event catalog of docs/events.md: one zod schema per event's `data`, and which envelope fields it requires.
import { z } from 'zod';

const count = z.number().int().nonnegative();
const tokens = z.number().int().nonnegative().max(2_000_000_000);
const shortText = (max: number) => z.string().min(1).max(max);

/** Keys the envelope may be asked to carry, per event. */
export type EnvelopeField = 'sessionId' | 'agentId' | 'channel';

interface CatalogEntry<S extends z.ZodType> {
  readonly data: S;
  readonly requires: readonly EnvelopeField[];
}

function entry<S extends z.ZodType>(data: S, requires: readonly EnvelopeField[] = []): CatalogEntry<S> {
  return { data, requires };
}

/** Every event the service accepts. Unknown keys in `data` are kept but never used for metrics. */
export const eventCatalog = {
  'session.start': entry(z.looseObject({ customerId: shortText(128).optional(), locale: shortText(35).optional() }), ['sessionId', 'channel']),
  'message.user': entry(z.looseObject({ length: count.optional() }), ['sessionId']),
  'message.ai': entry(
    z.looseObject({
      responseTimeMs: count,
      model: shortText(128).optional(),
      inputTokens: tokens.optional(),
      outputTokens: tokens.optional(),
      intent: shortText(128).optional(),
    }),
    ['sessionId'],
  ),
  'session.transfer': entry(z.looseObject({ reason: shortText(256).optional(), toAgentId: shortText(128).optional() }), ['sessionId']),
  'message.agent': entry(z.looseObject({ responseTimeMs: count.optional() }), ['sessionId', 'agentId']),
  'session.end': entry(z.looseObject({ reason: z.enum(['resolved', 'abandoned', 'timeout']).optional() }), ['sessionId']),
  'session.rated': entry(z.looseObject({ score: z.number().int().min(1).max(5), comment: z.string().max(4000).optional() }), ['sessionId']),
  'order.query': entry(z.looseObject({ found: z.boolean(), orderId: shortText(128).optional() }), ['sessionId']),
  'tracking.query': entry(z.looseObject({ found: z.boolean(), carrier: shortText(128).optional() }), ['sessionId']),
  'agent.login': entry(z.looseObject({ name: shortText(256).optional() }), ['agentId']),
  'agent.logout': entry(z.looseObject({}), ['agentId']),
  'agent.status_change': entry(z.looseObject({ status: z.enum(['online', 'busy', 'away', 'offline']) }), ['agentId']),
  'llm.usage': entry(
    z
      .looseObject({
        usageId: shortText(256),
        model: shortText(128).optional(),
        botId: shortText(128).optional(),
        inputTokens: tokens,
        outputTokens: tokens,
      })
      .refine((d) => d.model !== undefined || d.botId !== undefined, {
        message: 'model or botId is required',
        path: ['model'],
      }),
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
