// `cs-analytics/tracker` is what a product installs to send events: its sources import nothing of the server.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, serverPackages } from './import-graph.ts';

const source = (file: string) => fileURLToPath(new URL(`../../${file}`, import.meta.url));

describe('the tracker entry', () => {
  it('reaches none of the server packages (pg, kysely, fastify, ioredis, PGlite, tRPC, ...)', () => {
    const graph = importGraph(source('transport/package/tracker.ts'));
    expect(graph.files.length).toBeGreaterThan(10);
    expect(graph.packages.filter((p) => serverPackages.includes(p))).toEqual([]);
    expect(graph.packages).toEqual(expect.arrayContaining(['zod']));
  });

  it('is walked far enough to see a server package when one is imported (the fastify entry and the root do)', () => {
    expect(importGraph(source('transport/package/fastify.ts')).packages).toContain('fastify');
    const root = importGraph(source('index.ts')).packages;
    expect(root).toEqual(expect.arrayContaining(['fastify', 'kysely']));
  });
});
