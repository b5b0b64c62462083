// Rate limits where abuse costs most: sign-in (per client address, and per username with a lockout that grows) and
// ingest (per credential, so one product cannot starve the others). They are counted per procedure call, where the
// procedure runs (transport/trpc/call-limits.ts): this file gives each request its caller's view of the counters,
// and caps the calls of a batched tRPC request (capBatches). Register after the auth hook: ingest is counted per
// resolved caller. The counters live in this process (limit-counters.ts): several instances each count their own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../errors.ts';
import type { CallLimits, Refusal } from '../trpc/call-limits.ts';
import { FixedWindows, Lockouts } from './limit-counters.ts';

export interface RateLimits {
  /** Sign-in attempts per client address per minute, whatever the usernames (default 10). */
  readonly signInPerMinute: number;
  /** Failed sign-ins of one username (any case, from any address) within signInFailureWindowMs that lock it out (default 5). */
  readonly signInFailuresBeforeLockout: number;
  /** How long failures count toward a lockout (default 15 min). */
  readonly signInFailureWindowMs: number;
  /** The first lockout (default 1 min); each next one doubles, up to signInMaxLockoutMs. No password is checked meanwhile. */
  readonly signInLockoutMs: number;
  /** The longest lockout (default 15 min). */
  readonly signInMaxLockoutMs: number;
  /** Ingest calls per credential per minute (default 6000: 100/s, up to 100,000 events/s in full batches). */
  readonly ingestPerMinute: number;
  /** Procedure calls in one batched tRPC request (default 50); more answers 400 before any runs. */
  readonly maxBatchSize: number;
}

export const defaultRateLimits: RateLimits = {
  signInPerMinute: 10,
  signInFailuresBeforeLockout: 5,
  signInFailureWindowMs: 15 * 60_000,
  signInLockoutMs: 60_000,
  signInMaxLockoutMs: 15 * 60_000,
  ingestPerMinute: 6000,
  maxBatchSize: 50,
};

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's caller's rate limits, as the procedures count them. */
    callLimits: CallLimits;
  }
}

/** A procedure limited per minute: the key its calls are counted under, and what a refusal says. */
interface PerMinute {
  readonly windows: FixedWindows;
  keyOf(req: FastifyRequest): string;
  readonly message: string;
}

/** Gives every request its caller's limits (`req.callLimits`), over counters this server keeps for its lifetime. */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  const perMinute = new Map<string, PerMinute>([
    [
      'auth.signIn',
      {
        windows: new FixedWindows(limits.signInPerMinute, 60_000),
        keyOf: (req) => req.ip,
        message: `sign-in: at most ${limits.signInPerMinute} attempts per minute from one address`,
      },
    ],
    [
      'ingest.track',
      {
        windows: new FixedWindows(limits.ingestPerMinute, 60_000),
        keyOf: callerOf,
        message: `ingest: at most ${limits.ingestPerMinute} calls per minute per credential`,
      },
    ],
  ]);
  const usernames = new Lockouts({
    failures: limits.signInFailuresBeforeLockout,
    windowMs: limits.signInFailureWindowMs,
    firstMs: limits.signInLockoutMs,
    maxMs: limits.signInMaxLockoutMs,
  });

  app.decorateRequest('callLimits', null as unknown as CallLimits);
  app.addHook('onRequest', async (req, reply) => {
    const answer = refusals(reply);
    req.callLimits = {
      take(procedure) {
        const limit = perMinute.get(procedure);
        return limit ? answer(limit.windows.take(limit.keyOf(req)), limit.message) : null;
      },
      beginSignIn: (username) => answer(usernames.attempt(usernameKey(username)), 'sign-in: too many failed attempts for this username'),
      signedIn: (username) => usernames.succeeded(usernameKey(username)),
    };
  });
}

/** Refuses a tRPC request of more than `max` calls before any runs (register in the tRPC routes' scope). */
export function capBatches(trpc: FastifyInstance, max: number): void {
  trpc.addHook('onRequest', async (req, reply) => {
    const calls = batchedCalls(req);
    if (calls > max) return reply.code(400).send(errorBody('BAD_REQUEST', `batch: at most ${max} calls per request (this one has ${calls})`));
  });
}

/** Turns a wait into a Refusal, with the longest wait of the request's refusals as its Retry-After (seconds). */
function refusals(reply: FastifyReply) {
  let longest = 0;
  return (waitMs: number, why: string): Refusal | null => {
    if (waitMs <= 0) return null;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    if (seconds > longest) {
      longest = seconds;
      reply.header('retry-after', String(seconds));
    }
    return { retryAfterMs: waitMs, message: `${why}; retry in ${seconds} s` };
  };
}

/** Usernames differing only in case (or Unicode form) are one name to the lockout. */
function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/** The procedure calls a tRPC request carries, split as tRPC splits them (`a,b?batch=1`: 2). */
function batchedCalls(req: FastifyRequest): number {
  const path = (req.params as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return 0;
  return new URL(req.url, 'http://x').searchParams.get('batch') === '1' ? path.split(',').length : 1;
}

function callerOf(req: FastifyRequest): string {
  const actor = req.actor;
  if (!actor) return `ip:${req.ip}`;
  return actor.kind === 'key' ? `key:${actor.keyId}` : `user:${actor.userId}`;
}
