// The request id: the caller's X-Request-Id when it is a short plain token (tracing across services), else a fresh
// UUID. The answer carries it in the same header and every log record of the request names it: the same value.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

const HEADER = 'x-request-id';
/** What tracing ids are made of, at most 128 characters: nothing that can forge a log line or bloat every record. */
const WELL_FORMED = /^[A-Za-z0-9._:/-]{1,128}$/;

/** fastify's `genReqId`: the caller's id when well-formed, else a fresh one (never an error: the id is only a label). */
export function requestIdOf(raw: IncomingMessage): string {
  const sent = raw.headers[HEADER];
  return typeof sent === 'string' && WELL_FORMED.test(sent) ? sent : randomUUID();
}

/** Answers every request's id in X-Request-Id (set first, so error answers carry it too). */
export function answerRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header(HEADER, req.id);
  });
}
