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
    .meta(
      getRoute('/billing/usage', 'Tokens and cost by day and by model or bot (unpriced apart)', {
        description:
          'Each usage priced at the price valid at its instant; tokens with no price have a `null` cost, never 0. Also as CSV at `/billing/usage.csv`.',
      }),
    )
    .input(BillingRangeInputSchema.optional())
    .output(BillingUsageSchema)
    .query(({ ctx, input }) => ctx.deps.billing.getUsage(ctx.tenantId, input ?? {})),
  roi: scoped('read', billingRoles)
    .meta(
      getRoute('/billing/roi', 'Saved by AI resolutions against token cost', {
        description:
          'AI-resolved sessions × the tenant’s human cost per session, against token cost. A figure that depends on an unpriced or other-currency token is `null`, the known part beside it.',
      }),
    )
    .input(BillingRangeInputSchema.optional())
    .output(RoiSchema)
    .query(({ ctx, input }) => ctx.deps.billing.getRoi(ctx.tenantId, input ?? {})),
  quota: scoped('read', billingRoles)
    .meta(
      getRoute('/billing/quota', 'The plan’s allowance, used, remaining, projected run-out, thresholds crossed', {
        description: 'For the current monthly period of the tenant’s plan (no plan: no allowance).',
      }),
    )
    .input(NoInputSchema)
    .output(QuotaSchema)
    .query(({ ctx }) => ctx.deps.billing.getQuota(ctx.tenantId)),
  recordTokenUsage: scoped('ingest', ['admin'])
    .meta(
      postRoute('/billing/recordTokenUsage', 'Record one token usage, idempotent by usageId', {
        description: 'For usage that is not an event (e.g. a Coze chat read afterwards). The same `usageId` twice counts once.',
      }),
    )
    .input(RecordTokenUsageInputSchema)
    .output(RecordTokenUsageResultSchema)
    .mutation(({ ctx, input }) => ctx.deps.ledger.recordTokenUsage(ctx.tenantId, input)),
  plans: scoped('read', billingRoles)
    .meta(getRoute('/billing/plans', 'The plans a tenant can be put on', { description: 'Each plan’s monthly token allowance.' }))
    .input(NoInputSchema)
    .output(z.array(PlanSchema))
    .query(({ ctx }) => ctx.deps.ledger.listPlans()),
  prices: scoped('read', billingRoles)
    .meta(
      getRoute('/billing/prices', 'The tenant’s prices per model or bot, with the day each applies from', {
        description: 'Every price, past ones too: a usage is priced by the one valid at its instant.',
      }),
    )
    .input(NoInputSchema)
    .output(z.array(PriceSchema))
    .query(({ ctx }) => ctx.deps.ledger.listPrices(ctx.tenantId)),
  setPlan: scoped('admin', ['admin'])
    .meta(
      postRoute('/billing/setPlan', 'Put the tenant on a plan (null: none)', {
        description: 'Answers the quota under the new plan.',
        answers: { 404: 'No plan of this id.' },
      }),
    )
    .input(SetPlanInputSchema)
    .output(QuotaSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.ledger.setPlan(ctx.tenantId, input.planId);
      return ctx.deps.billing.getQuota(ctx.tenantId);
    }),
  setPrice: scoped('admin', ['admin'])
    .meta(
      postRoute('/billing/setPrice', 'Price a model or bot per million tokens from a given instant', {
        description: 'Amounts are decimal strings (never binary floats). Days already rolled up are recomputed with it.',
      }),
    )
    .input(SetPriceInputSchema)
    .output(PriceSchema)
    .mutation(({ ctx, input }) => ctx.deps.ledger.setPrice(ctx.tenantId, input)),
});
