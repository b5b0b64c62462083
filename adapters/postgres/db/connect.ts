// Opens the analytics database: a small dedicated pg pool on a real PostgreSQL, or PGlite in a local folder.
// Same kysely Database either way, so there is one code path for SQL. Each driver is loaded only when opened:
// a service on PostgreSQL never loads PGlite's WebAssembly, an embedded one never loads pg.
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import type { Database } from '../schema.ts';

export interface OpenOptions {
  /** postgres:// URL; absent means embedded PGlite. */
  readonly databaseUrl?: string;
  /** PGlite data folder; 'memory://' or undefined keeps it in memory (tests). */
  readonly dataDir?: string;
  /** Schema(s) to use first, e.g. a test's own schema. */
  readonly searchPath?: string;
  /** Connections of the dedicated pool (default 4), so analytics never takes the host product's connections. */
  readonly poolSize?: number;
  /** Per-statement limit in ms (default 30,000). */
  readonly statementTimeoutMs?: number;
  /** application_name of the pool's connections (default 'cs-analytics'), as pg_stat_activity shows it. */
  readonly applicationName?: string;
  /**
   * false sets `synchronous_commit = off` for this pool: a commit returns before its WAL reaches the disk, so a
   * PostgreSQL crash (not an application crash) can lose the last ~0.6 s of acknowledged events. Default true.
   */
  readonly synchronousCommit?: boolean;
}

/** How the pool's connections are used now (pg's Pool counts). */
export interface PoolUse {
  /** Connections open, idle or checked out. */
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a connection. */
  readonly waiting: number;
}

export interface PgHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  /** The pool's use now; absent on PGlite (one in-process connection, no pool). */
  readonly poolUse?: () => PoolUse;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082, numeric: 1700 } as const;

/**
 * How values come back, on both engines:
 * - `int8` (count(*), sums) -> number (counts here stay far below 2^53),
 * - `numeric` (money) -> decimal string, never a float,
 * - `date` -> the 'YYYY-MM-DD' string (a local day, never shifted by the process time zone),
 * - `timestamptz` -> Date, `jsonb` -> parsed value.
 */
const parseInt8 = (v: string): number => Number(v);
const identity = (v: string): string => v;

const pgTypesOf = (types: typeof pg.types) =>
  ({
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return parseInt8;
      if (oid === OID.date || oid === OID.numeric) return identity;
      return types.getTypeParser(oid, format as 'text');
    },
  }) as unknown as pg.CustomTypesConfig;

/** Opens (but does not migrate) the database. */
export async function openDatabase(opts: OpenOptions = {}): Promise<PgHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<PgHandle> {
  const [{ default: pg }, { PreparingClient }] = await Promise.all([import('pg'), import('./prepared-client.ts')]);
  const settings = [
    ...(opts.searchPath ? [`-c search_path=${quoteSearchPath(opts.searchPath)}`] : []),
    ...(opts.synchronousCommit === false ? ['-c synchronous_commit=off'] : []),
  ];
  const startup = settings.length > 0 ? settings.join(' ') : undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 4,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'cs-analytics',
    types: pgTypesOf(pg.types),
    Client: PreparingClient,
    ...(startup ? { options: startup } : {}),
  });
  // A client losing its connection (server restart, pg_terminate_backend) must not crash the process: idle clients
  // report through the pool; a checked-out client emits 'error' itself, and its query fails (the caller retries).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const poolUse = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { db, kind: 'postgres', poolUse, close: () => db.destroy() };
}

async function openPglite(opts: OpenOptions): Promise<PgHandle> {
  const dataDir = opts.dataDir && opts.dataDir !== 'memory://' ? opts.dataDir : undefined;
  // PGlite creates its own folder but not the parents (a fresh clone has no .data/).
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [OID.int8]: parseInt8, [OID.date]: identity, [OID.numeric]: identity },
  });
  if (opts.searchPath) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(opts.searchPath.split(',')[0]!.trim())}`);
    await pglite.exec(`SET search_path TO ${quoteSearchPath(opts.searchPath)}`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/** Only plain identifiers are accepted in a search path (it is passed at connection start-up, not as a parameter). */
function quoteSearchPath(path: string): string {
  return path
    .split(',')
    .map((s) => quoteIdent(s.trim()))
    .join(',');
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name)) throw new Error(`search path: not a plain identifier: ${JSON.stringify(name)}`);
  return name;
}
