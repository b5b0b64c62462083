// Probes: /healthz (the process answers) and /readyz (the database and the realtime store answer).
import type { FastifyInstance } from 'fastify';

/** What /readyz reports; each check is true when its store answered. */
export interface Readiness {
  readonly database: boolean;
  readonly realtime: boolean;
}

export function healthRoutes(app: FastifyInstance, ready: () => Promise<Readiness>): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks = await ready();
    const ok = checks.database && checks.realtime;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });
}
