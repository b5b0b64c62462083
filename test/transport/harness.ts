// A real server for transport tests: the service assembled on an in-memory PGlite + in-process realtime, fastify on
// port 0, tenants with keys of every scope and users of every role, a tRPC client and plain fetch helpers.
import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpBatchLink, httpLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { FastifyInstance } from 'fastify';
import { assembleServices, createServices, type Services } from '../../adapters/index.ts';
import { openDatabase } from '../../adapters/postgres/db/connect.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import type { Role, Scope } from '../../domain/access/models.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { buildServer, type ServerConfig } from '../../transport/http/build-server.ts';
import { appRouter, type AppRouter } from '../../transport/trpc/app-router.ts';
import type { Meta } from '../../transport/trpc/trpc.ts';
import { adminQuery, pgliteFixture, testDatabaseUrl, testRedisUrl, type DatabaseFixture } from '../support/databases.ts';

/** Every procedure of the appRouter by its dotted path, with its type and metadata. */
export const procedureDefs = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation'; meta?: Meta } }>;

export const PASSWORD = 'correct horse battery';

export interface TenantFixture {
  readonly tenantId: string;
  /** A key with exactly one scope, and one with all three. */
  readonly keys: Record<Scope | 'all', string>;
}

export interface Harness {
  readonly services: Services;
  /** The database under the services, to look at what they stored. */
  readonly db: DatabaseFixture['db'];
  readonly app: FastifyInstance;
  readonly url: string;
  readonly a: TenantFixture;
  readonly b: TenantFixture;
  /** A tRPC client over HTTP with a Bearer key (or none). */
  client(key?: string, opts?: { batch?: boolean; cookie?: string }): ReturnType<typeof createTRPCClient<AppRouter>>;
  /** Plain fetch against the server. */
  fetch(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  /** Signs a user of tenant a in and returns the session cookie (`name=value`). */
  signIn(role: Role): Promise<string>;
  /** What the server answered, when started with `record` (the plain-JSON answers and the tRPC results), in order. */
  readonly answers: RecordedAnswer[];
  close(): Promise<void>;
}

/** Makes a tenant with a key per scope and a user per role (`<role>-<tenant>`, password PASSWORD; the agent linked to `agent-<tenant>`). */
export async function givenTenant(services: Services, tenantId: string): Promise<TenantFixture> {
  await services.tenants.create({ tenantId, timeZone: 'Europe/Paris' });
  const issue = async (scopes: Scope[]) => (await services.keys.issue({ tenantId, scopes })).key;
  const keys = {
    ingest: await issue(['ingest']),
    read: await issue(['read']),
    admin: await issue(['admin']),
    all: await issue(['ingest', 'read', 'admin']),
  };
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    // The agent user acts as the agent id `agent-<tenant>` (it may set only that agent's status).
    const agentId = role === 'agent' ? { agentId: `agent-${tenantId}` } : {};
    await services.users.create({ tenantId, username: `${role}-${tenantId}`, role, password: PASSWORD, ...agentId });
  }
  return { tenantId, keys };
}

export interface HarnessOptions {
  /**
   * Run on the real servers (PostgreSQL in a schema of its own, Redis under a key prefix of its own) through
   * createServices, as `serve` does; callers check `needServer` first. Default: in-memory PGlite + in-process realtime.
   */
  readonly servers?: boolean | { readonly redisUrl?: string };
  /** Keep every answer `fetch` gets under /api/ and every tRPC result in `answers` (test/transport/openapi-conformance.ts). */
  readonly record?: boolean;
}

/** One answer the server gave: over plain HTTP (any status), or a tRPC procedure's result (its `data`). */
export type RecordedAnswer =
  | {
      readonly kind: 'http';
      readonly method: string;
      readonly url: string;
      readonly status: number;
      readonly headers: Headers;
      readonly body: string;
    }
  | { readonly kind: 'trpc'; readonly procedure: string; readonly data: unknown };

interface Backing {
  readonly services: Services;
  readonly db: DatabaseFixture['db'];
  close(): Promise<void>;
}

async function embeddedBacking(): Promise<Backing> {
  const fx = await pgliteFixture();
  const services = assembleServices({ database: fx.handle, realtimeStore: new MemoryRealtimeStore() }, new AnalyticsConfig({ dataDir: 'memory://' }));
  return {
    services,
    db: fx.db,
    async close() {
      await services.close();
      await fx.close();
    },
  };
}

async function serverBacking(redisUrl: string): Promise<Backing> {
  const schema = `h_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const services = await createServices(new AnalyticsConfig({ databaseUrl: testDatabaseUrl, redisUrl }), {
    searchPath: schema,
    redisKeyPrefix: `test:${schema}:`,
  });
  // A connection of the test's own to look at what the service stored (migrated already, by createServices).
  const look = await openDatabase({ databaseUrl: testDatabaseUrl, searchPath: schema, poolSize: 2 });
  return {
    services,
    db: look.db,
    async close() {
      await services.close();
      await look.close();
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

export async function startHarness(config: ServerConfig = {}, options: HarnessOptions = {}): Promise<Harness> {
  const backing = options.servers
    ? await serverBacking((typeof options.servers === 'object' && options.servers.redisUrl) || testRedisUrl)
    : await embeddedBacking();
  const services = backing.services;
  const a = await givenTenant(services, 'tenant-a');
  const b = await givenTenant(services, 'tenant-b');
  const app = await buildServer(services, { rateLimits: { ingestPerMinute: 100_000, signInPerMinute: 1000 }, ...config });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const answers: RecordedAnswer[] = [];
  // Each tRPC result as the client receives it (errors have tRPC's own envelope: the plain-JSON side checks those).
  const recordResults: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next(value) {
            answers.push({ kind: 'trpc', procedure: op.path, data: value.result.data });
            observer.next(value);
          },
          error: (err) => observer.error(err),
          complete: () => observer.complete(),
        }),
      );

  const client = (key?: string, opts: { batch?: boolean; cookie?: string } = {}) => {
    const headers = () => ({
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    });
    const link = opts.batch ? httpBatchLink({ url: `${url}/trpc`, headers }) : httpLink({ url: `${url}/trpc`, headers });
    return createTRPCClient<AppRouter>({ links: options.record ? [recordResults, link] : [link] });
  };

  const fetchIt = async (path: string, init: RequestInit & { key?: string; json?: unknown } = {}) => {
    const { key, json, headers, ...rest } = init;
    const res = await fetch(`${url}${path}`, {
      ...rest,
      ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
      headers: {
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(headers as Record<string, string> | undefined),
      },
    });
    if (options.record && path.startsWith('/api/')) {
      const method = rest.method ?? (json !== undefined ? 'POST' : 'GET');
      answers.push({ kind: 'http', method, url: path, status: res.status, headers: res.headers, body: await res.clone().text() });
    }
    return res;
  };

  const signIn = async (role: Role) => {
    const res = await fetchIt('/api/analytics/auth/signIn', { json: { username: `${role}-tenant-a`, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie') ?? '';
    return cookie.split(';', 1)[0]!;
  };

  return {
    services,
    db: backing.db,
    app,
    url,
    a,
    b,
    client,
    fetch: fetchIt,
    signIn,
    answers,
    async close() {
      await app.close();
      await backing.close();
    },
  };
}
