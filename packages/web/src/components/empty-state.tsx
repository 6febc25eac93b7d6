/**
 * What an empty list says: why it is empty and what to do next.
 */
import type { ReactNode } from 'react';

/**
 * ```tsx
 * <EmptyState title="No alerts">Alerts appear when an agent's events match a rule.</EmptyState>
 * ```
 */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children && <div>{children}</div>}
    </div>
  );
}
