// The procedures as plain JSON at /api/analytics/<area>/<name> (trpc-to-openapi over the same appRouter), the
// OpenAPI document at /api/analytics/openapi.json, and the CSV twins of table-shaped reads (`<path>.csv`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from '../trpc/app-router.ts';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { errorBody } from '../errors.ts';
import { contractError } from './error-handler.ts';
import { csvTables, rowsOf, toCsv } from './csv.ts';

export const API_PREFIX = '/api/analytics';

declare module 'fastify' {
  interface FastifyRequest {
    /** The procedure whose answer this request wants as CSV (`.../stats/trend.csv`), else null. */
    csvOf: string | null;
  }
}

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
  for (const procedure of Object.keys(csvTables)) {
    const path = `/${procedure.replace('.', '/')}`;
    const get = doc.paths?.[path]?.get;
    if (!get) continue;
    doc.paths![`${path}.csv`] = {
      get: {
        ...get,
        operationId: `${get.operationId ?? procedure}Csv`,
        summary: `${get.summary ?? procedure} (CSV)`,
        responses: {
          ...get.responses,
          200: { description: 'The same rows as the JSON answer, as CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
        },
      },
    };
  }
  return doc;
}

function procedureOfCsv(req: FastifyRequest): string | undefined {
  const [path] = req.url.split('?', 1);
  if (!path?.endsWith('.csv')) return undefined;
  return path.slice(API_PREFIX.length + 1, -'.csv'.length).replaceAll('/', '.');
}

/** Registers the plain-JSON routes in their own scope under /api/analytics. */
export async function plainJsonRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(
    async (api) => {
      api.decorateRequest('csvOf', null);
      const doc = openApiDocument(API_PREFIX);
      api.get('/openapi.json', async () => doc);

      // `.../<area>/<name>.csv?input` is the same procedure with the same input; only the answer's format differs.
      api.addHook('onRequest', async (req, reply) => {
        const procedure = procedureOfCsv(req);
        if (procedure === undefined) return;
        if (!(procedure in csvTables) || req.method !== 'GET') {
          return reply.code(404).send(errorBody('NOT_FOUND', `no CSV export at ${req.url.split('?', 1)[0]}`));
        }
        req.csvOf = procedure;
        req.raw.url = req.raw.url!.replace(/\.csv(?=\?|$)/, '');
      });

      api.addHook('onSend', async (req, reply, payload) => {
        if (typeof payload !== 'string' || !reply.getHeader('content-type')?.toString().startsWith('application/json')) return payload;
        if (reply.statusCode >= 400) return JSON.stringify(contractError(JSON.parse(payload)));
        if (!req.csvOf) return payload;
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${req.csvOf.replace('.', '-')}.csv"`);
        return toCsv(rowsOf(req.csvOf, JSON.parse(payload)));
      });

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
