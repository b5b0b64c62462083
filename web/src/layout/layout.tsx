// The frame around every page: navigation (what the role may see), the language switch, who is signed in, sign-out.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { can, useSession } from '../auth/session.ts';
import { TimeZoneContext } from '../format/use-format.ts';
import { SessionDrill } from '../sessions/session-drill.tsx';
import { queryClient, trpc } from '../trpc.ts';
import { LanguageSwitch } from './language-switch.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  // Instants are shown in the tenant's zone, like every day of the API; the live overview names it.
  const timeZone = useQuery({ ...trpc.realtime.overview.queryOptions(), staleTime: 300_000, enabled: !!user }).data?.timeZone;
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        void navigate('/sign-in', { replace: true });
      },
    }),
  );
  if (!user) return null;
  const links = [
    { to: '/monitoring', label: t('nav.monitoring') },
    { to: '/dashboard', label: t('nav.dashboard') },
    { to: '/audit', label: t('nav.audit') },
    ...(can.seeBilling(user.role) ? [{ to: '/billing', label: t('nav.billing') }] : []),
  ];
  return (
    <TimeZoneContext.Provider value={timeZone}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to}>{link.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="who" data-testid="who">
            {user.username ?? user.tenantId} · {t(`role.${user.role ?? 'none'}`)}
          </span>
          <button type="button" className="button button-quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <SessionDrill />
    </TimeZoneContext.Provider>
  );
}
