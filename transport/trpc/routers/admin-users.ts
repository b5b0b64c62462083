// admin.users.*: the tenant admin's workbench users: list, create, disable, enable, reset a password (the CLI's
// `users` commands share the use cases). A user cannot disable themselves (403); another admin or the CLI can.
import { z } from 'zod';
import { CreateUserInputSchema, ResetPasswordInputSchema, UsernameInputSchema, userView, UserViewSchema } from '../../../domain/access/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

const noSuchUser = { 404: 'The tenant has no user of this name (users of other tenants are not seen).' };

export const adminUsersRouter = router({
  list: scoped('admin')
    .meta(getRoute('/admin/users/list', "The tenant's workbench users by name, disabled ones too (never a password hash)"))
    .input(NoInputSchema)
    .output(z.array(UserViewSchema))
    .query(({ ctx }) => ctx.deps.users.list(ctx.tenantId)),
  create: scoped('admin')
    .meta(
      postRoute('/admin/users/create', 'Create a workbench user of the tenant', {
        answers: { 409: 'The tenant has a user of this name, or one linked to this agent id.' },
      }),
    )
    .input(CreateUserInputSchema)
    .output(UserViewSchema)
    .mutation(async ({ ctx, input }) => userView(await ctx.deps.users.create({ tenantId: ctx.tenantId, ...input }))),
  disable: scoped('admin')
    .meta(
      postRoute('/admin/users/disable', 'Disable a user: no sign-in, and their open sessions end at once', {
        description: 'Disabling a disabled user answers it unchanged. A user cannot disable themselves (403).',
        answers: noSuchUser,
      }),
    )
    .input(UsernameInputSchema)
    .output(UserViewSchema)
    .mutation(({ ctx, input }) => ctx.deps.users.disable(ctx.tenantId, input.username, { by: ctx.actor })),
  enable: scoped('admin')
    .meta(postRoute('/admin/users/enable', 'Let a disabled user sign in again', { answers: noSuchUser }))
    .input(UsernameInputSchema)
    .output(UserViewSchema)
    .mutation(({ ctx, input }) => ctx.deps.users.enable(ctx.tenantId, input.username)),
  resetPassword: scoped('admin')
    .meta(postRoute('/admin/users/resetPassword', "Set a user's password; their open sessions end at once", { answers: noSuchUser }))
    .input(ResetPasswordInputSchema)
    .output(UserViewSchema)
    .mutation(({ ctx, input }) => ctx.deps.users.resetPassword(ctx.tenantId, input.username, input.password)),
});
