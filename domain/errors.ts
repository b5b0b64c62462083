// The few typed errors the domain throws; transport maps them to tRPC/HTTP codes in one table.

export type DomainErrorCode = 'INVALID' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNAUTHORIZED' | 'TOO_MANY' | 'UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
  static is(err: unknown): err is DomainError {
    return err instanceof DomainError;
  }
}

export const invalid = (field: string, message: string) => new DomainError('INVALID', `${field}: ${message}`, field);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} was not found`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
/** A store the answer needs cannot answer now (503 with Retry-After): worth asking again shortly. */
export const unavailable = (message: string) => new DomainError('UNAVAILABLE', message);

/**
 * A storage failure worth retrying (connection lost, serialization failure, deadlock, too many connections,
 * shutdown). Adapters wrap such errors in it; anything else a store throws is treated as permanent.
 */
export class TransientStoreError extends Error {
  /** The least wait before trying again that the store asked for (an HTTP Retry-After), when it asked. */
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.name = 'TransientStoreError';
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
  static is(err: unknown): err is TransientStoreError {
    return err instanceof TransientStoreError || (typeof err === 'object' && err !== null && (err as { transient?: unknown }).transient === true);
  }
}

/** Whether an HTTP answer is worth trying again: 408, 429 and 5xx are; other statuses are final. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A storage failure that retrying cannot fix (the tracker drops the batch and reports it). */
export class PermanentStoreError extends Error {
  readonly permanent = true;
  /** A short name of the cause the tracker counts the batch under in stats().rejected (e.g. `http_401`). */
  readonly reason?: string;
  constructor(message: string, options?: { cause?: unknown; reason?: string }) {
    super(message, options);
    this.name = 'PermanentStoreError';
    if (options?.reason !== undefined) this.reason = options.reason;
  }
  static is(err: unknown): boolean {
    return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
  }
}
