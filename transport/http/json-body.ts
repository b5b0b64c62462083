// The JSON body parser of the server (tRPC keeps its own, in its scope): fastify's own parse (prototype poisoning
// refused, the body limit's 413 kept), then every part nested deeper than MAX_INPUT_DEPTH is cut off and replaced by
// a TooDeep marker, without recursion. Nothing after it (trpc-to-openapi stringifies the body) can then overflow the
// stack; the procedure's input door refuses the marker naming the field, and ingest.track rejects such an event alone.
import type { FastifyInstance } from 'fastify';
import { MAX_INPUT_DEPTH, TooDeep } from '../../domain/input-limits.ts';

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** `value` (parsed JSON) with each container below level `maxDepth` replaced by a TooDeep marker (in place). */
export function cutTooDeep(value: unknown, maxDepth = MAX_INPUT_DEPTH): unknown {
  if (!isContainer(value)) return value;
  const stack: [Container, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (!isContainer(node[i])) continue;
        if (depth >= maxDepth) node[i] = new TooDeep();
        else stack.push([node[i] as Container, depth + 1]);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      if (!isContainer(node[key])) continue;
      if (depth >= maxDepth) node[key] = new TooDeep();
      else stack.push([node[key] as Container, depth + 1]);
    }
  }
  return value;
}

/** Replaces fastify's JSON parser with the same parse plus the depth bound (register on the root instance). */
export function parseJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, body as string, (err, value) => (err ? done(err, undefined) : done(null, cutTooDeep(value))));
  });
}
