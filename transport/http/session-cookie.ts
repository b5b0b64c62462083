// The workbench session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS; its value is a random token whose
// digest is the server-side session's key.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionCookie } from '../trpc/context.ts';

export const SESSION_COOKIE = 'cs_analytics_session';

/** The request's session cookie, and how to set or clear it on the reply. */
export function sessionCookie(req: FastifyRequest, reply: FastifyReply): SessionCookie {
  const secure = req.protocol === 'https';
  return {
    token: req.cookies?.[SESSION_COOKIE],
    set(token, expiresAt) {
      void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
    },
    clear() {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}
