/**
 * A destructive action asked twice: the first press shows what will happen and the real button, so a stray
 * click or Enter changes nothing.
 */
import { useState } from 'react';

export interface ConfirmButtonProps {
  /** the action's name, on both buttons (the first with an ellipsis) */
  label: string;
  /** what happens, shown beside the second button */
  confirm: string;
  onConfirm: () => void;
  pending?: boolean;
}

/**
 * ```tsx
 * <ConfirmButton label="Revoke" confirm="The client's tokens stop working." onConfirm={() => revoke.mutate(id)} />
 * ```
 */
export function ConfirmButton({ label, confirm, onConfirm, pending = false }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}…
      </button>
    );
  }
  // The first button is gone: keyboard focus moves to Cancel (never to the action itself), and Escape cancels.
  return (
    <span className="actions" onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
      <span>{confirm}</span>
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {label}
      </button>
      <button type="button" autoFocus onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
