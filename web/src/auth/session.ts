// Who is signed in (from the session cookie, asked of `auth.me`) and what their role lets them see.
import { useQuery } from '@tanstack/react-query';
import { isAuthError, trpc, type RouterOutputs } from '../trpc.ts';

export type SignedInUser = RouterOutputs['auth']['me'];
export type Role = NonNullable<SignedInUser['role']>;

/** The signed-in user, `null` when nobody is, `undefined` while asking. */
export function useSession(): { user: SignedInUser | null | undefined; error: unknown } {
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000, retry: false });
  if (me.isPending) return { user: undefined, error: null };
  if (me.error) return { user: isAuthError(me.error) ? null : undefined, error: isAuthError(me.error) ? null : me.error };
  return { user: me.data ?? null, error: null };
}

/** What each role may do on the workbench (the server enforces the same); no role (an API key) may do none of it. */
export const can = {
  seeBilling: (role: Role | null) => role === 'admin' || role === 'supervisor',
  changePlan: (role: Role | null) => role === 'admin',
  setPrices: (role: Role | null) => role === 'admin',
  review: (role: Role | null) => role === 'admin' || role === 'supervisor',
};
