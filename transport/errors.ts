// The one table from domain errors to tRPC codes and HTTP statuses, and the one error body of the plain-JSON routes.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';

/** DomainError code -> tRPC code (and through it the HTTP status). */
export const domainErrorCodes: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  INVALID: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOO_MANY: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** tRPC code -> HTTP status, for the codes this service answers with. */
export const httpStatusOf: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
  BAD_REQUEST: 400,
  PARSE_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** The tRPC code of an HTTP status (for errors fastify raises before a procedure runs: 404, 413, 429...). */
export function codeOfStatus(status: number): TRPC_ERROR_CODE_KEY {
  const found = Object.entries(httpStatusOf).find(([, s]) => s === status);
  return (found?.[0] as TRPC_ERROR_CODE_KEY | undefined) ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/** A domain error as the TRPCError both adapters (tRPC and plain JSON) turn into the right status. */
export function toTRPCError(err: DomainError): TRPCError {
  return new TRPCError({ code: domainErrorCodes[err.code], message: err.message, cause: err });
}

/** A credential the request sent and the service refused: a Bearer key unknown or revoked, a session ended. */
export type RefusedCredential = 'key' | 'session';

/** The 401's message: which credential is missing or why the one sent was refused. */
export function unauthorizedMessage(refused: RefusedCredential | null): string {
  if (refused === 'key') return 'the API key is unknown or revoked';
  if (refused === 'session') return 'the session has ended or expired: sign in again';
  return 'a credential is required (Bearer API key or session cookie)';
}

/** RFC 6750's challenge of a 401: the realm, and `invalid_token` when the Bearer key sent was refused. */
export function bearerChallenge(refused: RefusedCredential | null): string {
  const realm = 'Bearer realm="cs-analytics"';
  return refused === 'key' ? `${realm}, error="invalid_token", error_description="${unauthorizedMessage('key')}"` : realm;
}

/** The message of every 503 whose cause is a store that cannot be reached (no host, port or SQL in it). */
export const STORAGE_UNAVAILABLE_MESSAGE = 'storage unavailable, retry later';
/** The Retry-After of every 503 the service sends: pg and Redis reconnect within a second once their server is back. */
export const RETRY_AFTER_SECONDS = 5;

// Node's socket errors when a server is down, restarting or unreachable.
const unreachableSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting up), too many connections. Class 08
// (connection exception) is matched by its prefix.
const unreachableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
// What pg and ioredis say without a code: a connection lost mid-query, the pool's connect timeout, a client broken by
// an earlier connection error; ioredis with its offline queue off, past maxRetriesPerRequest, or past its command timeout;
// a Redis Cluster with no node answering.
const unreachableMessages = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /encountered a connection error and is not queryable/i,
  /^Connection is closed/i,
  /^Stream isn't writeable/i,
  /^Reached the max retries per request limit/i,
  /^Command timed out/i,
  /^None of startup nodes is available/i,
  /^Failed to refresh slots cache/i,
];
const unreachableErrorNames = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

function isUnreachableItself(err: object): boolean {
  const { code, name, message } = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (unreachableSocketCodes.has(code) || unreachableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof name === 'string' && unreachableErrorNames.has(name)) return true;
  return typeof message === 'string' && unreachableMessages.some((m) => m.test(message));
}

/**
 * Whether an error says the database (pg) or Redis (ioredis) cannot be reached now, looking through its causes
 * (TRPCError, TransientStoreError, AggregateError wrap it). Bad SQL, a constraint violation or a bug is not: those
 * stay 500.
 */
export function isStorageUnreachable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length > 0 && seen.size < 16) {
    const e = pending.pop();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    if (isUnreachableItself(e)) return true;
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}

/** 503 SERVICE_UNAVAILABLE for a store that cannot be reached (the answer gets Retry-After: RETRY_AFTER_SECONDS). */
export function storageUnavailable(cause: unknown): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: STORAGE_UNAVAILABLE_MESSAGE, cause });
}

/**
 * What a failed call answers when its cause is known: a domain error by its code, an unreachable store 503; otherwise
 * undefined (the caller's own TRPCError stands, or an unexpected error: 500, logged).
 */
export function knownFailure(cause: unknown): TRPCError | undefined {
  if (DomainError.is(cause)) return toTRPCError(cause);
  return isStorageUnreachable(cause) ? storageUnavailable(cause) : undefined;
}

/** How a body limit reads in an error: `1 MiB (1048576 bytes)`, `512 KiB (524288 bytes)`, `1000 bytes`. */
export function bytesLimit(limit: number): string {
  const unit = limit % 1024 ** 2 === 0 ? [1024 ** 2, 'MiB'] : limit % 1024 === 0 ? [1024, 'KiB'] : undefined;
  return unit ? `${limit / (unit[0] as number)} ${unit[1]} (${limit} bytes)` : `${limit} bytes`;
}

/** The 413 message of every path that refuses a large body (fastify's limit, gzip inflation, tRPC). */
export function bodyTooLargeMessage(limit: number, decompressed = false): string {
  return `request body too large: the limit is ${bytesLimit(limit)}${decompressed ? ' once decompressed' : ''}`;
}

/** One problem with the input, naming the field (`events.3.name`, `days`). */
export interface Issue {
  readonly field: string;
  readonly message: string;
}

/** The issues of a zod error as `{ field, message }`. */
export function issuesOf(cause: unknown): Issue[] | undefined {
  const issues = (cause as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.map((i: { path?: PropertyKey[]; message?: string; keys?: string[] }) => {
    // An unknown key is named by the key itself (zod reports it on the object).
    const path = [...(i.path ?? []), ...(i.keys?.slice(0, 1) ?? [])];
    return { field: path.map(String).join('.') || 'input', message: i.message ?? 'invalid' };
  });
}

/** The plain-JSON error body of docs/api.md: `{ "error": { "code", "message", "issues"? } }`. */
export function errorBody(code: string, message: string, issues?: readonly Issue[]) {
  return { error: { code, message, ...(issues && issues.length > 0 ? { issues } : {}) } };
}

export const INTERNAL_MESSAGE = 'Internal server error';
