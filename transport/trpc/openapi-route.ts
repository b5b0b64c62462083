// The plain-JSON route of a procedure: `/api/analytics/<area>/<name>`, queries by GET, mutations by POST. The error
// answers every route shares are added to the OpenAPI document in one place (transport/http/openapi-answers.ts);
// a route names only those particular to its procedure (404, 409, 429...) and why it gives them.
import type { Meta } from './trpc.ts';

interface RouteOptions {
  /** Reachable without a credential (sign-in only). */
  readonly public?: boolean;
  /** What the operation does and answers, beyond its summary (Markdown). */
  readonly description?: string;
  /** The answers particular to this procedure, each with when it is given. */
  readonly answers?: { readonly 401?: string; readonly 404?: string; readonly 409?: string; readonly 429?: string };
}

function route(method: 'GET' | 'POST', path: `/${string}`, summary: string, opts: RouteOptions = {}): Meta {
  const area = path.split('/')[1] ?? '';
  const protect = !opts.public;
  const description = opts.description;
  return {
    openapi: {
      method,
      path,
      summary,
      ...(description ? { description } : {}),
      tags: [area],
      protect,
      errorResponses: { ...opts.answers } as Record<number, string>,
    },
  };
}

/** A query's route: input from the query string. */
export const getRoute = (path: `/${string}`, summary: string, opts?: RouteOptions) => route('GET', path, summary, opts);
/** A mutation's route: input as the JSON body. */
export const postRoute = (path: `/${string}`, summary: string, opts?: RouteOptions) => route('POST', path, summary, opts);
