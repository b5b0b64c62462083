// The procedures as plain JSON at /api/analytics/<area>/<name> (trpc-to-openapi over the same appRouter), the
// OpenAPI document at /api/analytics/openapi.json, and the CSV twins of table-shaped reads (`<path>.csv`).
// trpc-to-openapi (trpc-openapi.ts) is loaded once the server listens, or by the first request that needs it.
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { apiDocsRoute } from './api-docs-route.ts';
import { contractError, logProcedureError } from './error-handler.ts';
import { csvRoutes } from './csv-routes.ts';
import { ingestRoute } from './ingest-route.ts';
import { refuseWrongMethods } from './method-not-allowed.ts';

export const API_PREFIX = '/api/analytics';

const trpcOpenApi = () => import('./trpc-openapi.ts');

/** Registers the plain-JSON routes in their own scope under /api/analytics. */
export async function plainJsonRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (api) => {
      let doc: Promise<unknown> | undefined;
      api.get('/openapi.json', () => (doc ??= trpcOpenApi().then((m) => m.openApiDocument(API_PREFIX))));
      // Its reference page (Scalar, loaded at the first request for its bundle).
      apiDocsRoute(api, API_PREFIX);

      // A known path asked with another method: 405 with Allow (before the CSV twins' own checks).
      refuseWrongMethods(api, API_PREFIX);

      // `.../<area>/<name>.csv?input` is the same procedure with the same input, every page of it, as CSV.
      csvRoutes(api, deps, API_PREFIX);

      api.addHook('onSend', async (_req, reply, payload) => {
        if (typeof payload !== 'string' || !reply.getHeader('content-type')?.toString().startsWith('application/json')) return payload;
        return reply.statusCode >= 400 ? JSON.stringify(contractError(JSON.parse(payload))) : payload;
      });

      // The hot path of every product's tracker, served directly (same procedure, same answers): ingest-route.ts.
      ingestRoute(api, deps);

      // Every other procedure through trpc-to-openapi's adapter, on the route its fastify plugin would add.
      let procedures: Promise<RouteHandlerMethod> | undefined;
      const proceduresHandler = () =>
        (procedures ??= trpcOpenApi().then((m) =>
          m.openApiRouteHandler(api.prefix, {
            // The adapter hands over fastify's request and reply (typed as node's): the same context as /trpc.
            createContext: createContext(deps) as never,
            onError: ({ error, req }: { error: { code: string; cause?: unknown }; req: unknown }) => {
              logProcedureError((req as FastifyRequest).log, error);
            },
          }),
        ));
      api.route({
        method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
        url: '/*',
        handler: async function (req, reply) {
          // The adapter sends through reply.send without returning it: returning the reply tells fastify it is
          // answered, or, with an async onSend hook on the way, fastify sends a second answer.
          await (await proceduresHandler()).call(this, req, reply);
          return reply;
        },
      });
      // Loaded in the background once listening, so the first API request does not wait for it.
      api.addHook('onListen', async () => {
        await proceduresHandler();
      });
    },
    { prefix: API_PREFIX },
  );
}
