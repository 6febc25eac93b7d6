/**
 * A page that only changes things (create, import): a reader who opens its URL is told why there is no
 * form rather than given one the API would refuse.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { canWrite, useSession } from '../../api/session.js';
import { EmptyState } from '../../components/empty-state.js';

/** ```tsx
 * <WritersOnly what="create indicators"><Form /></WritersOnly>
 * ``` */
export function WritersOnly({ what, children }: { what: string; children: ReactNode }) {
  const { data: session } = useSession();
  if (canWrite(session)) return <>{children}</>;
  return (
    <EmptyState title="Your role only reads the threat library">
      <p>
        Readers cannot {what}; ask an owner of the organization for the user role. <Link to="/intel/indicators">Search the indicators</Link>
      </p>
    </EmptyState>
  );
}
