// GET /metrics, the service's Prometheus metrics: on the main port only to an API key with the `admin` scope (they
// tell traffic, tenants' event names and the pool's state); on METRICS_PORT, a listener of its own that only a
// scraper should reach, to anyone without a credential. Each answered request of the main port is timed here too.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { ServiceMetrics } from '../../adapters/metrics/service-metrics.ts';
import { errorBody, unauthorizedMessage } from '../errors.ts';
import type { AppDeps } from '../trpc/context.ts';
import { bearerToken } from './auth-plugin.ts';

export const METRICS_PATH = '/metrics';

/** Times every request of `app` into the request-duration histogram, by route pattern (never the raw URL). */
export function timeRequests(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requestAnswered({ route, method: req.method, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });
}

/** GET /metrics on the main port, for an `admin`-scoped API key (Bearer) only: 401 without a valid key, 403 without the scope. */
export function metricsRoute(app: FastifyInstance, deps: Pick<AppDeps, 'keys'> & { readonly metrics: ServiceMetrics }): void {
  app.get(METRICS_PATH, async (req, reply) => {
    const key = bearerToken(req);
    const actor = key === undefined ? null : await deps.keys.authenticate(key);
    if (!actor) {
      // The auth plugin's onSend hook answers every 401 with its challenge, invalid_token for a refused key.
      if (key !== undefined) req.refusedCredential = 'key';
      const message = key === undefined ? 'send an API key with the admin scope: Authorization: Bearer <key>' : unauthorizedMessage('key');
      return reply.code(401).send(errorBody('UNAUTHORIZED', message));
    }
    req.actor = actor;
    if (actor.kind !== 'key' || !actor.scopes.includes('admin')) {
      return reply.code(403).send(errorBody('FORBIDDEN', 'metrics need an API key with the admin scope'));
    }
    return sendMetrics(reply, deps.metrics);
  });
}

/** The listener of METRICS_PORT: GET /metrics and nothing else, no credential (bind it where only scrapers reach). */
export async function metricsServer(metrics: ServiceMetrics): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get(METRICS_PATH, (_req, reply) => sendMetrics(reply, metrics));
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `only GET ${METRICS_PATH} here, not ${req.method} ${req.url.split('?', 1)[0]}`)),
  );
  return app;
}

async function sendMetrics(reply: FastifyReply, metrics: ServiceMetrics): Promise<FastifyReply> {
  const text = await metrics.text();
  return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
}
