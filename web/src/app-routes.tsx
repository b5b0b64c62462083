// The workbench's routes: sign-in outside the layout, the four pages inside it, each page loaded on first visit.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession, RequireRole } from './auth/guards.tsx';
import { Layout } from './layout/layout.tsx';
import { PageLoading } from './layout/page-loading.tsx';
import { SignInPage } from './pages/sign-in/sign-in-page.tsx';

const MonitoringPage = lazy(() => import('./pages/monitoring/monitoring-page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page.tsx'));
const AuditPage = lazy(() => import('./pages/audit/audit-page.tsx'));
const BillingPage = lazy(() => import('./pages/billing/billing-page.tsx'));

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
