// The one table from domain errors to tRPC codes and HTTP statuses, and the one error body of the plain-JSON routes.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { DomainError, DomainErrorCode } from '../domain/errors.ts';

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
