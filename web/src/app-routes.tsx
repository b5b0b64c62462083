// The workbench's routes: sign-in outside the layout, the four pages inside it, each page loaded on first visit.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession, RequireRole } from './auth/guards.tsx';
import { Layout } from './layout/layout.tsx';
import { PageLoading } from './layout/page-loading.tsx';
import { SignInPage } from './pages/sign-in/sign-in-page.tsx';
import { queryClient, trpc } from './trpc.ts';

const pages = {
  '/monitoring': () => import('./pages/monitoring/monitoring-page.tsx'),
  '/dashboard': () => import('./pages/dashboard/dashboard-page.tsx'),
  '/audit': () => import('./pages/audit/audit-page.tsx'),
  '/billing': () => import('./pages/billing/billing-page.tsx'),
};
const MonitoringPage = lazy(pages['/monitoring']);
const DashboardPage = lazy(pages['/dashboard']);
const AuditPage = lazy(pages['/audit']);
const BillingPage = lazy(pages['/billing']);

/** Each page's first figures, asked for at once (a signed-out visit's refusal just leads to sign-in). */
const firstQueries: Partial<Record<keyof typeof pages, () => Promise<void>>> = {
  '/monitoring': () => queryClient.prefetchQuery(trpc.realtime.overview.queryOptions()),
  '/dashboard': () => queryClient.prefetchQuery(trpc.stats.today.queryOptions()),
};

/**
 * Starts loading the code and the first figures of the page a URL names while the session is still being
 * checked, instead of one after the other.
 */
export function preloadPage(pathname: string): void {
  void pages[pathname as keyof typeof pages]?.();
  void firstQueries[pathname as keyof typeof pages]?.();
}

const page = (node: ReactNode) => <Suspense fallback={<PageLoading />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/monitoring" replace /> },
      { path: 'monitoring', element: page(<MonitoringPage />) },
      { path: 'dashboard', element: page(<DashboardPage />) },
      { path: 'audit', element: page(<AuditPage />) },
      {
        path: 'billing',
        element: <RequireRole roles={['admin', 'supervisor']}>{page(<BillingPage />)}</RequireRole>,
      },
      { path: '*', element: <Navigate to="/monitoring" replace /> },
    ],
  },
]);
