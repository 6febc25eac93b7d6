/**
 * A console URL that names no page.
 */
import { Link } from 'react-router';
import { EmptyState } from '../components/empty-state.js';

export function NotFoundPage() {
  return (
    <EmptyState title="No such page">
      <p>
        The address does not name a console page. Go to the <Link to="/">dashboard</Link> or the <Link to="/alerts">alerts</Link>.
      </p>
    </EmptyState>
  );
}
