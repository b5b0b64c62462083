// Route guards: signed-out visits go to sign-in (and come back after), a role without access sees a plain refusal.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../layout/page-loading.tsx';
import { onSignedOut, trpc } from '../trpc.ts';
import { useSession, type Role } from './session.ts';

/**
 * The sign-in URL that returns to `here` afterwards. Already on sign-in (a query refused while the form shows), it
 * stays as it is: wrapping it would replace the page first asked for with sign-in itself.
 */
export function signInPath(here: string): string {
  if (here.startsWith('/sign-in')) return here;
  return here && here !== '/' ? `/sign-in?next=${encodeURIComponent(here)}` : '/sign-in';
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, error } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const here = location.pathname + location.search;

  // A query refused later (the session expired) sends the user to sign in, then back here.
  useEffect(
    () =>
      onSignedOut(() => {
        queryClient.removeQueries(trpc.auth.me.queryFilter());
        void navigate(signInPath(window.location.pathname + window.location.search), { replace: true });
      }),
    [navigate, queryClient],
  );

  if (user === undefined) {
    return error ? (
      <p className="state state-error page-state" role="alert">
        {t('state.error')}
      </p>
    ) : (
      <PageLoading />
    );
  }
  if (user === null) return <Navigate to={signInPath(here)} replace />;
  return <>{children}</>;
}

export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  if (!user.role || !roles.includes(user.role)) {
    return (
      <div className="page">
        <p className="state state-error page-state" role="alert" data-testid="forbidden">
          {t('state.forbiddenPage')}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
