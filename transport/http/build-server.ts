// buildServer: the fastify instance of the service (tRPC at /trpc, plain JSON + OpenAPI at /api/analytics, probes,
// the workbench at /). It never listens; `serve` does.
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServiceMetrics } from '../../adapters/metrics/service-metrics.ts';
import { appRouter, type AppRouter } from '../trpc/app-router.ts';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { accessLogOptions } from './access-log.ts';
import { authenticateRequests } from './auth-plugin.ts';
import { handleErrors, logProcedureError, trpcErrorHeaders } from './error-handler.ts';
import { healthRoutes, type Readiness } from './health-routes.ts';
import { parseJsonBodies } from './json-body.ts';
import { metricsRoute, timeRequests } from './metrics-route.ts';
import { noStoreOnApi } from './no-store.ts';
import { checkOrigins } from './origin-check.ts';
import { plainJsonRoutes } from './plain-json-routes.ts';
import { decodeRequestBodies } from './request-encoding.ts';
import { capBatches, defaultRateLimits, registerRateLimits, type RateLimits } from './rate-limits.ts';
import { answerRequestIds, requestIdOf } from './request-id.ts';
import { defaultWebDir, staticWeb } from './static-web.ts';

export interface ServerDeps extends AppDeps {
  ready(): Promise<Readiness>;
  /** Where requests are timed, and what GET /metrics serves to admin keys. */
  readonly metrics: ServiceMetrics;
}

export interface ServerConfig {
  /** Largest request body in bytes (default 1 MiB; larger answers 413). */
  readonly bodyLimit?: number;
  readonly rateLimits?: Partial<RateLimits>;
  /** The built workbench (default web/dist). */
  readonly webDir?: string;
  /** fastify's logger option (pino); default off. With one, each request is one `info` record (access-log.ts). */
  readonly logger?: FastifyServerOptions['logger'];
  /** fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-* to believe for protocol, host and address; default none. */
  readonly trustProxy?: boolean | readonly string[];
  /** Origins besides the server's own whose pages may send cookie mutations (ALLOWED_ORIGINS). */
  readonly allowedOrigins?: readonly string[];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildServer(deps: ServerDeps, config: ServerConfig = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logger ?? false,
    ...accessLogOptions(),
    bodyLimit: config.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: typeof config.trustProxy === 'object' ? [...config.trustProxy] : (config.trustProxy ?? false),
    // A caller's well-formed X-Request-Id is kept (tracing across services), else a fresh one.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Batched tRPC calls put several procedure names in one path segment.
    routerOptions: { maxParamLength: 5000 },
  });
  answerRequestIds(app);
  timeRequests(app, deps.metrics);
  noStoreOnApi(app);
  handleErrors(app);
  decodeRequestBodies(app);
  parseJsonBodies(app);
  await app.register(helmet, {
    // The workbench is a same-origin SPA; charts set inline styles.
    contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  await app.register(cookie);
  authenticateRequests(app, deps);
  checkOrigins(app, config.allowedOrigins);
  const rateLimits = { ...defaultRateLimits, ...config.rateLimits };
  await registerRateLimits(app, rateLimits);

  healthRoutes(app, () => deps.ready());
  metricsRoute(app, deps);
  await app.register(async (trpc) => {
    capBatches(trpc, rateLimits.maxBatchSize);
    // tRPC reads JSON bodies itself (its plugin adds a string parser in this scope): the depth-bounding one steps aside.
    trpc.removeContentTypeParser('application/json');
    // The tRPC client posts a mutation without input as an empty JSON body, which tRPC cannot parse: read it as `{}`.
    trpc.addHook('preHandler', async (req) => {
      if (req.method === 'POST' && req.body === '') req.body = '{}';
    });
    await trpc.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: createContext(deps),
        maxBatchSize: rateLimits.maxBatchSize,
        responseMeta: trpcErrorHeaders,
        onError({ error, path, req }) {
          logProcedureError(req.log, error, path === undefined ? {} : { path });
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });
  await plainJsonRoutes(app, deps);
  await staticWeb(app, config.webDir ?? defaultWebDir);
  return app;
}
