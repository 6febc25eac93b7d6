/**
 * The console's entry: the theme before the first paint, the query cache, the router.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client.js';
import { applyStoredTheme } from './app/theme.js';
import { router } from './routes.js';
import './styles.css';

applyStoredTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again; an unreachable server might.
      retry: (count, err) => count < 3 && (!(err instanceof ApiError) || err.offline || err.status >= 500),
      retryDelay: (n) => Math.min(1000 * 2 ** n, 10_000),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
