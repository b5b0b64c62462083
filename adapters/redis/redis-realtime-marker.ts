// The "primed" marker of the Redis realtime store: one key written when a resync has filled the store, so a Redis
// that comes back empty (restarted without persistence, FLUSHALL, evicted) is noticed by the key being gone.
import type { Cluster, Redis } from 'ioredis';
import type { RealtimeMarker } from '../../domain/jobs/realtime-healer.ts';
import { primedKey } from './realtime-keys.ts';

export class RedisRealtimeMarker implements RealtimeMarker {
  readonly #redis: Redis | Cluster;
  readonly #key: string;

  /** `keyPrefix` as the store's (tests isolate with `test:<random>:`). */
  constructor(redis: Redis | Cluster, options: { keyPrefix?: string } = {}) {
    this.#redis = redis;
    this.#key = primedKey(options.keyPrefix ?? '');
  }

  async isPrimed(): Promise<boolean> {
    return (await this.#redis.exists(this.#key)) === 1;
  }

  async markPrimed(): Promise<void> {
    // Never expires: only an emptied Redis loses it. The value says when, for someone looking.
    await this.#redis.set(this.#key, new Date().toISOString());
  }
}
