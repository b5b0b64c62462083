// Test databases: a fresh migrated schema on the real PostgreSQL per test, an in-memory PGlite, and the rule for
// suites needing a server (under CI=true an unreachable server fails the suite; otherwise the suite skips, saying why).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { openDatabase, type PgHandle } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface DatabaseFixture {
  readonly handle: PgHandle;
  readonly db: PgHandle['db'];
  /** The schema this fixture lives in, also its connections' application_name (PostgreSQL only). */
  readonly schema?: string;
  close(): Promise<void>;
}

/** A migrated schema `t_<random>` of its own on TEST_DATABASE_URL (via search_path), dropped on close. */
export async function postgresFixture(opts: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<DatabaseFixture> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
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

export type ServerKind = 'postgres' | 'redis';

/** Whether the test server answers (PostgreSQL: `SELECT 1`; Redis: `PING`), within about 2 seconds. */
export async function serverAvailable(kind: ServerKind): Promise<boolean> {
  try {
    if (kind === 'postgres') {
      await adminQuery('SELECT 1');
      return true;
    }
    return await redisPing(testRedisUrl);
  } catch {
    return false;
  }
}

const checked = new Map<ServerKind, Promise<boolean>>();

/**
 * The CI rule in one call: true when the server is there; under `CI=true` an unreachable server throws (the suite
 * fails); otherwise false with a message, so the suite skips.
 *
 * ```ts
 * describe.skipIf(!(await needServer('postgres')))('PostgresEventStore', () => { ... });
 * ```
 */
export function needServer(kind: ServerKind): Promise<boolean> {
  let result = checked.get(kind);
  if (!result) {
    result = serverAvailable(kind).then((up) => {
      if (up) return true;
      const url = kind === 'postgres' ? testDatabaseUrl : testRedisUrl;
      if (process.env.CI === 'true') throw new Error(`CI: ${kind} at ${url} is unreachable; this suite is mandatory under CI=true`);
      console.warn(`skipping ${kind} suite: ${url} is unreachable (set CI=true to make this a failure)`);
      return false;
    });
    checked.set(kind, result);
  }
  return result;
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

export interface Engine {
  readonly name: 'PGlite' | 'PostgreSQL';
  readonly open: () => Promise<DatabaseFixture>;
  /** True when the engine's server is unreachable outside CI (the suite skips). */
  readonly skip: boolean;
}

/**
 * Both SQL engines, for suites that must hold on each:
 * `for (const engine of await sqlEngines()) describe.skipIf(engine.skip)(engine.name, () => { ... })`.
 */
export async function sqlEngines(): Promise<Engine[]> {
  return [
    { name: 'PGlite', open: pgliteFixture, skip: false },
    { name: 'PostgreSQL', open: postgresFixture, skip: !(await needServer('postgres')) },
  ];
}
