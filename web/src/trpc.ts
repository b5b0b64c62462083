// The typed tRPC client of the workbench: one QueryClient, one tRPC client over `/trpc` (session cookie), one options proxy.
// Only the router's type crosses from the server: nothing else of the server's transport or adapters is imported here.
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../transport/trpc/app-router.ts';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** True when the server refused the call because nobody (or the wrong role) is signed in. */
export function isAuthError(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data?.code === 'UNAUTHORIZED' || error.data?.httpStatus === 401);
}

/** True when the signed-in user may not see this (e.g. an agent asking for billing). */
export function isForbidden(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data?.code === 'FORBIDDEN' || error.data?.httpStatus === 403);
}

/** Listeners told when any query is refused for want of a session (the router sends the user to sign-in). */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      if (isAuthError(error)) for (const listener of signedOutListeners) listener();
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A refused or bad request will not get better by asking again.
      retry: (failures, error) => !(error instanceof TRPCClientError && (error.data?.httpStatus ?? 500) < 500) && failures < 2,
    },
  },
});

const url = '/trpc';
const withCookies = (input: RequestInfo | URL, options?: RequestInit | object) =>
  fetch(input, { ...(options as RequestInit), credentials: 'include' });

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Reads are batched and streamed: a page's quick figure (stats.today) shows before its slow neighbour
      // (a 90-day trend) in the same batch has answered.
      condition: (op) => op.type === 'query',
      true: httpBatchStreamLink({ url, fetch: withCookies }),
      // Mutations set cookies (sign-in) and headers, which a streamed answer has already sent: plain batches.
      false: httpBatchLink({ url, fetch: withCookies }),
    }),
  ],
});

/** `trpc.<area>.<procedure>.queryOptions(input)` for `useQuery`; `.pathFilter()` to invalidate one area. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
