// The access log: one `info` record per answered request in place of fastify's two (its log controller, the
// non-deprecated form of `disableRequestLogging` plus a record at response time), with the request id (pino's
// `reqId`, as every record of the request), the tenant when authenticated, the route pattern, the path, method,
// status and duration. Never a header, a cookie or the query string: secrets travel there.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** The fields of a request's access record. */
export function accessRecord(req: FastifyRequest, reply: FastifyReply) {
  return {
    tenant: req.actor?.tenantId ?? null,
    route: req.routeOptions.url ?? null,
    // The path alone (as received, before a route rewrote it): a query string may carry a secret, the path never does.
    path: req.originalUrl.split('?', 1)[0],
    method: req.method,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
  };
}

/** fastify's request logging, replaced: nothing when a request comes in, one record when its answer is sent. */
class AccessLog extends LogController {
  // Nothing logged when a request comes in; its path is read now, before a route (trpc-to-openapi's) rewrites the URL.
  override incomingRequest(req: FastifyRequest): void {
    void req.originalUrl;
  }

  // A 404 is the access record's status: no "Route GET:/x not found" record beside it.
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...accessRecord(req, reply), err: error }, 'request errored');
    else reply.log.info(accessRecord(req, reply), 'request');
  }
}

/** The fastify options that make each request one access record (the logger itself is the server's). */
export function accessLogOptions(): { logController: LogController } {
  return { logController: new AccessLog() };
}
