// Efficiency Dashboard: today against yesterday so far, the N-day trend, satisfaction.
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
    .meta(getRoute('/stats/trend', 'One row per local day for the last `days` days (1..90, default 7), and the change'))
    .input(TrendInputSchema.optional())
    .output(TrendSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getTrend(ctx.tenantId, input?.days)),
  satisfaction: scoped('read')
    .meta(getRoute('/stats/satisfaction', 'Ratings by score and day, mean and CSAT, against the period before'))
    .input(SatisfactionInputSchema.optional())
    .output(SatisfactionStatsSchema)
    .query(({ ctx, input }) => ctx.deps.stats.getSatisfaction(ctx.tenantId, input ?? {})),
});
