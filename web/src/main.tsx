// The workbench's entry: languages first, then the query client and the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { preloadPage, router } from './app-routes.tsx';
import { initI18n } from './i18n/index.ts';
import { queryClient } from './trpc.ts';
import './styles.css';

preloadPage(location.pathname);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
