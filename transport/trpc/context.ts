// The tRPC context: the use cases built once at start-up, the actor of the request's credential, and its cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UseCases } from '../../adapters/index.ts';
import type { Actor } from '../../domain/access/models.ts';
import type { RefusedCredential } from '../errors.ts';
import { sessionCookie } from '../http/session-cookie.ts';
import { noCallLimits, type CallLimits } from './call-limits.ts';

/** What the procedures use: the composition root's use cases (adapters/index.ts builds them once). */
export type AppDeps = UseCases;

/** The workbench session cookie, as a procedure may touch it (sign-in sets it, sign-out clears it). */
export interface SessionCookie {
  readonly token: string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Context {
  readonly deps: AppDeps;
  /** Who is calling; null without a (valid) credential. */
  readonly actor: Actor | null;
  /** The credential sent and refused (the 401 says which), null when none was sent or it was accepted. */
  readonly refusedCredential: RefusedCredential | null;
  readonly requestId: string;
  readonly session: SessionCookie;
  /** The caller's rate limits, counted per procedure call (none in-process). */
  readonly limits: CallLimits;
}

const noCookie: SessionCookie = { token: undefined, set() {}, clear() {} };

/** A context without a request: for tests (`createCaller`) and in-process callers. */
export function createContextInner(opts: {
  deps: AppDeps;
  actor?: Actor | null;
  refusedCredential?: RefusedCredential | null;
  requestId?: string;
  session?: SessionCookie;
  limits?: CallLimits;
}): Context {
  const { deps, actor = null, refusedCredential = null, requestId = 'internal', session = noCookie, limits = noCallLimits } = opts;
  return { deps, actor, refusedCredential, requestId, session, limits };
}

/** The fastify side: the actor was resolved by the auth plugin; the cookie goes through the reply. */
export function createContext(deps: AppDeps) {
  return ({ req, res }: { req: FastifyRequest; res: FastifyReply }): Context =>
    createContextInner({
      deps,
      actor: req.actor ?? null,
      refusedCredential: req.refusedCredential ?? null,
      requestId: String(req.id),
      session: sessionCookie(req, res),
      limits: req.callLimits,
    });
}
