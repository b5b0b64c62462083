// The typed tRPC client of the workbench: one QueryClient, one tRPC client over `/trpc` (session cookie), one options proxy.
// Only the router's type crosses from the server: nothing else of transport/ or adapters/ is imported here.
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
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

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      fetch: (url, options) => fetch(url, { ...(options as RequestInit), credentials: 'include' }),
    }),
  ],
});

/** `trpc.<area>.<procedure>.queryOptions(input)` for `useQuery`; `.pathFilter()` to invalidate one area. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
