// The workbench: the built web (web/dist) at /, with the page routes falling back to index.html (a SPA). When it is
// not built, a page route answers 404 with a short page saying how to build it (the API works without it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';

/** Where the workbench is built to: web/dist of the package, from source (transport/http) or compiled (dist/transport/http). */
export const defaultWebDir = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../../web/dist' : '../../web/dist', import.meta.url));

/** The command that builds the workbench into web/dist. */
export const BUILD_WEB = 'npm run build:web';

/** Pages the React router owns: a direct visit or a reload gets index.html. */
const PAGES = ['/monitoring', '/dashboard', '/audit', '/billing', '/sign-in', '/sessions'];

const isPage = (url: string) => {
  const [p = '/'] = url.split('?', 1);
  return p === '/' || PAGES.some((page) => p === page || p.startsWith(`${page}/`));
};

/** Whether the workbench in `webDir` is built (its index.html is there). */
export function workbenchBuilt(webDir: string = defaultWebDir): boolean {
  return existsSync(path.join(webDir, 'index.html'));
}

const notBuiltPage = (webDir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cs-analytics: workbench not built</title></head>
<body><h1>The workbench is not built</h1>
<p>${webDir}/index.html is missing. Build it with <code>${BUILD_WEB}</code> in the package folder, then restart
<code>cs-analytics serve</code>. The API answers meanwhile: <a href="/api/analytics/openapi.json">/api/analytics/openapi.json</a>.</p>
</body></html>
`;

/** Serves `webDir` when it is built; returns whether it is. */
export async function staticWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  const served = workbenchBuilt(webDir);
  if (served) await app.register(fastifyStatic, { root: path.resolve(webDir), prefix: '/', wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && isPage(req.url)) {
      if (served) return reply.type('text/html').sendFile('index.html');
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(notBuiltPage(path.resolve(webDir)));
    }
    return reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?', 1)[0]}`));
  });
  return served;
}
