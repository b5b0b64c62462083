// Probes: /healthz (the process answers) and /readyz (the database and the realtime store answer, within
// READY_TIMEOUT_MS whatever they do). Every 503 the service sends (not ready, a store unavailable) says when to retry.
import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from '../errors.ts';

/** What /readyz reports; each check is true when its store answered. */
export interface Readiness {
  readonly database: boolean;
  readonly realtime: boolean;
}

/** /readyz answers within this even if a check hangs (each check has a shorter timeout of its own). */
export const READY_TIMEOUT_MS = 2000;

export function healthRoutes(app: FastifyInstance, ready: () => Promise<Readiness>): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    // tRPC's adapter sends a fetch Response, whose status fastify applies only after these hooks.
    const status = payload instanceof Response ? payload.status : reply.statusCode;
    if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return payload;
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks = await within(ready(), { database: false, realtime: false });
    const ok = checks.database && checks.realtime;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });
}

/** `work`'s answer, or `otherwise` after READY_TIMEOUT_MS. */
function within<T>(work: Promise<T>, otherwise: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), READY_TIMEOUT_MS);
  });
  return Promise.race([work.catch(() => otherwise), late]).finally(() => clearTimeout(timer));
}
