/**
 * The API's `{"errors":[…]}` shown where it happened, announced to screen readers.
 */
import { ApiError } from '../api/client.js';

/**
 * Renders nothing without an error.
 * ```tsx
 * <ErrorList error={mutation.error} />
 * ```
 */
export function ErrorList({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const messages = error instanceof ApiError ? error.errors : [error instanceof Error ? error.message : String(error)];
  const status = error instanceof ApiError && error.status === 403 ? 'Your role cannot do this. ' : '';
  return (
    <div className="errors" role="alert" id={id}>
      {messages.length === 1 ? (
        <p>{status + messages[0]}</p>
      ) : (
        <>
          {status && <p>{status}</p>}
          <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>
        </>
      )}
    </div>
  );
}
