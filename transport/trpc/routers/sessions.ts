// The sessions behind any count (same cohort rules as the figure), and one whole session: timeline, usage, audits.
import { z } from 'zod';
import { allows, billingRoles, requirement } from '../../../domain/access/permissions.ts';
import { SessionDetailSchema, SessionGetInputSchema, SessionListInputSchema, SessionListSchema } from '../../../domain/sessions/models.ts';
import { getRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

/** A yes/no filter as a query string carries it (`true`/`false`), or as JSON (a boolean). */
const queryFlag = (description: string) =>
  z
    .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
    .optional()
    .meta({ description, example: true });

/**
 * The domain's list input, with its yes/no filters read through `queryFlag`: trpc-to-openapi serves a query's input
 * from the query string only when every key reads from text. The domain parses the input again with its own schema
 * (refinements included).
 */
const ListInputSchema = z.object({
  ...SessionListInputSchema.shape,
  transferred: queryFlag('only sessions handed to humans (true) or never handed over (false)'),
  rated: queryFlag('only rated (true) or unrated (false) sessions'),
});

const seesBilling = requirement('read', billingRoles);

export const sessionsRouter = router({
  list: scoped('read')
    .meta(
      getRoute('/sessions/list', 'The sessions behind a count: cohort, day or range, outcome, channel, agent... paged', {
        description: 'With the same filters as a figure, `total` equals that figure. Also as CSV at `/sessions/list.csv` (every page).',
      }),
    )
    .input(ListInputSchema.optional())
    .output(SessionListSchema)
    .query(({ ctx, input }) => ctx.deps.sessions.list(ctx.tenantId, input ?? {})),
  get: scoped('read')
    .meta(
      getRoute('/sessions/get', 'One session: facts, outcome, timeline of events, token usage priced at each instant, its audits', {
        description: 'A caller that sees no billing (an agent) gets `usage: null`.',
        answers: { 404: 'The tenant has no session of this id.' },
      }),
    )
    .input(SessionGetInputSchema)
    .output(SessionDetailSchema)
    .query(async ({ ctx, input }) => {
      const detail = await ctx.deps.sessions.get(ctx.tenantId, input.sessionId);
      // Token usage and cost are billing figures: a role that sees no billing gets the session without them.
      return allows(ctx.actor, seesBilling) ? detail : { ...detail, usage: null };
    }),
});
