// admin.keys.*: the tenant admin's API keys: list, create, revoke, rotate (the CLI's `keys` commands share the use cases).
// A key cannot revoke itself (403): the caller would lock itself out mid-call; another admin credential or the CLI can.
import { z } from 'zod';
import { apiKeyView, ApiKeyViewSchema, CreateKeyInputSchema, IssuedKeySchema, KeyRefInputSchema } from '../../../domain/access/models.ts';
import type { IssuedKey } from '../../../domain/access/api-keys.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

const noSuchKey = 'The tenant has no key of this id or prefix (keys of other tenants are not seen).';
const shownOnce = ({ key, record }: IssuedKey) => ({ key, record: apiKeyView(record) });

export const adminKeysRouter = router({
  list: scoped('admin')
    .meta(getRoute('/admin/keys/list', "The tenant's API keys, revoked ones too, oldest first (never a secret)"))
    .input(NoInputSchema)
    .output(z.array(ApiKeyViewSchema))
    .query(({ ctx }) => ctx.deps.keys.list(ctx.tenantId)),
  create: scoped('admin')
    .meta(postRoute('/admin/keys/create', 'Create an API key of the tenant; its secret is in this answer only'))
    .input(CreateKeyInputSchema)
    .output(IssuedKeySchema)
    .mutation(async ({ ctx, input }) => shownOnce(await ctx.deps.keys.issue({ tenantId: ctx.tenantId, ...input }))),
  revoke: scoped('admin')
    .meta(
      postRoute('/admin/keys/revoke', 'Revoke an API key: refused on every server within 5 seconds', {
        description: 'Revoking a revoked key answers it unchanged. A key cannot revoke itself (403).',
        answers: { 404: noSuchKey },
      }),
    )
    .input(KeyRefInputSchema)
    .output(ApiKeyViewSchema)
    .mutation(({ ctx, input }) => ctx.deps.keys.revoke(ctx.tenantId, input.key, { by: ctx.actor })),
  rotate: scoped('admin')
    .meta(
      postRoute('/admin/keys/rotate', 'Replace a live key by a new one of the same scopes and name, revoking the old one', {
        description: 'The new secret is in this answer only. A revoked key is not rotated (400): create a new one.',
        answers: { 404: noSuchKey },
      }),
    )
    .input(KeyRefInputSchema)
    .output(IssuedKeySchema)
    .mutation(async ({ ctx, input }) => shownOnce(await ctx.deps.keys.rotate(ctx.tenantId, input.key))),
});
