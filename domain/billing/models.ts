// Billing models (zod): the inputs of billing.* procedures and the shapes they answer. One schema is the type,
// the validator, the tRPC I/O and the OpenAPI shape. Money is a decimal string (exact), never a float.
import { z } from 'zod';
import { InstantInputSchema, LocalDaySchema } from '../local-day.ts';

const day = z.iso.date().describe('a local day (YYYY-MM-DD) in the tenant time zone');
/** A day an input names (within the range every zone's arithmetic holds). */
const inputDay = LocalDaySchema.describe('a local day (YYYY-MM-DD) in the tenant time zone');
const tokens = z.number().int().nonnegative();
const subjectName = z.string().min(1).max(128);

/** A decimal amount with at most 6 decimals, as a string ('2.5'); a number input is accepted and kept exact. */
export const DecimalSchema = z
  .union([z.string(), z.number().nonnegative().finite()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'a non-negative decimal with at most 6 decimals'));

/** An ISO-4217 style currency code, upper case ('USD', 'CNY'). */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'a 3-letter currency code')
  .transform((c) => c.toUpperCase());

/** A decimal money string with 6 decimals (may be negative for a net figure). */
const money = z.string().describe('decimal, 6 places, e.g. "0.012500"');

/** What a price applies to: a model name, or a Coze bot id (Coze reports no model). */
export const PriceSubjectKindSchema = z.enum(['model', 'bot']);
export type PriceSubjectKind = z.infer<typeof PriceSubjectKindSchema>;

/** A range of local days, both included; absent ends default to the current month up to today. */
export const BillingRangeInputSchema = z
  .object({ from: inputDay.optional(), to: inputDay.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to', path: ['from'] });
export type BillingRangeInput = z.infer<typeof BillingRangeInputSchema>;

/** `billing.recordTokenUsage`: one usage, idempotent by `usageId` (a later record with the same id replaces it). */
export const RecordTokenUsageInputSchema = z
  .object({
    usageId: z.string().min(1).max(256).meta({ description: 'idempotency key, e.g. coze:<chat_id>', example: 'coze:7486120931' }),
    sessionId: z.string().min(1).max(128).optional().meta({ description: 'the session the tokens were spent in', example: 'sess-7f3a9c' }),
    model: subjectName.optional().meta({ description: 'the model (model or botId required); priced by it', example: 'doubao-pro-32k' }),
    botId: subjectName.optional().meta({ description: 'the Coze bot; priced by it when given', example: '7412345678901234567' }),
    tokens: z
      .object({
        input: tokens.meta({ description: 'input (prompt) tokens', example: 1260 }),
        output: tokens.meta({ description: 'output (completion) tokens', example: 310 }),
      })
      .meta({ description: 'the tokens of the call', example: { input: 1260, output: 310 } }),
    occurredAt: InstantInputSchema.optional().meta({ description: 'when the tokens were spent; defaults to now', example: '2026-03-02T09:15:11Z' }),
  })
  .refine((u) => u.model !== undefined || u.botId !== undefined, { message: 'model or botId is required', path: ['model'] });
export type RecordTokenUsageInput = z.input<typeof RecordTokenUsageInputSchema>;

/** A price per million tokens for a model or a bot, valid from `effectiveFrom` until the next price of it. */
export const SetPriceInputSchema = z
  .object({
    model: subjectName.optional().meta({ description: 'the model priced (exactly one of model or botId)', example: 'doubao-pro-32k' }),
    botId: subjectName.optional().meta({ description: 'the Coze bot priced', example: '7412345678901234567' }),
    inputPerMillion: DecimalSchema.meta({ description: 'price of a million input tokens, a decimal string', example: '0.8' }),
    outputPerMillion: DecimalSchema.meta({ description: 'price of a million output tokens, a decimal string', example: '2' }),
    currency: CurrencySchema.meta({ description: 'the currency of both prices (ISO 4217)', example: 'CNY' }),
    effectiveFrom: InstantInputSchema.optional().meta({
      description: 'from when the price applies; defaults to now',
      example: '2026-03-01T00:00:00+08:00',
    }),
  })
  .refine((p) => (p.model === undefined) !== (p.botId === undefined), { message: 'exactly one of model or botId', path: ['model'] });
export type SetPriceInput = z.input<typeof SetPriceInputSchema>;

export const PriceSchema = z.object({
  kind: PriceSubjectKindSchema,
  name: subjectName,
  inputPerMillion: z.string(),
  outputPerMillion: z.string(),
  currency: z.string(),
  effectiveFrom: z.iso.datetime(),
});
export type Price = z.infer<typeof PriceSchema>;

/** A plan: a token allowance per monthly period (local calendar month of the tenant). */
export const PlanSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  monthlyTokenAllowance: tokens,
});
export type Plan = z.infer<typeof PlanSchema>;

export const SetPlanInputSchema = z.object({
  planId: z.string().min(1).max(64).nullable().meta({ description: 'a plan of billing.plans, or null for none', example: 'pro' }),
});

const TokenCounts = { inputTokens: tokens, outputTokens: tokens, totalTokens: tokens };

