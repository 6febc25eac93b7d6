/**
 * Pages behind sign-in: a signed-out visitor goes to /login, which brings them back to the page they asked for.
 */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session.js';
import { ErrorList } from '../components/error-list.js';

export function RequireSession({ children }: { children: ReactNode }) {
  const { data: session, error, isPending } = useSession();
  const location = useLocation();
  if (isPending) return <p className="loading" role="status">Loading…</p>;
  if (error && session === undefined) {
    return (
      <main className="center">
        <h1>Vigil</h1>
        <ErrorList error={error} />
      </main>
    );
  }
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
