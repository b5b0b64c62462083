// The plain-JSON route of a procedure: `/api/analytics/<area>/<name>`, queries by GET, mutations by POST.
import type { Meta } from './trpc.ts';

interface RouteOptions {
  /** Reachable without a credential (sign-in only). */
  readonly public?: boolean;
}

function route(method: 'GET' | 'POST', path: `/${string}`, summary: string, opts: RouteOptions = {}): Meta {
  const area = path.split('/')[1] ?? '';
  const protect = !opts.public;
  return { openapi: { method, path, summary, tags: [area], protect, errorResponses: [400, 401, 403, 404, 413, 429, 500, 503] } };
}

/** A query's route: input from the query string. */
export const getRoute = (path: `/${string}`, summary: string, opts?: RouteOptions) => route('GET', path, summary, opts);
/** A mutation's route: input as the JSON body. */
export const postRoute = (path: `/${string}`, summary: string, opts?: RouteOptions) => route('POST', path, summary, opts);
