// Exponential backoff with full jitter (AWS architecture blog): sleep = random(0, min(cap, base * 2^attempt)).

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 100, capMs: 30_000 };

/** Delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Delay before retry number `attempt`: full-jitter backoff, but never sooner than `floorMs` (a store's Retry-After).
 */
export function retryDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random, floorMs = 0): number {
  return Math.max(backoffDelay(attempt, policy, random), Math.ceil(floorMs));
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects and never keeps the process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
