// The counters behind the rate limits, in this process's memory: calls per key in a fixed window, and failures per
// key that lock it out for a time doubling with each lockout. Each answers how long a refused key must wait.
// Per-process state: several instances behind a balancer each count their own share.

/** Now in ms since the epoch (Date.now; tests may pass another). */
export type Now = () => number;

/** Keys kept before the expired ones are swept out; past it even live ones go, oldest first. */
const MAX_KEYS = 100_000;

/** At most `max` calls per key in each window of `windowMs` (the window starts at a key's first call). */
export class FixedWindows {
  readonly #windows = new Map<string, { start: number; calls: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: Now = Date.now,
  ) {}

  /** Counts a call of the key: 0 when it may run, else the ms until its window ends (the call is not counted). */
  take(key: string): number {
    const now = this.now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      bound(this.#windows, (w) => now - w.start >= this.windowMs);
      window = { start: now, calls: 0 };
      this.#windows.set(key, window);
    }
    if (window.calls >= this.max) return window.start + this.windowMs - now;
    window.calls++;
    return 0;
  }
}

/** When a key is locked out: after `failures` failures within `windowMs`, for `firstMs`, doubling each time up to `maxMs`. */
export interface LockoutRule {
  readonly failures: number;
  readonly windowMs: number;
  readonly firstMs: number;
  readonly maxMs: number;
}

interface LockoutState {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Lockouts so far: the next one lasts firstMs * 2^lockouts. */
  lockouts: number;
}

/**
 * Failures per key and the lockouts they earn. An attempt counts as a failure when it starts (so attempts running at
 * once cannot all slip under the limit) and is forgiven by `succeeded`. A key quiet for `maxMs` after its last
 * lockout starts over.
 */
export class Lockouts {
  readonly #states = new Map<string, LockoutState>();

  constructor(
    readonly rule: LockoutRule,
    private readonly now: Now = Date.now,
  ) {}

  /** Starts an attempt of the key: 0 when it may go on (counted as a failure until it succeeds), else the ms it is still locked out. */
  attempt(key: string): number {
    const now = this.now();
    const state = this.#live(key, now);
    if (state.lockedUntil > now) return state.lockedUntil - now;
    if (now - state.windowStart >= this.rule.windowMs) {
      state.failures = 0;
      state.windowStart = now;
    }
    state.failures++;
    if (state.failures >= this.rule.failures) {
      state.lockedUntil = now + Math.min(this.rule.firstMs * 2 ** state.lockouts, this.rule.maxMs);
      state.lockouts++;
      state.failures = 0;
    }
    return 0;
  }

  /** The key's attempt succeeded: its failures and lockouts are forgotten. */
  succeeded(key: string): void {
    this.#states.delete(key);
  }

  #live(key: string, now: number): LockoutState {
    const state = this.#states.get(key);
    if (state && !this.#stale(state, now)) return state;
    bound(this.#states, (s) => this.#stale(s, now));
    const fresh: LockoutState = { failures: 0, windowStart: now, lockedUntil: 0, lockouts: 0 };
    this.#states.set(key, fresh);
    return fresh;
  }

  #stale(state: LockoutState, now: number): boolean {
    return now - state.windowStart >= this.rule.windowMs && now >= state.lockedUntil + this.rule.maxMs;
  }
}

/** Keeps a map under MAX_KEYS before a new key goes in: the expired entries go first, then the oldest. */
function bound<V>(map: Map<string, V>, expired: (value: V) => boolean): void {
  if (map.size < MAX_KEYS) return;
  for (const [key, value] of map) if (expired(value)) map.delete(key);
  for (const key of map.keys()) {
    if (map.size < MAX_KEYS) break;
    map.delete(key);
  }
}
