// The workbench session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS (behind a proxy:
// when TRUST_PROXY lets fastify believe its X-Forwarded-Proto); its value is a random token whose digest is the
// server-side session's key.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionCookie } from '../trpc/context.ts';

export const SESSION_COOKIE = 'cs_analytics_session';

/** The request's session cookie, and how to set or clear it on the reply. */
export function sessionCookie(req: FastifyRequest, reply: FastifyReply): SessionCookie {
  const attributes = { httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', path: '/' } as const;
  return {
    token: req.cookies?.[SESSION_COOKIE],
    set(token, expiresAt) {
      void reply.setCookie(SESSION_COOKIE, token, { ...attributes, expires: expiresAt });
    },
    clear() {
      void reply.clearCookie(SESSION_COOKIE, attributes);
    },
  };
}
