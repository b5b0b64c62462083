// Resolves the caller of every request once: `Authorization: Bearer <api key>` first, else the session cookie.
// It only says who is calling (`request.actor`); each procedure decides what that caller may do.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/models.ts';
import type { AppDeps } from '../trpc/context.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, or null without a valid credential. */
    actor: Actor | null;
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
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/trpc') && !req.url.startsWith('/api/')) return;
    const key = bearerToken(req);
    if (key !== undefined) {
      req.actor = await deps.keys.authenticate(key);
      return;
    }
    const session = req.cookies?.[SESSION_COOKIE];
    if (session) req.actor = await deps.users.authenticate(session);
  });
}
