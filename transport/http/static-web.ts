// The workbench: the built web (web/dist) at /, with the page routes falling back to index.html (a SPA).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';

/** Pages the React router owns: a direct visit or a reload gets index.html. */
const PAGES = ['/monitoring', '/dashboard', '/audit', '/billing', '/sign-in', '/sessions'];

const isPage = (url: string) => {
  const [p = '/'] = url.split('?', 1);
  return p === '/' || PAGES.some((page) => p === page || p.startsWith(`${page}/`));
};

/** Serves `webDir` when it exists (the web engineer builds into web/dist); returns whether it did. */
export async function staticWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  const served = existsSync(path.join(webDir, 'index.html'));
  if (served) await app.register(fastifyStatic, { root: path.resolve(webDir), prefix: '/', wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    if (served && req.method === 'GET' && isPage(req.url)) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?', 1)[0]}`));
  });
  return served;
}
