// Efficiency Dashboard: today against yesterday so far, a range's trend (the last N days or from–to), satisfaction.
import { SatisfactionInputSchema, SatisfactionStatsSchema, TodayStatsSchema, TrendInputSchema, TrendSchema } from '../../../domain/stats/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const statsRouter = router({
  today: scoped('read')
    .meta(
      getRoute('/stats/today', 'Today so far, against yesterday up to the same local time', {
        description:
          'Every Dashboard figure for the tenant’s local today, and its change against yesterday up to the same local time (`null` when yesterday had none).',
      }),
    )
    .input(NoInputSchema)
    .output(TodayStatsSchema)
    .query(({ ctx }) => ctx.deps.stats.getTodayStats(ctx.tenantId)),
  trend: scoped('read')
    .meta(
      getRoute(
        '/stats/trend',
        'One row per local day of the range (`from`..`to`, or the last `days`, 1..90, default 7), totals, and the change against the range of as many days just before it',
        { description: 'Multi-day figures are computed over the whole range, never averaged from daily figures. Also as CSV at `/stats/trend.csv`.' },
      ),
    )
    .input(TrendInputSchema.optional())
    .output(TrendSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getTrend(ctx.tenantId, input ?? {})),
  satisfaction: scoped('read')
    .meta(
      getRoute('/stats/satisfaction', 'Ratings by score and day, mean and CSAT, against the period before', {
        description: 'The last rating of each session counts. CSAT is the share of 4 and 5 among all ratings.',
      }),
    )
    .input(SatisfactionInputSchema.optional())
    .output(SatisfactionStatsSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getSatisfaction(ctx.tenantId, input ?? {})),
});
