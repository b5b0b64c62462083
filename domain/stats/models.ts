// Result models of the efficiency stats (zod: the type, the tRPC output and the OpenAPI shape in one).
import { z } from 'zod';
import { dayCount, MAX_RANGE_DAYS } from '../day-range.ts';
import { LocalDaySchema } from '../local-day.ts';

const rate = z.number().nullable().describe('0..1, null when the denominator is 0');
/** How exact a percentile is: nearest rank over values kept to 3 significant digits (domain/stats/counters.ts bucketOf). */
const percentile = (p: number, name: string) =>
  z
    .number()
    .nullable()
    .describe(
      `${name}: nearest rank, as percentile_disc(${p}), over values kept to 3 significant digits in ms (exact below 1,000 ms), ` +
        'so within 0.5 % of the exact figure (e.g. 12,345 ms reads as 12,300); null with no values',
    );
export const DistributionSchema = z.object({
  count: z.number().int(),
  mean: z.number().nullable().describe('exact: the sum of the values over their count; null with no values'),
  p50: percentile(0.5, 'median'),
  p90: percentile(0.9, '90th percentile'),
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

/** Every metric of docs/metrics.md for one period (a day, part of a day, or a range of days). */
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

// ---- Dashboard reads (DashboardStats): figures with their change, trend, satisfaction ----

const localDate = z.iso.date();
const instant = z.iso.datetime({ offset: true });

/** Every figure of the dashboard by a stable key (also its i18n key). */
export const FigureKeySchema = z.enum([
  'sessions',
  'ended',
  'aiResolved',
  'agentHandled',
  'abandoned',
  'aiResolutionRate',
  'transferred',
  'transferRate',
  'messages.user',
  'messages.ai',
  'messages.agent',
  'aiResponseMs.mean',
  'aiResponseMs.p50',
  'aiResponseMs.p90',
  'agentFirstResponseMs.count',
  'agentFirstResponseMs.mean',
  'agentFirstResponseMs.p50',
  'agentFirstResponseMs.p90',
  'durationSec.mean',
  'durationSec.p50',
  'satisfaction.total',
  'satisfaction.mean',
  'satisfaction.csat',
  'orderQueries.count',
  'orderQueries.foundRate',
  'trackingQueries.count',
  'trackingQueries.foundRate',
]);
export type FigureKey = z.infer<typeof FigureKeySchema>;

/** What a figure counts: sessions by the instant named (docs/metrics.md cohorts), or events occurring in the period. */
export const FigureCohortSchema = z.enum(['started', 'transferred', 'ended', 'firstAgentReply', 'rated', 'events']);

/** The `sessions.list` input (without the period) that lists exactly the sessions a count counts. */
export const DrillDownSchema = z.object({
  cohort: z.enum(['started', 'transferred', 'ended', 'firstAgentReply', 'rated']),
  outcome: z.array(z.enum(['ai', 'agent', 'abandoned'])).optional(),
  score: z.array(z.number().int()).optional(),
});
export type DrillDown = z.infer<typeof DrillDownSchema>;

/** One figure now and before: change = (value - previous) / previous, null when previous is 0 or unknown. */
export const FigureSchema = z.object({
  key: FigureKeySchema,
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  cohort: FigureCohortSchema,
  drillDown: DrillDownSchema.nullable().describe('null: not a count of sessions'),
});
export type Figure = z.infer<typeof FigureSchema>;

/** `stats.today`: today so far against yesterday up to the same local time. */
export const TodayStatsSchema = z.object({
  day: localDate,
  timeZone: z.string(),
  asOf: instant,
  /** Yesterday's window compared against: [previousFrom, previousTo). */
  previousFrom: instant,
  previousTo: instant,
  current: PeriodMetricsSchema,
  previous: PeriodMetricsSchema,
  figures: z.array(FigureSchema),
});
export type TodayStats = z.infer<typeof TodayStatsSchema>;

/**
 * A Dashboard range: the last `days` local days (today included; 7 when nothing is given), or `from`..`to` (local days,
 * both included, at most MAX_RANGE_DAYS). Its change is against the range of as many days just before it.
 */
export const DashboardRangeInputSchema = z
  .object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(90)
      .optional()
      .meta({ description: 'the last N local days, today included (1..90, default 7); or give from and to', example: 30 }),
    from: LocalDaySchema.optional().describe('the first local day of the range, with to'),
    to: LocalDaySchema.optional().describe(`the last local day of the range (included), with from; at most ${MAX_RANGE_DAYS} days`),
  })
  .superRefine((v, ctx) => {
    const issue = (path: 'days' | 'from' | 'to', message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.from !== undefined && v.to === undefined) issue('to', 'required with from');
    else if (v.to !== undefined && v.from === undefined) issue('from', 'required with to');
    else if (v.days !== undefined && v.from !== undefined) issue('days', 'give days, or from and to');
    else if (v.from && v.to && v.from > v.to) issue('from', 'must not be after to');
    else if (v.from && v.to && dayCount(v.from, v.to) > MAX_RANGE_DAYS) issue('to', `a range spans at most ${MAX_RANGE_DAYS} days`);
  })
  .default({});
export type DashboardRangeInput = z.input<typeof DashboardRangeInputSchema>;

/** `stats.trend` input: a Dashboard range. */
export const TrendInputSchema = DashboardRangeInputSchema;
export type TrendInput = DashboardRangeInput;

/** `stats.trend`: one row per local day (quiet days as zero rows), range totals and change vs the N days before. */
export const TrendSchema = z.object({
  days: z.number().int(),
  timeZone: z.string(),
  asOf: instant,
  from: localDate,
  to: localDate,
  previousFrom: localDate,
  previousTo: localDate,
  rows: z.array(DailyStatsSchema),
  totals: PeriodMetricsSchema,
  previous: PeriodMetricsSchema,
  figures: z.array(FigureSchema),
});
export type Trend = z.infer<typeof TrendSchema>;

/** `stats.satisfaction` input: a Dashboard range, as `stats.trend` takes it. */
export const SatisfactionInputSchema = DashboardRangeInputSchema;
export type SatisfactionInput = DashboardRangeInput;

/** `stats.satisfaction`: ratings of sessions last rated in the range, by score, per day, and vs the range before. */
export const SatisfactionStatsSchema = z.object({
  timeZone: z.string(),
  from: localDate,
  to: localDate,
  satisfaction: SatisfactionSchema,
  previous: SatisfactionSchema,
  change: z.object({ total: z.number().nullable(), mean: z.number().nullable(), csat: z.number().nullable() }),
  byDay: z.array(SatisfactionSchema.extend({ day: localDate })),
});
export type SatisfactionStats = z.infer<typeof SatisfactionStatsSchema>;
