// The procedures as plain JSON at /api/analytics/<area>/<name> (trpc-to-openapi over the same appRouter), the
// OpenAPI document at /api/analytics/openapi.json, and the CSV twins of table-shaped reads (`<path>.csv`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from '../trpc/app-router.ts';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { contractError } from './error-handler.ts';
import { csvRoutes, withCsvTwins } from './csv-routes.ts';
import { ingestRoute } from './ingest-route.ts';

export const API_PREFIX = '/api/analytics';

/** The OpenAPI document of the plain-JSON routes, CSV twins included, errors in the contract's shape. */
export function openApiDocument(baseUrl: string) {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'cs-analytics',
    description: 'Customer-service analytics: ingest, live monitoring, efficiency stats, quality audit, billing.',
    version: '1.0.0',
    baseUrl,
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API key (`csa_...`) with the scope the operation needs' },
      session: { type: 'apiKey', in: 'cookie', name: 'cs_analytics_session', description: 'The workbench session' },
    },
  });
  return withCsvTwins(doc);
}

/** Registers the plain-JSON routes in their own scope under /api/analytics. */
export async function plainJsonRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (api) => {
      const doc = openApiDocument(API_PREFIX);
      api.get('/openapi.json', async () => doc);

      // `.../<area>/<name>.csv?input` is the same procedure with the same input, every page of it, as CSV.
      csvRoutes(api, deps, API_PREFIX);

      api.addHook('onSend', async (_req, reply, payload) => {
        if (typeof payload !== 'string' || !reply.getHeader('content-type')?.toString().startsWith('application/json')) return payload;
        return reply.statusCode >= 400 ? JSON.stringify(contractError(JSON.parse(payload))) : payload;
      });

      // The hot path of every product's tracker, served directly (same procedure, same answers): ingest-route.ts.
      ingestRoute(api, deps);

      api.register(fastifyTRPCOpenApiPlugin, {
        router: appRouter,
        // The adapter hands over fastify's request and reply (typed as node's): the same context as /trpc.
        createContext: createContext(deps) as never,
        onError: ({ error, req }: { error: { code: string; cause?: unknown }; req: unknown }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR') (req as FastifyRequest).log.error({ err: error.cause ?? error }, 'procedure failed');
        },
      });
    },
    { prefix: API_PREFIX },
  );
}
