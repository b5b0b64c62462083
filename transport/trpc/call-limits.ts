// Rate limits as a procedure meets them. They are counted where the procedure runs, so every call counts the same
// however its path was spelled (escaped, dot segments, tRPC or plain JSON) and each call of a batch counts on its own.
// The HTTP side (transport/http/rate-limits.ts) provides them per request.
import { TRPCError } from '@trpc/server';

/** Why a call may not run now, and for how long. */
export interface Refusal {
  readonly retryAfterMs: number;
  readonly message: string;
}

/** The limits of one request's caller (its address, its credential). Each method answers null or a Refusal. */
export interface CallLimits {
  /** Counts one call of the procedure (dotted path); refused past the procedure's limit. */
  take(procedure: string): Refusal | null;
  /** Starts a sign-in attempt for a username (any case): refused while it is locked out, else a failure until `signedIn`. */
  beginSignIn(username: string): Refusal | null;
  /** The username signed in: its failures are forgotten. */
  signedIn(username: string): void;
}

/** No limits: for in-process callers (tests, the CLI), which are trusted. */
export const noCallLimits: CallLimits = { take: () => null, beginSignIn: () => null, signedIn() {} };

/** Throws TOO_MANY_REQUESTS (429) for a refusal; the HTTP side has set Retry-After. */
export function refuse(refusal: Refusal | null): void {
  if (refusal) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: refusal.message });
}
