// Workbench sign-in: username and password open a server-side session held by an HttpOnly cookie.
import { z } from 'zod';
import { RoleSchema, ScopeSchema, type Actor } from '../../../domain/access/models.ts';
import { refuse } from '../call-limits.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

const SignInInputSchema = z.object({
  username: z.string().min(1).max(64).meta({ description: 'the user’s name in its tenant', example: 'li' }),
  password: z.string().min(1).max(1024).meta({ description: 'the user’s password', example: 'correct horse battery' }),
  tenantId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'needed only when the username and password open several tenants', example: 'acme' }),
});

/** Who is signed in (a user) or calling (an API key). */
const WhoAmISchema = z.object({
  kind: z.enum(['user', 'key']),
  tenantId: z.string(),
  username: z.string().nullable(),
  role: RoleSchema.nullable(),
  agentId: z.string().nullable().describe('the agent id a user acts as (null: not linked, or an API key)'),
  scopes: z.array(ScopeSchema).nullable(),
});

function whoAmI(actor: Actor): z.infer<typeof WhoAmISchema> {
  return actor.kind === 'user'
    ? { kind: 'user', tenantId: actor.tenantId, username: actor.username, role: actor.role, agentId: actor.agentId ?? null, scopes: null }
    : { kind: 'key', tenantId: actor.tenantId, username: null, role: null, agentId: null, scopes: [...actor.scopes] };
}

export const authRouter = router({
  signIn: publicProcedure
    .meta(
      postRoute('/auth/signIn', 'Sign in to the workbench (sets the session cookie)', {
        public: true,
        description:
          'Checks a user’s password and opens a server-side session held by an HttpOnly cookie (`Secure` over HTTPS). ' +
          'Answers who signed in. Several failures lock the username out for a while, whatever the address.',
        answers: {
          401: 'Wrong username or password, or a disabled user.',
          429: 'Too many attempts from this address, or the username is locked out after failures: retry after `Retry-After`.',
        },
      }),
    )
    .input(SignInInputSchema)
    .output(WhoAmISchema)
    .mutation(async ({ ctx, input }) => {
      // While the username is locked out no password is checked: guesses cannot go on.
      refuse(ctx.limits.beginSignIn(input.username));
      const signedIn = await ctx.deps.users.signIn(input);
      ctx.limits.signedIn(input.username);
      ctx.session.set(signedIn.token, signedIn.expiresAt);
      return whoAmI(signedIn.actor);
    }),
  signOut: authedProcedure
    .meta(
      postRoute('/auth/signOut', 'End the workbench session', {
        description: 'Ends the session of the cookie sent and clears the cookie. With an API key it changes nothing.',
      }),
    )
    .input(NoInputSchema)
    .output(z.object({ signedOut: z.boolean() }))
    .mutation(async ({ ctx }) => {
      if (ctx.session.token) await ctx.deps.users.signOut(ctx.session.token);
      ctx.session.clear();
      return { signedOut: true };
    }),
  me: authedProcedure
    .meta(
      getRoute('/auth/me', 'Who is calling', {
        description: 'The signed-in user (name, role, linked agent) or the API key (its scopes), and their tenant.',
      }),
    )
    .input(NoInputSchema)
    .output(WhoAmISchema)
    .query(({ ctx }) => whoAmI(ctx.actor)),
});