/** A cost in one currency. Costs in different currencies are never added together. */
export const MoneySchema = z.object({ currency: z.string(), cost: money });
export type Money = z.infer<typeof MoneySchema>;

/** One row of the usage table: a local day, a model or bot, and the currency its tokens were priced in. */
export const UsageRowSchema = z.object({
  day,
  kind: PriceSubjectKindSchema,
  name: subjectName,
  ...TokenCounts,
  cost: money.nullable().describe('null when no price applied: unpriced, never 0'),
  currency: z.string().nullable(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

const GroupSchema = z.object({
  ...TokenCounts,
  costs: MoneySchema.array().describe('one entry per currency'),
  unpricedTokens: tokens.describe('tokens with no price: their cost is unknown, not 0'),
});

/** `billing.usage`: tokens and cost by day (every day of the range) and by model or bot. */
export const BillingUsageSchema = z.object({
  from: day,
  to: day,
  timeZone: z.string(),
  ...GroupSchema.shape,
  unpriced: z.object({ ...TokenCounts, subjects: z.object({ kind: PriceSubjectKindSchema, name: subjectName }).array() }),
  days: GroupSchema.extend({ day }).array(),
  models: GroupSchema.extend({ kind: PriceSubjectKindSchema, name: subjectName }).array(),
  rows: UsageRowSchema.array(),
});
export type BillingUsage = z.infer<typeof BillingUsageSchema>;

const unknownWhen = "null (unknown) when any of its tokens has no price or is priced in another currency than the tenant's";

/**
 * `billing.roi`: what AI resolutions saved against what their tokens cost, in the tenant's currency. Every figure that
 * depends on token cost is null (unknown) when any of its tokens has no price or is priced in another currency; its
 * known part is given beside it under its own name, with the unpriced tokens and the other-currency costs.
 */
export const RoiSchema = z.object({
  from: day,
  to: day,
  currency: z.string().describe("the tenant's currency; costs in other currencies are listed apart, never converted"),
  humanCostPerSession: money,
  aiResolved: tokens.describe('sessions ended in the range with outcome ai'),
  saved: money.describe('aiResolved × humanCostPerSession'),
  cost: money.nullable().describe(`token cost of the range in the tenant currency; ${unknownWhen}`),
  knownCost: money.describe('cost of the tokens of the range priced in the tenant currency: cost when known, else its known part'),
  net: money.nullable().describe(`saved − cost; ${unknownWhen}`),
  netOfKnownCost: money.describe('saved − knownCost: net when the cost is known, else the most net can be'),
  roi: z.number().nullable().describe(`net / cost; null when cost = 0, and ${unknownWhen}`),
  costPerAiResolved: money
    .nullable()
    .describe(`cost of the tokens of AI-resolved sessions / aiResolved; null when aiResolved = 0, and ${unknownWhen}`),
  knownCostPerAiResolved: money.nullable().describe('the known part: tenant-currency cost of the tokens of AI-resolved sessions / aiResolved'),
  fullyLoadedCostPerAiResolved: money.nullable().describe(`cost / aiResolved; null when aiResolved = 0, and ${unknownWhen}`),
  knownFullyLoadedCostPerAiResolved: money.nullable().describe('the known part: knownCost / aiResolved'),
  aiResolvedUsage: GroupSchema.describe('tokens of the AI-resolved sessions (whenever they occurred): what costPerAiResolved is made of'),
  handedOff: GroupSchema.describe('tokens of the range spent on sessions later handed to humans'),
  otherCurrencies: MoneySchema.array().describe('token costs of the range in other currencies: they make cost unknown, never converted'),
  unpricedTokens: tokens.describe('tokens of the range with no price: they make cost unknown, never 0'),
  unknownCostSubjects: z
    .object({ kind: PriceSubjectKindSchema, name: subjectName, currency: z.string().nullable().describe('null: no price') })
    .array()
    .describe("the models and bots whose tokens of the range make cost unknown: to price (in the tenant's currency)"),
});
export type Roi = z.infer<typeof RoiSchema>;

export const quotaThresholds = [80, 95, 100] as const;

/** `billing.quota`: the current monthly period's allowance, use and projection. */
export const QuotaSchema = z.object({
  planId: z.string().nullable(),
  planName: z.string().nullable(),
  periodStart: day,
  periodEnd: day.describe('last day of the period'),
  allowance: tokens.nullable().describe('null without a plan'),
  used: tokens,
  remaining: tokens.nullable().describe('never below 0'),
  percent: z.number().nullable().describe('used / allowance × 100'),
  projectedUse: tokens.describe('tokens by the end of the period at the rate so far'),
  projectedRunOut: day.nullable().describe('local day the allowance runs out at the current rate; null if not this period'),
  thresholdsCrossed: z.array(z.union([z.literal(80), z.literal(95), z.literal(100)])),
});
export type Quota = z.infer<typeof QuotaSchema>;

/** One session's token usage and cost (for the session's own page). */
export const SessionUsageSchema = GroupSchema;
export type SessionUsage = z.infer<typeof SessionUsageSchema>;

export const RecordTokenUsageResultSchema = z.object({ usageId: z.string(), replaced: z.boolean() });
