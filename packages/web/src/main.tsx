/**
 * The console's entry: the theme before the first paint, the query cache, the router.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client.js';
import { SESSION_KEY } from './api/session.js';
import { applyStoredTheme } from './app/theme.js';
import { router } from './routes.js';
import './styles.css';

applyStoredTheme();

const queryClient: QueryClient = new QueryClient({
  // A 401 from any API means the session ended (idle or absolute expiry, signed out elsewhere): reading the
  // session again turns it into null, and the page asks to sign in, coming back here afterwards.
  queryCache: new QueryCache({
    onError: (err, query) => {
      if (err instanceof ApiError && err.status === 401 && query.queryKey[0] !== SESSION_KEY[0]) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  }),
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
