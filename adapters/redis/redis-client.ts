// The one place the service's Redis client is made: every command with a deadline (a frozen or absent Redis fails
// fast instead of holding a request), no offline queue, no blind resend, and its errors as structured log records.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../domain/logger.ts';

/** How long Redis may take; each can be set through ServiceOptions.redis. */
export interface RedisTimeouts {
  /** A command (or a pipeline's, a MULTI's) reply must come within this (default 1000 ms): then it fails. */
  readonly commandTimeoutMs: number;
  /** Opening the TCP connection, at start and on every reconnect (default 2000 ms). */
  readonly connectTimeoutMs: number;
  /** Longest pause between two reconnect attempts while Redis is away (default 1000 ms). */
  readonly reconnectMaxDelayMs: number;
}

export const defaultRedisTimeouts: RedisTimeouts = { commandTimeoutMs: 1000, connectTimeoutMs: 2000, reconnectMaxDelayMs: 1000 };

/** While Redis stays away, one reminder this often (the first error of an episode is logged at once). */
const STILL_DOWN_EVERY_MS = 60_000;

/**
 * ioredis options for these timeouts. The offline queue is off: while disconnected a command fails at once instead
 * of waiting for a reconnect; commands unanswered when a connection drops are not resent (a MULTI that timed out
 * may have run already: the realtime resync heals what failed, a resend could count it twice).
 */
export function redisOptions(timeouts: Partial<RedisTimeouts> = {}): RedisOptions {
  const t = { ...defaultRedisTimeouts, ...timeouts };
  return {
    lazyConnect: true,
    commandTimeout: t.commandTimeoutMs,
    connectTimeout: t.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * 100, t.reconnectMaxDelayMs),
  };
}

/**
 * A Redis client on `url`, not yet connected (`await client.connect()`). Its errors go to `logger` once per episode
 * ("redis unavailable" at the first, a reminder a minute, "redis available again" with the count when it is back),
 * never to ioredis's own "Unhandled error event" lines on stderr.
 */
export function createRedisClient(
  url: string,
  options: { logger: Logger; timeouts?: Partial<RedisTimeouts> | undefined; onError?: ((err: Error) => void) | undefined },
): Redis {
  const client = new Redis(url, redisOptions(options.timeouts));
  logEpisodes(client, options.logger);
  // Every error, not only an episode's first (the service's metrics count them).
  if (options.onError) client.on('error', options.onError);
  return client;
}

/** Attaches the error listener: one record when an episode starts, one when it ends. */
export function logEpisodes(client: Redis, logger: Logger, now: () => number = Date.now): void {
  let episode: { since: number; errors: number; lastLog: number } | undefined;
  client.on('error', (err: Error & { code?: string }) => {
    const t = now();
    if (!episode) {
      episode = { since: t, errors: 1, lastLog: t };
      logger.warn('redis unavailable', { error: err.message, code: err.code ?? null });
      return;
    }
    episode.errors++;
    if (t - episode.lastLog >= STILL_DOWN_EVERY_MS) {
      episode.lastLog = t;
      logger.warn('redis still unavailable', { error: err.message, code: err.code ?? null, downMs: t - episode.since, errors: episode.errors });
    }
  });
  client.on('ready', () => {
    if (!episode) return;
    logger.info('redis available again', { downMs: now() - episode.since, errors: episode.errors });
    episode = undefined;
  });
}
