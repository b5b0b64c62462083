// transport/errors.ts decides, in one place, which failures mean "the database or Redis cannot be reached now" (503,
// Retry-After) and which stay 500. Judged here on the errors pg and ioredis really throw, not on hand-made look-alikes.
import net from 'node:net';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, TransientStoreError } from '../../domain/errors.ts';
import { bodyTooLargeMessage, isStorageUnreachable, knownFailure, STORAGE_UNAVAILABLE_MESSAGE } from '../../transport/errors.ts';
import { needServer, testDatabaseUrl } from '../support/databases.ts';
import { freePort } from '../support/free-port.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';

const up = await needServer('postgres');

/** The error `work` rejects with (fails the test when it resolves). */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/** A pg client's query on `url` (connected first), its error. */
async function pgFailure(url: string, text: string, opts: Partial<pg.ClientConfig> = {}): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, ...opts });
  client.on('error', () => {});
  try {
    return await failureOf(async () => {
      await client.connect();
      await client.query(text);
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('isStorageUnreachable', () => {
  let closedPort: number;
  let silent: net.Server;
  let silentPort: number;
  const silentSockets = new Set<net.Socket>();

  beforeAll(async () => {
    closedPort = await freePort();
    // Accepts connections and never says a word: pg's connect timeout.
    silent = net.createServer((socket) => void silentSockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('is true for pg refused (ECONNREFUSED) and pg connect timing out', async () => {
    const refused = await pgFailure(`postgres://postgres@127.0.0.1:${closedPort}/test`, 'SELECT 1');
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isStorageUnreachable(refused)).toBe(true);
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${silentPort}/test`, connectionTimeoutMillis: 200 });
    const timedOut = await failureOf(() => pool.query('SELECT 1'));
    await pool.end();
    expect(String(timedOut)).toMatch(/timeout/i);
    expect(isStorageUnreachable(timedOut)).toBe(true);
  });

  it('is true for ioredis with its offline queue off, and past maxRetriesPerRequest', async () => {
    const offline = new Redis(closedPort, '127.0.0.1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    const queued = new Redis(closedPort, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    for (const r of [offline, queued]) r.on('error', () => {});
    try {
      for (const err of [await failureOf(() => offline.get('k')), await failureOf(() => queued.get('k'))]) {
        expect(isStorageUnreachable(err), String(err)).toBe(true);
      }
    } finally {
      offline.disconnect();
      queued.disconnect();
    }
  });

  it('looks through the errors that wrap one (TransientStoreError, TRPCError, AggregateError)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new TransientStoreError('writing events: connect ECONNREFUSED', { cause: refused });
    expect(isStorageUnreachable(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: wrapped }))).toBe(true);
    expect(isStorageUnreachable(new AggregateError([new Error('x'), refused]))).toBe(true);
    expect(isStorageUnreachable(new Error('boom'))).toBe(false);
    expect(isStorageUnreachable(undefined)).toBe(false);
  });

  describe.skipIf(!up)('on the real PostgreSQL', () => {
    it('is true for a connection lost mid-query and for an administrator terminating it (57P01)', async () => {
      const target = new URL(testDatabaseUrl);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(testDatabaseUrl);
      viaProxy.host = proxy.address;
      const lost = pgFailure(viaProxy.toString(), 'SELECT pg_sleep(10)');
      // Cut once the query is running (the connection open and the statement sent).
      await new Promise((resolve) => setTimeout(resolve, 500));
      await proxy.cut();
      const err = await lost;
      await proxy.close();
      expect(String(err)).toMatch(/Connection terminated/);
      expect(isStorageUnreachable(err)).toBe(true);

      const terminated = await pgFailure(testDatabaseUrl, 'SELECT pg_terminate_backend(pg_backend_pid())');
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(isStorageUnreachable(terminated)).toBe(true);
    });

    it('is false for bad SQL and a constraint violation: those stay 500', async () => {
      const syntax = await pgFailure(testDatabaseUrl, 'SELEC 1');
      expect((syntax as { code?: string }).code).toBe('42601');
      const unique = await pgFailure(testDatabaseUrl, 'CREATE TEMP TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (1)');
      expect((unique as { code?: string }).code).toBe('23505');
      for (const err of [syntax, unique]) {
        expect(isStorageUnreachable(err)).toBe(false);
        expect(knownFailure(err)).toBeUndefined();
      }
    });
  });
});

describe('knownFailure', () => {
  it('maps a domain error by its code and an unreachable store to 503 with a short message', () => {
    expect(knownFailure(new DomainError('NOT_FOUND', 'session x was not found'))?.code).toBe('NOT_FOUND');
    const unavailable = knownFailure(Object.assign(new Error('Connection terminated unexpectedly'), {}));
    expect(unavailable?.code).toBe('SERVICE_UNAVAILABLE');
    expect(unavailable?.message).toBe(STORAGE_UNAVAILABLE_MESSAGE);
  });
});

describe('bodyTooLargeMessage', () => {
  it('states the limit in the largest whole unit and in bytes', () => {
    expect(bodyTooLargeMessage(1024 * 1024)).toBe('request body too large: the limit is 1 MiB (1048576 bytes)');
    expect(bodyTooLargeMessage(512 * 1024)).toBe('request body too large: the limit is 512 KiB (524288 bytes)');
    expect(bodyTooLargeMessage(1000, true)).toBe('request body too large: the limit is 1000 bytes once decompressed');
  });
});
