// The service's Redis client (adapters/redis/redis-client.ts) on a private redis-server: a frozen or absent Redis
// fails a command within its timeout, errors are one structured log record per episode (never ioredis's stderr text),
// and the "primed" marker goes with the data when Redis comes back empty.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisClient, defaultRedisTimeouts, redisOptions } from '../../adapters/redis/redis-client.ts';
import { RedisRealtimeMarker } from '../../adapters/redis/redis-realtime-marker.ts';
import { RedisRealtimeStore } from '../../adapters/redis/redis-realtime-store.ts';
import { TransientStoreError } from '../../domain/errors.ts';
import type { Logger } from '../../domain/logger.ts';
import { hasRedisServer, startRedisServer, type PrivateRedisServer } from '../support/redis-server.ts';

/** A logger that keeps its records as the JSON lines a real one would print. */
function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('redisOptions', () => {
  it('gives every command a deadline and fails at once while disconnected, without resending', () => {
    expect(redisOptions()).toMatchObject({
      commandTimeout: 1000,
      connectTimeout: 2000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      lazyConnect: true,
    });
    expect(defaultRedisTimeouts).toEqual({ commandTimeoutMs: 1000, connectTimeoutMs: 2000, reconnectMaxDelayMs: 1000 });
  });

  it('takes other timeouts, and reconnects no slower than the longest pause', () => {
    const o = redisOptions({ commandTimeoutMs: 250, reconnectMaxDelayMs: 400 });
    expect(o).toMatchObject({ commandTimeout: 250, connectTimeout: 2000 });
    expect([1, 2, 10, 100].map((n) => o.retryStrategy!(n))).toEqual([100, 200, 400, 400]);
  });
});

describe.skipIf(!hasRedisServer())('createRedisClient on a private redis-server', () => {
  let server: PrivateRedisServer;
  let client: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(() => {
    server.thaw();
    client?.disconnect();
    client = undefined;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('fails a read of a frozen Redis within the command timeout, as a transient error', async () => {
    client = createRedisClient(server.url, { logger: recordingLogger().logger, timeouts: { commandTimeoutMs: 300 } });
    await client.connect();
    const store = new RedisRealtimeStore(client, { keyPrefix: 'frozen:' });
    server.freeze();
    const start = performance.now();
    const read = store.read('acme', '2026-03-10', new Date(0));
    await expect(read).rejects.toBeInstanceOf(TransientStoreError);
    expect(performance.now() - start).toBeLessThan(800);
  });

  it('logs an outage as one warning and the return as one record, and prints nothing of its own', async () => {
    const stderr = vi.spyOn(console, 'error');
    const { logger, lines } = recordingLogger();
    client = createRedisClient(server.url, { logger, timeouts: { reconnectMaxDelayMs: 100 } });
    await client.connect();
    await server.stop();
    // Reconnects every 100 ms: many refused connections, one record.
    await new Promise((r) => setTimeout(r, 800));
    await expect(client.ping()).rejects.toThrow(/enableOfflineQueue/);
    await server.start();
    await new Promise<void>((resolve) => client!.once('ready', () => resolve()));

    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'redis unavailable'],
      ['info', 'redis available again'],
    ]);
    expect(lines[1]!.fields).toMatchObject({ errors: expect.any(Number) });
    expect((lines[1]!.fields!.errors as number) > 1).toBe(true);
    expect(() => JSON.stringify(lines)).not.toThrow();
    expect(stderr.mock.calls.filter((c) => String(c[0]).includes('[ioredis]'))).toEqual([]);
    stderr.mockRestore();
  });

  it('keeps the primed marker until Redis comes back empty', async () => {
    client = createRedisClient(server.url, { logger: recordingLogger().logger });
    await client.connect();
    const marker = new RedisRealtimeMarker(client, { keyPrefix: 'marker:' });
    expect(await marker.isPrimed()).toBe(false);
    await marker.markPrimed();
    expect(await marker.isPrimed()).toBe(true);

    await server.stop();
    await expect(marker.isPrimed()).rejects.toThrow();
    await server.start();
    await new Promise<void>((resolve) => client!.once('ready', () => resolve()));
    expect(await marker.isPrimed()).toBe(false);
  });
});
