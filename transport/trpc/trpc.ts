// The single initTRPC of the service: domain errors mapped through transport/errors.ts, zod errors named by field,
// and the procedure builders that declare what a caller needs (`scoped('read')`, `scoped('read', billingRoles)`).
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { refusal, requirement, type Requirement } from '../../domain/access/permissions.ts';
import type { Role, Scope } from '../../domain/access/models.ts';
import { INTERNAL_MESSAGE, issuesOf, knownFailure, unauthorizedMessage } from '../errors.ts';
import { refuse } from './call-limits.ts';
import type { Context } from './context.ts';
import { inputProblem } from './input-door.ts';

/**
 * Procedure metadata: the OpenAPI route, what the caller needs (absent on public procedures), and the input list
 * whose items the procedure judges one by one, naming each bad one in its answer (the input door leaves them).
 */
export type Meta = OpenApiMeta & { needs?: Requirement; itemsJudgedAlone?: string };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Never send stack traces to callers.
    isDev: false,
    errorFormatter({ shape, error }) {
      const issues = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : undefined;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      const message = internal ? INTERNAL_MESSAGE : issues?.[0] ? `${issues[0].field}: ${issues[0].message}` : shape.message;
      const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
      return { ...shape, message, data: { ...data, ...(issues ? { issues } : {}) } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Domain errors become their tRPC code here, once, for every procedure (tRPC and plain JSON alike), and a store that
 * cannot be reached 503 (transport/errors.ts knows which errors say so).
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const known = result.ok ? undefined : knownFailure(result.error.cause);
  if (known) throw known;
  return result;
});

/** Each call of a rate-limited procedure counts here, however its path was spelled or batched (call-limits.ts). */
const limitCalls = t.middleware(({ ctx, path, next }) => {
  refuse(ctx.limits.take(path));
  return next();
});

/** Every input passes the door once its call is counted: no U+0000, bounded depth; else 400 naming the field. */
const inputDoor = t.middleware(async ({ meta, getRawInput, next }) => {
  const problem = inputProblem(await getRawInput(), meta?.itemsJudgedAlone);
  if (problem) throw problem;
  return next();
});

/** Reachable without a credential: health and sign-in only. */
export const publicProcedure = t.procedure.use(mapDomainErrors).use(limitCalls).use(inputDoor);

/** A procedure for callers with the scope (API keys) or one of the roles (workbench users; default by scope). */
export function scoped(scope: Scope, roles?: readonly Role[]) {
  const needs = requirement(scope, roles);
  return publicProcedure.meta({ needs }).use(({ ctx, next }) => {
    const actor = ctx.actor;
    if (!actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: unauthorizedMessage(ctx.refusedCredential) });
    const why = refusal(actor, needs);
    if (why) throw new TRPCError({ code: 'FORBIDDEN', message: why });
    return next({ ctx: { ...ctx, actor, tenantId: actor.tenantId } });
  });
}

/** Any signed-in caller (key or user), whatever its scope or role. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: unauthorizedMessage(ctx.refusedCredential) });
  return next({ ctx: { ...ctx, actor: ctx.actor, tenantId: ctx.actor.tenantId } });
});
