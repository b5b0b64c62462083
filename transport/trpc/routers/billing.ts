// Billing: token usage and cost, ROI, the plan's quota (BillingStats), recording a usage (e.g. from Coze), and the
// admin's settings, plan and prices (BillingLedger). Agents see none of it.
import { billingRoles } from '../../../domain/access/permissions.ts';
import { z } from 'zod';
import {
  BillingRangeInputSchema,
  BillingUsageSchema,
  PlanSchema,
  PriceSchema,
  QuotaSchema,
  RecordTokenUsageInputSchema,
  RecordTokenUsageResultSchema,
  RoiSchema,
  SetPlanInputSchema,
  SetPriceInputSchema,
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
    .mutation(({ ctx, input }) => ctx.deps.ledger.recordTokenUsage(ctx.tenantId, input)),
  plans: scoped('read', billingRoles)
    .meta(getRoute('/billing/plans', 'The plans a tenant can be put on'))
    .input(NoInputSchema)
    .output(z.array(PlanSchema))
    .query(({ ctx }) => ctx.deps.ledger.listPlans()),
  prices: scoped('read', billingRoles)
    .meta(getRoute('/billing/prices', 'The tenant’s prices per model or bot, with the day each applies from'))
    .input(NoInputSchema)
    .output(z.array(PriceSchema))
    .query(({ ctx }) => ctx.deps.ledger.listPrices(ctx.tenantId)),
  setPlan: scoped('admin', ['admin'])
    .meta(postRoute('/billing/setPlan', 'Put the tenant on a plan (null: none)'))
    .input(SetPlanInputSchema)
    .output(QuotaSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.ledger.setPlan(ctx.tenantId, input.planId);
      return ctx.deps.billing.getQuota(ctx.tenantId);
    }),
  setPrice: scoped('admin', ['admin'])
    .meta(postRoute('/billing/setPrice', 'Price a model or bot per million tokens from a given instant'))
    .input(SetPriceInputSchema)
    .output(PriceSchema)
    .mutation(({ ctx, input }) => ctx.deps.ledger.setPrice(ctx.tenantId, input)),
});
