// Billing: token usage and cost, ROI, the plan's quota, and recording a usage (e.g. from Coze). Agents see none of it.
import { billingRoles } from '../../../domain/access/permissions.ts';
import {
  BillingRangeInputSchema,
  BillingUsageSchema,
  QuotaSchema,
  RecordTokenUsageInputSchema,
  RecordTokenUsageResultSchema,
  RoiSchema,
} from '../../../domain/billing/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const billingRouter = router({
  usage: scoped('read', billingRoles)
    .meta(getRoute('/billing/usage', 'Tokens and cost by day and by model or bot (unpriced apart)'))
    .input(BillingRangeInputSchema.optional())
    .output(BillingUsageSchema)
    .query(({ ctx, input }) => ctx.deps.billing.getUsage(ctx.tenantId, input ?? {})),
  roi: scoped('read', billingRoles)
    .meta(getRoute('/billing/roi', 'Saved by AI resolutions against token cost'))
    .input(BillingRangeInputSchema.optional())
    .output(RoiSchema)
    .query(({ ctx, input }) => ctx.deps.billing.getRoi(ctx.tenantId, input ?? {})),
  quota: scoped('read', billingRoles)
    .meta(getRoute('/billing/quota', 'The plan’s allowance, used, remaining, projected run-out, thresholds crossed'))
    .input(NoInputSchema)
    .output(QuotaSchema)
    .query(({ ctx }) => ctx.deps.billing.getQuota(ctx.tenantId)),
  recordTokenUsage: scoped('ingest', ['admin'])
    .meta(postRoute('/billing/recordTokenUsage', 'Record one token usage, idempotent by usageId'))
    .input(RecordTokenUsageInputSchema)
    .output(RecordTokenUsageResultSchema)
    .mutation(({ ctx, input }) => ctx.deps.billing.recordTokenUsage(ctx.tenantId, input)),
});
