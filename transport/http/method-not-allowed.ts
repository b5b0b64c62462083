// 405 for a known plain-JSON path asked with a method it does not answer (`GET .../ingest/track`), with `Allow` and
// the contract's error body; a path nothing serves stays 404. What a path answers comes from the procedures' routes
// (their OpenAPI meta), the CSV twins (GET) and the scope's own fastify routes (the OpenAPI document).
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';
import { appRouter } from '../trpc/app-router.ts';
import type { Meta } from '../trpc/trpc.ts';
import { csvTables } from './csv-tables.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods each path below the prefix answers by the procedures' routes and the CSV twins (`/ingest/track` -> POST). */
export function procedureMethodsByPath(): ReadonlyMap<string, ReadonlySet<string>> {
  const table = new Map<string, Set<string>>();
  const add = (path: string, method: string) => table.set(path, (table.get(path) ?? new Set()).add(method));
  for (const procedure of Object.values(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)) {
    const route = procedure._def.meta?.openapi;
    if (route) add(route.path, route.method);
  }
  for (const procedure of Object.keys(csvTables)) add(`/${procedure.replaceAll('.', '/')}.csv`, 'GET');
  return table;
}

/**
 * Registers the check in the plain-JSON scope, before its other hooks: a request that reached the scope's catch-all
 * route (`<prefix>/*`) on a path some other method answers is refused there.
 */
export function refuseWrongMethods(api: FastifyInstance, prefix: string): void {
  const byProcedure = procedureMethodsByPath();
  const catchAll = `${prefix}/*`;
  api.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.url !== catchAll) return;
    const [path = ''] = req.url.split('?', 1);
    const allowed = new Set(byProcedure.get(path.slice(prefix.length)));
    for (const method of METHODS) if (api.hasRoute({ url: path, method })) allowed.add(method);
    if (allowed.size === 0 || allowed.has(req.method)) return;
    const methods = METHODS.filter((m) => allowed.has(m));
    reply.header('allow', methods.join(', '));
    return reply.code(405).send(errorBody('METHOD_NOT_SUPPORTED', `${req.method} is not allowed on ${path}: use ${methods.join(' or ')}`));
  });
}
