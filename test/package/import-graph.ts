// The static import graph of a module: every file reached through relative imports and re-exports (type-only ones
// included, since they reach a consumer's type-checker through the .d.ts), and the packages named on the way.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const specifiers = /(?:^|[\s;])(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(?\s*['"]([^'"]+)['"]/gm;

export interface ImportGraph {
  /** Files reached, absolute paths. */
  readonly files: readonly string[];
  /** Package names imported anywhere in the graph (`node:` built-ins left out), e.g. `zod`, `@trpc/server`. */
  readonly packages: readonly string[];
}

export function importGraph(entry: string): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
    for (const m of text.matchAll(specifiers)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(packageName(spec));
    }
  };
  visit(path.resolve(entry));
  return { files: [...files], packages: [...packages].sort() };
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What `cs-analytics/tracker` must never bring into a product: the server, its database drivers and frameworks. */
export const serverPackages = [
  'pg',
  'kysely',
  'fastify',
  'ioredis',
  '@electric-sql/pglite',
  '@trpc/server',
  '@trpc/client',
  '@fastify/static',
  '@fastify/helmet',
  '@fastify/cookie',
  'trpc-to-openapi',
  'pino',
  '@node-rs/argon2',
  'commander',
  'croner',
];
