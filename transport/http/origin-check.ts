// Against cross-site request forgery: a browser adds the session cookie to whatever another site's page posts, so a
// state-changing API request without a Bearer key (the cookie's, and sign-in's, which would plant a session) must
// come from the server's own origin (protocol + host, as a trusted proxy reports them) or a configured one. The
// evidence is Origin, else the Referer's origin; `Sec-Fetch-Site: cross-site` refuses on its own. A request with none
// of them is let through: browsers send Origin on every cross-site POST, so it is a program (curl, a script), and a
// program holding the cookie could send any header it likes anyway.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from '../errors.ts';
import { bearerToken } from './auth-plugin.ts';
import { isApiRequest } from './no-store.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses (403) a cookie or sign-in mutation from an origin other than the server's own and `allowedOrigins`. */
export function checkOrigins(app: FastifyInstance, allowedOrigins: readonly string[] = []): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (req, reply) => {
    if (!STATE_CHANGING.has(req.method) || !isApiRequest(req) || bearerToken(req) !== undefined) return;
    if (fromAllowedOrigin(req, allowed)) return;
    return reply
      .code(403)
      .send(errorBody('FORBIDDEN', 'Origin: a request from another site may not change anything with the session cookie (or sign in)'));
  });
}

function fromAllowedOrigin(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const sent = one(req.headers.origin) ?? one(req.headers.referer);
  if (sent === undefined) return true;
  const origin = originOf(sent);
  return origin !== undefined && (origin === originOf(`${req.protocol}://${req.host}`) || allowed.has(origin));
}

const one = (header: string | string[] | undefined) => (Array.isArray(header) ? header.join(',') : header);

/** `scheme://host[:port]` of a URL, normalised (case, default port); undefined for `null` or garbage. */
function originOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const origin = new URL(url).origin;
  return origin === 'null' ? undefined : origin;
}
