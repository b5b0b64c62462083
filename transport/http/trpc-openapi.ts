// Everything of trpc-to-openapi the service uses: the OpenAPI document of the plain-JSON routes (CSV twins included)
// and the route handler that serves them. plain-json-routes.ts imports this file on first use, not at start-up:
// trpc-to-openapi with zod-openapi is the largest graph the server loads, and /healthz needs none of it.
import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';
import { type CreateOpenApiFastifyPluginOptions, fastifyTRPCOpenApiPlugin, generateOpenApiDocument } from 'trpc-to-openapi';
import type { AppRouter } from '../trpc/app-router.ts';
import { appRouter } from '../trpc/app-router.ts';
import type { Meta } from '../trpc/trpc.ts';
import { packageVersion } from '../package-version.ts';
import { withCsvTwins } from './csv-routes.ts';
import { type OpenApiDoc, type ProcedureAnswers, withHonestAnswers } from './openapi-answers.ts';
import { withEventUnion } from './openapi-events.ts';
import { type QueryInput, withParameterNotes } from './openapi-parameters.ts';

type Procedure = { _def: { meta?: Meta; inputs?: unknown[] } };
const procedures = () => Object.values(appRouter._def.procedures as unknown as Record<string, Procedure>);

/** The GET routes and their inputs, whose fields are the query parameters. */
const queryInputs = (): QueryInput[] =>
  procedures().flatMap(({ _def: { meta, inputs } }) => (meta?.openapi?.method === 'GET' ? [{ path: meta.openapi.path, input: inputs?.[0] }] : []));

/** What each procedure's metadata says about its answers (method, credential, scope, its own statuses). */
function procedureAnswers(): ProcedureAnswers[] {
  return procedures().flatMap(({ _def: { meta } }) => {
    const route = meta?.openapi;
    if (!route) return [];
    const own = Array.isArray(route.errorResponses) ? {} : (route.errorResponses ?? {});
    const method = route.method.toLowerCase() as ProcedureAnswers['method'];
    return [{ method, path: route.path, protect: route.protect !== false, scoped: meta.needs !== undefined, own }];
  });
}

/** The OpenAPI document of the plain-JSON routes, CSV twins included, errors as the server sends them. */
export function openApiDocument(baseUrl: string) {
  const generated = generateOpenApiDocument(appRouter, {
    title: 'cs-analytics',
    description: 'Customer-service analytics: ingest, live monitoring, efficiency stats, quality audit, billing.',
    version: packageVersion(),
    baseUrl,
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API key (`csa_...`) with the scope the operation needs' },
      session: { type: 'apiKey', in: 'cookie', name: 'cs_analytics_session', description: 'The workbench session' },
    },
  });
  const honest = withHonestAnswers(generated as typeof generated & OpenApiDoc, procedureAnswers());
  const doc = withParameterNotes(withEventUnion(honest), queryInputs());
  return withCsvTwins(doc);
}

export type OpenApiRouteOptions = Omit<CreateOpenApiFastifyPluginOptions<AppRouter>, 'router' | 'basePath'>;

/**
 * The handler trpc-to-openapi's fastify plugin registers at `<prefix>/*`, over the appRouter. The plugin adds one
 * wildcard route and reads only its scope's prefix: it is handed a stand-in scope that keeps that route's handler,
 * so the route itself can be registered at start-up and this module loaded later.
 */
export function openApiRouteHandler(prefix: string, options: OpenApiRouteOptions): RouteHandlerMethod {
  let handler: RouteHandlerMethod | undefined;
  const scope = { prefix, route: (route: RouteOptions) => void (handler = route.handler) } as unknown as FastifyInstance;
  fastifyTRPCOpenApiPlugin(scope, { ...options, router: appRouter }, (err) => {
    if (err) throw err;
  });
  if (!handler) throw new Error('trpc-to-openapi registered no route');
  return handler;
}
