// Every error answer of the HTTP side in the contract's shape `{ "error": { "code", "message", "issues"? } }`:
// fastify's own (bad JSON 400, 404, 413, 429) here, plain-JSON procedure errors through `contractError`; a store that
// cannot be reached 503 with Retry-After wherever it fails; and the headers tRPC's error answers need (trpcErrorHeaders).
import type { AnyRouter } from '@trpc/server';
import type { ResponseMeta, ResponseMetaFn } from '@trpc/server/http';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import {
  bodyTooLargeMessage,
  codeOfStatus,
  errorBody,
  INTERNAL_MESSAGE,
  isStorageUnreachable,
  RETRY_AFTER_SECONDS,
  STORAGE_UNAVAILABLE_MESSAGE,
  type Issue,
} from '../errors.ts';

/** The error a procedure answered on a plain-JSON route (trpc-to-openapi's shape) in the contract's shape. */
export function contractError(body: unknown): ReturnType<typeof errorBody> {
  const b = (body ?? {}) as { error?: unknown; code?: unknown; message?: unknown; data?: { issues?: Issue[] } };
  if (typeof b.error === 'object' && b.error !== null) return body as ReturnType<typeof errorBody>;
  const issues = b.data?.issues;
  const first = issues?.[0];
  const message = first ? `${first.field}: ${first.message}` : typeof b.message === 'string' ? b.message : INTERNAL_MESSAGE;
  return errorBody(typeof b.code === 'string' ? b.code : 'INTERNAL_SERVER_ERROR', message, issues);
}

function messageOf(err: FastifyError, status: number, bodyLimit: number): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLargeMessage(bodyLimit);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'content-type: send application/json';
    default:
      return status >= 500 ? INTERNAL_MESSAGE : err.message;
  }
}

/**
 * Sets the error handler of the root instance. A store that cannot be reached (an API key looked up while PostgreSQL
 * is down): 503 with Retry-After. Other unexpected errors: 500, logged with the request id.
 */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { body?: unknown }, req, reply) => {
    if (isStorageUnreachable(err)) {
      warnStorageUnavailable(req.log, err);
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.code(503).send(errorBody('SERVICE_UNAVAILABLE', STORAGE_UNAVAILABLE_MESSAGE));
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, reqId: req.id }, 'unexpected error');
    if (err.body) return reply.code(status).send(err.body);
    const bodyLimit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    return reply.code(status).send(errorBody(codeOfStatus(status), messageOf(err, status, bodyLimit)));
  });
}

/** The method a tRPC procedure is called with over HTTP: queries by GET, mutations by POST. */
const trpcMethodOf = { query: 'GET', mutation: 'POST', subscription: 'GET' } as const;

/**
 * tRPC's responseMeta: Retry-After when a call of the request was refused 503 (a batch answering 207 included), Allow
 * when tRPC refused the method (405).
 */
export function trpcErrorHeaders<R extends AnyRouter>(...[{ errors, info }]: Parameters<ResponseMetaFn<R>>): ResponseMeta {
  const headers: Record<string, string> = {};
  if (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  if (errors.some((e) => e.code === 'METHOD_NOT_SUPPORTED')) {
    const methods = new Set(info?.calls.flatMap((c) => (c.procedure ? [trpcMethodOf[c.procedure._def.type]] : [])));
    if (methods.size > 0) headers.allow = [...methods].join(', ');
  }
  return { headers };
}

/**
 * Logs a procedure's failure once, whichever door it came through (tRPC, plain JSON, the ingest route): an unexpected
 * error with its cause, and an unreachable store as a warning, so an operator sees the outage behind the 503s.
 */
export function logProcedureError(log: FastifyBaseLogger, error: { code: string; cause?: unknown }, fields: { path?: string } = {}): void {
  if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, ...fields }, 'procedure failed');
  else if (error.code === 'SERVICE_UNAVAILABLE') warnStorageUnavailable(log, error.cause, fields);
}

/** The one warning of an unreachable store, with what the driver said (never shown to the caller). */
function warnStorageUnavailable(log: FastifyBaseLogger, cause: unknown, fields: { path?: string } = {}): void {
  log.warn({ reason: (cause as Error | undefined)?.message ?? String(cause), ...fields }, 'storage unavailable');
}
