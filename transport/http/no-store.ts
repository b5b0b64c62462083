// API answers are per caller and of the moment: `Cache-Control: no-store` on /trpc, /api/ and the probes, set before
// anything can fail so errors (401, 404, 413, 429...) carry it too. The workbench's static files keep their caching.
import type { FastifyInstance, FastifyRequest } from 'fastify';

const API = /^\/(?:trpc|api)(?:[/?]|$)|^\/(?:healthz|readyz)(?:\?|$)/;

/** Whether a request is for the API or a probe: by the route it reached, or by its path when it reached none. */
export function isApiRequest(req: FastifyRequest): boolean {
  return API.test(req.routeOptions.url ?? req.url);
}

export function noStoreOnApi(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (isApiRequest(req)) reply.header('cache-control', 'no-store');
  });
}
