// Resolves the caller of every request once: `Authorization: Bearer <api key>` first, else the session cookie.
// It only says who is calling (`request.actor`) and, when the credential sent was refused, which one; each procedure
// decides what that caller may do. Every 401 carries RFC 6750's challenge (`WWW-Authenticate: Bearer ...`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/models.ts';
import { bearerChallenge, type RefusedCredential } from '../errors.ts';
import type { AppDeps } from '../trpc/context.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, or null without a valid credential. */
    actor: Actor | null;
    /** The credential the request sent and that was refused (unknown or revoked key, ended session); else null. */
    refusedCredential: RefusedCredential | null;
  }
}

/** The Bearer token of a request, if it sends one. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Adds `request.actor` to every request of this instance (register it on the root, after @fastify/cookie). */
export function authenticateRequests(app: FastifyInstance, deps: Pick<AppDeps, 'keys' | 'users'>): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('refusedCredential', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/trpc') && !req.url.startsWith('/api/')) return;
    const key = bearerToken(req);
    if (key !== undefined) {
      req.actor = await deps.keys.authenticate(key);
      if (!req.actor) req.refusedCredential = 'key';
      return;
    }
    const session = req.cookies?.[SESSION_COOKIE];
    if (!session) return;
    req.actor = await deps.users.authenticate(session);
    if (!req.actor) req.refusedCredential = 'session';
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // tRPC's adapter sends a fetch Response, whose status fastify applies only after these hooks.
    const status = payload instanceof Response ? payload.status : reply.statusCode;
    if (status === 401) reply.header('www-authenticate', bearerChallenge(req.refusedCredential));
    return payload;
  });
}
