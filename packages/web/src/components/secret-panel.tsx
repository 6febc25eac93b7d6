/**
 * A secret the server answers once (a webhook's signing secret, an OAuth client's secret): shown with a copy
 * button until the user says they are done, and never again.
 */
import type { ReactNode } from 'react';
import { CopyButton } from './copy-button.js';

export interface SecretPanelProps {
  /** what it is, e.g. "The webhook's signing secret" */
  what: string;
  secret: string;
  onDone: () => void;
  /** more to show with it (ids, lines to paste) */
  children?: ReactNode;
}

/**
 * ```tsx
 * {secret && <SecretPanel what="The webhook's signing secret" secret={secret} onDone={() => setSecret('')} />}
 * ```
 */
export function SecretPanel({ what, secret, onDone, children }: SecretPanelProps) {
  return (
    <div className="panel secret" role="status">
      <p>
        <strong>{what}, shown only now:</strong> <code>{secret}</code>
      </p>
      {children}
      <div className="actions">
        <CopyButton text={secret} label="Copy the secret" />
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
