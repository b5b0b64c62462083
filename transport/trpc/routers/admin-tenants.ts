// admin.tenants.*: the admin's own tenant — its settings (time zone, name, human cost, currency, plan) read and
// changed — and the plans it can be put on. The tenant is always the caller's (from its credential, never the input):
// an admin of tenant A never reads or changes tenant B. The CLI's `tenants` commands use the same use case.
import { z } from 'zod';
import { PlanSchema } from '../../../domain/billing/models.ts';
import { notFound } from '../../../domain/errors.ts';
import { TenantPatchSchema, TenantSchema } from '../../../domain/tenants/tenant.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const adminTenantsRouter = router({
  get: scoped('admin', ['admin'])
    .meta(getRoute('/admin/tenants/get', 'The caller’s tenant and its settings'))
    .input(NoInputSchema)
    .output(TenantSchema)
    .query(async ({ ctx }) => {
      const tenant = await ctx.deps.tenants.get(ctx.tenantId);
      if (!tenant) throw notFound(`tenant ${ctx.tenantId}`);
      return tenant;
    }),
  update: scoped('admin', ['admin'])
    .meta(postRoute('/admin/tenants/update', 'Change the caller’s tenant: time zone, name, human cost, currency, plan (only those given)'))
    // Strict: a `tenantId` in the body is refused by name, never taken as the tenant to change.
    .input(TenantPatchSchema.strict())
    .output(TenantSchema)
    .mutation(({ ctx, input }) => ctx.deps.tenants.update(ctx.tenantId, input)),
  plans: scoped('admin', ['admin'])
    .meta(getRoute('/admin/tenants/plans', 'The plans the tenant can be put on'))
    .input(NoInputSchema)
    .output(z.array(PlanSchema))
    .query(({ ctx }) => ctx.deps.tenants.plans()),
});
