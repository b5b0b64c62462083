// POST /api/analytics/ingest/track served by calling the ingest.track procedure itself (the same scope check, rate
// limit, input door, schemas and error mapping as every route), without trpc-to-openapi's generic adapter: for every
// request that adapter built a fetch Request (headers copied, the parsed body stringified again) only to read an
// abort signal, about a tenth of the server's CPU per ingested event. The answer and errors are the same.
import { getTRPCErrorFromUnknown, getTRPCErrorShape } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { appRouter } from '../trpc/app-router.ts';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import { httpStatusOf } from '../errors.ts';
import { contractError, logProcedureError } from './error-handler.ts';

const PATH = 'ingest.track';

/** Registers POST `<prefix>/ingest/track` (before the generic plain-JSON routes, which then leave it alone). */
export function ingestRoute(api: FastifyInstance, deps: AppDeps): void {
  const callerOf = createCallerFactory(appRouter);
  const contextOf = createContext(deps);
  api.post('/ingest/track', async (req, reply) => {
    const ctx = contextOf({ req, res: reply });
    try {
      return await callerOf(ctx).ingest.track(req.body as never);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      logProcedureError(req.log, error);
      const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: 'mutation', path: PATH, input: req.body, ctx });
      return reply.code(httpStatusOf[error.code] ?? 500).send(contractError({ ...shape, code: error.code }));
    }
  });
}
