// Rate limits where abuse costs most: sign-in (per client address, against password guessing) and ingest (per
// credential, so one product cannot starve the others). Both tRPC and plain-JSON paths count alike.
// Register after the auth hook: ingest is counted per resolved caller.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from '../errors.ts';

export interface RateLimits {
  /** Sign-in attempts per client address per minute (default 10). */
  readonly signInPerMinute: number;
  /** Ingest requests per credential per minute (default 6000: 100/s, up to 100,000 events/s in full batches). */
  readonly ingestPerMinute: number;
}

export const defaultRateLimits: RateLimits = { signInPerMinute: 10, ingestPerMinute: 6000 };

const SIGN_IN = /^\/(trpc\/(?:[^?]*,)?auth\.signIn(?:[,?]|$)|api\/analytics\/auth\/signin(?:[/?]|$))/i;
const INGEST = /^\/(trpc\/(?:[^?]*,)?ingest\.track(?:[,?]|$)|api\/analytics\/ingest\/track(?:[/?]|$))/i;

export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`rate limit: at most ${ctx.max} requests per ${ctx.after}`), {
        statusCode: 429,
        body: errorBody('TOO_MANY_REQUESTS', `rate limit: at most ${ctx.max} requests, retry in ${ctx.after}`),
      }),
  });
  const signIn = app.rateLimit({ max: limits.signInPerMinute, timeWindow: 60_000, keyGenerator: (req) => `sign-in:${req.ip}` });
  const ingest = app.rateLimit({
    max: limits.ingestPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req: FastifyRequest) => `ingest:${callerOf(req)}`,
  });
  app.addHook('onRequest', async function (req, reply) {
    if (SIGN_IN.test(req.url)) await signIn.call(this, req, reply);
    else if (INGEST.test(req.url)) await ingest.call(this, req, reply);
  });
}

function callerOf(req: FastifyRequest): string {
  const actor = req.actor;
  if (!actor) return `ip:${req.ip}`;
  return actor.kind === 'key' ? `key:${actor.keyId}` : `user:${actor.userId}`;
}
