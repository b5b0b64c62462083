// Result models of the efficiency stats (zod: the type, the tRPC output and the OpenAPI shape in one).
import { z } from 'zod';

const rate = z.number().nullable().describe('0..1, null when the denominator is 0');
export const DistributionSchema = z.object({
  count: z.number().int(),
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
});
export type Distribution = z.infer<typeof DistributionSchema>;

export const SatisfactionSchema = z.object({
  counts: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
  total: z.number().int(),
  mean: z.number().nullable(),
  csat: rate.describe('(4 + 5) / all ratings'),
});
export type Satisfaction = z.infer<typeof SatisfactionSchema>;

const lookups = z.object({ count: z.number().int(), found: z.number().int(), foundRate: rate });

/** Every metric of CONTRACT.md for one period (a day, part of a day, or a range of days). */
export const PeriodMetricsSchema = z.object({
  sessions: z.number().int().describe('session.start events in the period'),
  ended: z.number().int().describe('sessions ended in the period'),
  aiResolved: z.number().int(),
  agentHandled: z.number().int(),
  abandoned: z.number().int(),
  aiResolutionRate: rate,
  transferred: z.number().int().describe('sessions transferred in the period'),
  transferRate: rate,
  messages: z.object({ user: z.number().int(), ai: z.number().int(), agent: z.number().int() }),
  aiResponseMs: DistributionSchema,
  agentFirstResponseMs: DistributionSchema,
  durationSec: DistributionSchema,
  satisfaction: SatisfactionSchema,
  orderQueries: lookups,
  trackingQueries: lookups,
});
export type PeriodMetrics = z.infer<typeof PeriodMetricsSchema>;

/** One local day's metrics. */
export const DailyStatsSchema = PeriodMetricsSchema.extend({ day: z.iso.date() });
export type DailyStats = z.infer<typeof DailyStatsSchema>;
