// The realtime side on Redis (REDIS_URL): one client, the store on it and what tells that it came back or was emptied.
// The composition root imports this file only when Redis is configured, so a service without it never loads ioredis.
import type { Logger } from '../../domain/logger.ts';
import type { RealtimeStore } from '../../domain/realtime/realtime-store.ts';
import type { RealtimeHealth } from '../realtime/realtime-wiring.ts';
import { createRedisClient, type RedisTimeouts } from './redis-client.ts';
import { RedisRealtimeMarker } from './redis-realtime-marker.ts';
import { RedisRealtimeStore } from './redis-realtime-store.ts';

export interface RedisRealtimeOptions {
  readonly logger: Logger;
  readonly timeouts?: Partial<RedisTimeouts> | undefined;
  /** Prefix of every key (tests isolate themselves this way). */
  readonly keyPrefix?: string | undefined;
  /** Called on each error of the client (metrics). */
  readonly onError?: ((err: Error) => void) | undefined;
}

/** The realtime store on Redis, not yet connected. */
export interface RedisRealtime {
  readonly store: RealtimeStore;
  readonly health: RealtimeHealth;
  connect(): Promise<void>;
  disconnect(): void;
}

export function redisRealtime(url: string, options: RedisRealtimeOptions): RedisRealtime {
  const redis = createRedisClient(url, { logger: options.logger, timeouts: options.timeouts, onError: options.onError });
  const keyPrefix = options.keyPrefix ? { keyPrefix: options.keyPrefix } : {};
  return {
    store: new RedisRealtimeStore(redis, keyPrefix),
    health: { marker: new RedisRealtimeMarker(redis, keyPrefix), onReady: (listener) => redis.on('ready', listener) },
    connect: () => redis.connect(),
    disconnect: () => redis.disconnect(),
  };
}
