// Result and input models of the sessions drill-down (zod: the type, the tRPC I/O and the OpenAPI shape in one).
import { z } from 'zod';
import { MoneySchema, PriceSubjectKindSchema } from '../billing/models.ts';
import { LocalDaySchema } from '../local-day.ts';
import { QualityAuditRecordSchema } from '../quality/models.ts';

/**
 * Which instant of a session a period filters on, so a list counts exactly what a figure counts:
 * `started` (session.start), `transferred` (first transfer), `ended` (session.end; outcome figures),
 * `firstAgentReply` (first agent reply after a transfer; agentFirstResponseMs), `rated` (last rating; satisfaction).
 * `active` and `queued` are states now (Monitoring) and ignore the period.
 */
export const SessionCohortSchema = z.enum(['started', 'transferred', 'ended', 'firstAgentReply', 'rated', 'active', 'queued']);
export type SessionCohort = z.infer<typeof SessionCohortSchema>;

export const OutcomeSchema = z.enum(['ai', 'agent', 'abandoned']);

/** A list filter: accepts one value or several (multi-select), from a query string or JSON. */
const many = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).max(100)])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[])
    .optional();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional();
const localDate = LocalDaySchema;

/** Input of `sessions.list`: the sessions behind a count. `day`, or `from`..`to` (local days, both included). */
export const SessionListInputSchema = z
  .object({
    cohort: SessionCohortSchema.default('started').meta({
      description: 'which sessions count in the period: started, transferred, ended, first agent reply or rated in it (a figure’s own)',
      example: 'ended',
    }),
    day: localDate.optional().describe('one local day (tenant zone); default today'),
    from: localDate.optional().describe('first local day of a range (with `to`)'),
    to: localDate.optional().describe('last local day of a range, included'),
    outcome: many(OutcomeSchema).meta({ description: 'only ended sessions of these outcomes (repeat the parameter for several)', example: 'ai' }),
    channel: many(z.string().min(1).max(32)).meta({ description: 'only sessions of these channels', example: 'web' }),
    agentId: many(z.string().min(1).max(128)).meta({ description: 'only sessions these agents replied in', example: 'agent-li' }),
    transferred: flag,
    rated: flag,
    score: many(z.coerce.number().int().min(1).max(5)).meta({ description: 'only sessions last rated with these scores', example: 5 }),
    page: z.coerce.number().int().min(1).default(1).meta({ description: 'the page, from 1', example: 1 }),
    size: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'sessions per page (1..100, default 25)', example: 25 }),
  })
  .refine((v) => !(v.day && (v.from || v.to)), { message: 'give day, or from and to, not both', path: ['day'] })
  .refine((v) => (v.from === undefined) === (v.to === undefined), { message: 'from and to go together', path: ['to'] })
  .refine((v) => !(v.from && v.to && v.from > v.to), { message: 'from is after to', path: ['from'] });
export type SessionListInput = z.input<typeof SessionListInputSchema>;
export type SessionListFilter = z.output<typeof SessionListInputSchema>;

const instant = z.iso.datetime({ offset: true });

/** One session as listed: its facts, outcome and derived times. */
export const SessionSummarySchema = z.object({
  sessionId: z.string(),
  channel: z.string().nullable(),
  customerId: z.string().nullable(),
  agentId: z.string().nullable(),
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
  endReason: z.string().nullable(),
  lastEventAt: instant,
  firstTransferAt: instant.nullable(),
  firstAgentReplyAt: instant.nullable().describe('the first agent reply at or after the first transfer; null without a transfer'),
  outcome: OutcomeSchema.nullable().describe('null while the session has not ended'),
  queued: z.boolean(),
  transferred: z.boolean(),
  messages: z.object({ user: z.number().int(), ai: z.number().int(), agent: z.number().int() }),
  rating: z.number().int().nullable(),
  ratedAt: instant.nullable(),
  agentFirstResponseMs: z
    .number()
    .nullable()
    .describe('firstAgentReplyAt minus firstTransferAt; a reply before the transfer does not count; null without a transfer'),
  durationSec: z.number().nullable(),
  orderQueries: z.number().int(),
  orderNotFound: z.number().int(),
  trackingQueries: z.number().int(),
  trackingNotFound: z.number().int(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** Output of `sessions.list`: `total` is the count the list was opened from. */
export const SessionListSchema = z.object({
  cohort: SessionCohortSchema,
  from: instant.nullable().describe('the period [from, to) the cohort instant falls in; null for active/queued'),
  to: instant.nullable(),
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  items: z.array(SessionSummarySchema),
});
export type SessionList = z.infer<typeof SessionListSchema>;

export const SessionGetInputSchema = z.object({
  sessionId: z.string().min(1).max(128).meta({ description: 'the session, as its events name it', example: 'sess-7f3a9c' }),
});

/** One stored event of a session's timeline. */
export const TimelineEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  occurredAt: instant,
  agentId: z.string().nullable(),
  channel: z.string().nullable(),
  product: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

const money = z.string().describe('decimal, 6 places, e.g. "0.012500"');
const tokens = z.number().int();

/** One token usage of a session, priced at its own instant. */
export const UsageLineSchema = z.object({
  usageId: z.string().describe('its idempotency key (`llm.usage` usageId, a `message.ai` event id, or the API usageId)'),
  occurredAt: instant,
  source: z.enum(['message.ai', 'llm.usage', 'api']),
  kind: PriceSubjectKindSchema.describe('priced by its model, or by its Coze bot'),
  name: z.string().describe('the model or bot it is priced by'),
  model: z.string().nullable(),
  inputTokens: tokens,
  outputTokens: tokens,
  price: z
    .object({ currency: z.string(), inputPerMillion: money, outputPerMillion: money, effectiveFrom: instant })
    .nullable()
    .describe('the price in force at occurredAt; null: unpriced'),
  cost: money.nullable().describe("in the price's currency; null when unpriced (unknown, never 0)"),
});
export type UsageLine = z.infer<typeof UsageLineSchema>;

/** A session's token usage: its lines and their sums. */
export const SessionUsageSchema = z.object({
  items: z.array(UsageLineSchema).describe('oldest first'),
  totals: z.object({
    inputTokens: tokens,
    outputTokens: tokens,
    totalTokens: tokens,
    unpricedTokens: tokens.describe('tokens with no price: their cost is unknown, not 0'),
    knownCosts: MoneySchema.array().describe('the cost of the priced usage, one entry per currency (never converted)'),
    cost: money
      .nullable()
      .describe('the whole cost, in `currency`; null when any usage is unpriced, costs are in several currencies, or there is no usage'),
    currency: z.string().nullable(),
  }),
});
export type SessionUsage = z.infer<typeof SessionUsageSchema>;

/** Output of `sessions.get`: the whole session, its facts, timeline, token usage and audits. */
export const SessionDetailSchema = z.object({
  session: SessionSummarySchema,
  timeline: z.array(TimelineEventSchema),
  usage: SessionUsageSchema.nullable().describe('null for a caller who may not see billing (an `agent` user)'),
  audits: z.array(QualityAuditRecordSchema).describe('every audit of exactly this session (auto and manual), newest first'),
});
export type SessionDetail = z.infer<typeof SessionDetailSchema>;
