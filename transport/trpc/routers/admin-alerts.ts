// admin.alerts.*: the tenant admin's webhook alerts: subscriptions, thresholds, the delivery log and a test send
// (API and CLI share the use case, domain/alerts/alerts.ts).
import { z } from 'zod';
import {
  DeliveryLogSchema,
  ListDeliveriesInputSchema,
  SetThresholdsInputSchema,
  SubscribedSchema,
  SubscribeInputSchema,
  SubscriptionIdInputSchema,
  SubscriptionSchema,
  TestInputSchema,
  ThresholdsSchema,
  UpdateSubscriptionInputSchema,
} from '../../../domain/alerts/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

const noSuchSubscription = { 404: 'no subscription of the tenant has this id' } as const;

export const adminAlertsRouter = router({
  list: scoped('admin', ['admin'])
    .meta(getRoute('/admin/alerts/list', 'The tenant’s webhook subscriptions (secrets are never shown again)'))
    .input(NoInputSchema)
    .output(z.array(SubscriptionSchema))
    .query(({ ctx }) => ctx.deps.alerts.list(ctx.tenantId)),
  subscribe: scoped('admin', ['admin'])
    .meta(postRoute('/admin/alerts/subscribe', 'Add a webhook for some alert kinds (default all); its signing secret is answered once'))
    .input(SubscribeInputSchema)
    .output(SubscribedSchema)
    .mutation(({ ctx, input }) => ctx.deps.alerts.subscribe(ctx.tenantId, input)),
  update: scoped('admin', ['admin'])
    .meta(postRoute('/admin/alerts/update', 'Change a subscription’s URL, kinds or enabled flag', { answers: noSuchSubscription }))
    .input(UpdateSubscriptionInputSchema)
    .output(SubscriptionSchema)
    .mutation(({ ctx, input }) => ctx.deps.alerts.update(ctx.tenantId, input)),
  unsubscribe: scoped('admin', ['admin'])
    .meta(postRoute('/admin/alerts/unsubscribe', 'Remove a subscription; its pending deliveries fail', { answers: noSuchSubscription }))
    .input(SubscriptionIdInputSchema)
    .output(SubscriptionIdInputSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.alerts.unsubscribe(ctx.tenantId, input.id);
      return { id: input.id };
    }),
  thresholds: scoped('admin', ['admin'])
    .meta(getRoute('/admin/alerts/thresholds', 'The tenant’s alert thresholds, defaults filled in'))
    .input(NoInputSchema)
    .output(ThresholdsSchema)
    .query(({ ctx }) => ctx.deps.alerts.thresholds(ctx.tenantId)),
  setThresholds: scoped('admin', ['admin'])
    .meta(postRoute('/admin/alerts/setThresholds', 'Set some alert thresholds; the others keep their value'))
    .input(SetThresholdsInputSchema)
    .output(ThresholdsSchema)
    .mutation(({ ctx, input }) => ctx.deps.alerts.setThresholds(ctx.tenantId, input)),
  deliveries: scoped('admin', ['admin'])
    .meta(getRoute('/admin/alerts/deliveries', 'The latest deliveries, newest first, each with its attempts and outcome'))
    .input(ListDeliveriesInputSchema.optional())
    .output(z.array(DeliveryLogSchema))
    .query(({ ctx, input }) => ctx.deps.alerts.deliveries(ctx.tenantId, input ?? {})),
  test: scoped('admin', ['admin'])
    .meta(
      postRoute('/admin/alerts/test', 'Send a signed sample now to one subscription (or each) and answer how it went', {
        answers: noSuchSubscription,
      }),
    )
    .input(TestInputSchema)
    .output(z.array(DeliveryLogSchema))
    .mutation(({ ctx, input }) => ctx.deps.alerts.test(ctx.tenantId, input.id)),
});
