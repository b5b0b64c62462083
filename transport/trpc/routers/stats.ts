// Efficiency Dashboard: today against yesterday so far, a range's trend (the last N days or from–to), satisfaction.
import { SatisfactionInputSchema, SatisfactionStatsSchema, TodayStatsSchema, TrendInputSchema, TrendSchema } from '../../../domain/stats/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const statsRouter = router({
  today: scoped('read')
    .meta(getRoute('/stats/today', 'Today so far, against yesterday up to the same local time'))
    .input(NoInputSchema)
    .output(TodayStatsSchema)
    .query(({ ctx }) => ctx.deps.stats.getTodayStats(ctx.tenantId)),
  trend: scoped('read')
    .meta(
      getRoute(
        '/stats/trend',
        'One row per local day of the range (`from`..`to`, or the last `days`, 1..90, default 7), totals, and the change against the range of as many days just before it',
      ),
    )
    .input(TrendInputSchema.optional())
    .output(TrendSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getTrend(ctx.tenantId, input ?? {})),
  satisfaction: scoped('read')
    .meta(getRoute('/stats/satisfaction', 'Ratings by score and day, mean and CSAT, against the period before'))
    .input(SatisfactionInputSchema.optional())
    .output(SatisfactionStatsSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getSatisfaction(ctx.tenantId, input ?? {})),
});
