// Where tests keep data: the one list of engines (memory, PGlite, PostgreSQL, Redis, a local Redis Cluster) with one
// way to open a clean place on each, the SQL fixtures under them, and the rule for engines needing a server (under
// CI=true an unreachable server fails the suite; otherwise the suite skips, saying why).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type PgHandle } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { startLocalCluster } from './redis-cluster.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface DatabaseFixture {
  readonly handle: PgHandle;
  readonly db: PgHandle['db'];
  /** The schema this fixture lives in, also its connections' application_name (PostgreSQL only). */
  readonly schema?: string;
  close(): Promise<void>;
}

const nameOfItsOwn = () => randomBytes(6).toString('hex');

/** A migrated schema `t_<random>` of its own on TEST_DATABASE_URL (via search_path), dropped on close. */
export async function postgresFixture(opts: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<DatabaseFixture> {
  const schema = `t_${nameOfItsOwn()}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const handle = await openDatabase({ databaseUrl: testDatabaseUrl, searchPath: schema, applicationName: schema, ...opts });
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    await adminQuery(`DROP SCHEMA ${schema} CASCADE`);
    throw err;
  }
  return {
    handle,
    db: handle.db,
    schema,
    async close() {
      await handle.close();
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** An in-memory PGlite, migrated. */
export async function pgliteFixture(): Promise<DatabaseFixture> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  return { handle, db: handle.db, close: () => handle.close() };
}

/**
 * A migrated schema `t_<random>` of its own on an open PGlite (its one connection's search_path), dropped on close;
 * the PGlite stays open. Booting PGlite takes seconds, a schema milliseconds.
 */
async function pgliteSchema(pglite: PgHandle): Promise<DatabaseFixture> {
  const schema = `t_${nameOfItsOwn()}`;
  const drop = async () => {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(pglite.db);
  };
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(pglite.db);
  await sql`SET search_path TO ${sql.id(schema)}`.execute(pglite.db);
  try {
    await migrateToLatest(pglite.db);
  } catch (err) {
    await drop();
    throw err;
  }
  const handle: PgHandle = { db: pglite.db, kind: pglite.kind, close: drop };
  return { handle, db: pglite.db, schema, close: drop };
}

/** Runs one statement on TEST_DATABASE_URL outside any fixture (schema set-up, pg_terminate_backend, ...). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** What an engine needs from outside the process: a PostgreSQL, a Redis, or the binaries to start a Redis Cluster. */
export type ServerKind = 'postgres' | 'redis' | 'redis-cluster';

const missing: Record<ServerKind, string> = {
  postgres: `PostgreSQL at ${testDatabaseUrl} is unreachable`,
  redis: `Redis at ${testRedisUrl} is unreachable`,
  'redis-cluster': 'redis-server and redis-cli (to start a local Redis Cluster) are not on PATH',
};

/** Whether the server answers (PostgreSQL: `SELECT 1`; Redis: `PING`, within about 2 seconds; cluster: binaries). */
export async function serverAvailable(kind: ServerKind): Promise<boolean> {
  try {
    if (kind === 'postgres') {
      await adminQuery('SELECT 1');
      return true;
    }
    if (kind === 'redis-cluster') {
      for (const binary of ['redis-server', 'redis-cli']) execFileSync(binary, ['--version'], { stdio: 'ignore' });
      return true;
    }
    return await redisPing(testRedisUrl);
  } catch {
    return false;
  }
}

const checked = new Map<ServerKind, Promise<string | null>>();

/**
 * The CI rule in one call: null when the server is there; under `CI=true` an unreachable server throws (the suite
 * fails); otherwise why the suite skips (also printed once).
 */
export function whyUnavailable(kind: ServerKind): Promise<string | null> {
  let result = checked.get(kind);
  if (!result) {
    result = serverAvailable(kind).then((up) => {
      if (up) return null;
      if (process.env.CI === 'true') throw new Error(`CI: ${missing[kind]}; this suite is mandatory under CI=true`);
      console.warn(`skipping ${kind} suites: ${missing[kind]} (set CI=true to make this a failure)`);
      return missing[kind];
    });
    checked.set(kind, result);
  }
  return result;
}

/**
 * The CI rule as a yes/no: `describe.skipIf(!(await needServer('postgres')))('PostgresEventStore', () => { ... })`.
 */
export async function needServer(kind: ServerKind): Promise<boolean> {
  return (await whyUnavailable(kind)) === null;
}

function redisPing(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    // +PONG, or -NOAUTH when a password is needed: either way a Redis answered.
    socket.on('data', (chunk) => done(/^[+-]/.test(chunk.toString())));
  });
}

/** A Redis client and a key prefix no other test uses. */
export interface RedisPlace {
  readonly redis: Redis | Cluster;
  readonly keyPrefix: string;
  close(): Promise<void>;
}

/** What one test gets on each kind of engine: nothing to open (memory), a migrated SQL schema, a Redis key prefix. */
export interface Places {
  readonly memory: { close(): Promise<void> };
  readonly sql: DatabaseFixture;
  readonly redis: RedisPlace;
}

export type EngineKind = keyof Places;

export interface StartedEngine<K extends EngineKind> {
  /** A clean place for one test (its own schema or key prefix); close() removes what the test left there. */
  open(): Promise<Places[K]>;
  stop(): Promise<void>;
}

export interface Engine<K extends EngineKind = EngineKind> {
  readonly name: 'memory' | 'PGlite' | 'PostgreSQL' | 'Redis' | 'Redis Cluster';
  readonly kind: K;
  /** What it needs from outside, under the CI rule (null: it always runs). */
  readonly server: ServerKind | null;
  /** Starts what the engine needs for a file of tests: an embedded database, a client, a local cluster. */
  start(): Promise<StartedEngine<K>>;
}

// The engines: `start` is what a file of tests shares (an embedded database, a client, a cluster), `open` what one
// test gets. PGlite and PostgreSQL are one kind (`sql`): the same kysely adapters run on both.
export const memoryEngine: Engine<'memory'> = {
  name: 'memory',
  kind: 'memory',
  server: null,
  start: async () => ({ open: async () => ({ close: async () => {} }), stop: async () => {} }),
};
export const pgliteEngine: Engine<'sql'> = { name: 'PGlite', kind: 'sql', server: null, start: startPglite };
export const postgresEngine: Engine<'sql'> = {
  name: 'PostgreSQL',
  kind: 'sql',
  server: 'postgres',
  start: async () => ({ open: () => postgresFixture(), stop: async () => {} }),
};
export const redisEngine: Engine<'redis'> = { name: 'Redis', kind: 'redis', server: 'redis', start: startRedis };
export const redisClusterEngine: Engine<'redis'> = { name: 'Redis Cluster', kind: 'redis', server: 'redis-cluster', start: startRedisCluster };

/** Every engine a port may have an adapter on, in the order suites run on them. */
export const engines = [memoryEngine, pgliteEngine, postgresEngine, redisEngine, redisClusterEngine] as const;

/** One in-memory PGlite for a file of tests, a schema per test. */
async function startPglite(): Promise<StartedEngine<'sql'>> {
  const pglite = await openDatabase({ dataDir: 'memory://' });
  return { open: () => pgliteSchema(pglite), stop: () => pglite.close() };
}

/** One client of TEST_REDIS_URL for a file of tests, a key prefix per test (its keys deleted on close). */
async function startRedis(): Promise<StartedEngine<'redis'>> {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  return {
    async open() {
      const keyPrefix = `test:${nameOfItsOwn()}:`;
      const close = async () => {
        const keys = await redis.keys(`${keyPrefix}*`); // test-only: the prefix holds a handful of keys
        if (keys.length) await redis.del(...keys);
      };
      return { redis, keyPrefix, close };
    },
    stop: async () => {
      await redis.quit();
    },
  };
}

/** A local three-node cluster for a file of tests, a key prefix per test (the cluster is thrown away after). */
async function startRedisCluster(): Promise<StartedEngine<'redis'>> {
  const local = await startLocalCluster();
  const cluster = new Cluster(
    local.ports.map((port) => ({ host: '127.0.0.1', port })),
    { redisOptions: { maxRetriesPerRequest: 1 } },
  );
  return {
    open: async () => ({ redis: cluster, keyPrefix: `test:${nameOfItsOwn()}:`, close: async () => {} }),
    stop: async () => {
      await cluster.quit();
      await local.stop();
    },
  };
}

/** An SQL engine of the list for suites that open a whole database per test. */
export interface SqlEngine {
  readonly name: Engine['name'];
  /** Starts the engine and opens one place on it; closing the fixture stops both. */
  readonly open: () => Promise<DatabaseFixture>;
  /** True when the engine's server is unreachable outside CI (the suite skips). */
  readonly skip: boolean;
}

/**
 * The SQL engines of the list, for suites that must hold on each:
 * `for (const engine of await sqlEngines()) describe.skipIf(engine.skip)(engine.name, () => { ... })`.
 */
export async function sqlEngines(): Promise<SqlEngine[]> {
  return Promise.all(
    [pgliteEngine, postgresEngine].map(async (engine) => ({
      name: engine.name,
      skip: engine.server !== null && !(await needServer(engine.server)),
      async open() {
        const started = await engine.start();
        const place = await started.open();
        const close = async () => {
          await place.close();
          await started.stop();
        };
        return { ...place, close };
      },
    })),
  );
}
