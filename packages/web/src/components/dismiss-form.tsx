/**
 * Dismissing one or several alerts: a reason (Threat Stack's four) and an optional note. The API's errors
 * appear inside the form.
 */
import { useId, useState, type FormEvent } from 'react';
import { useDismiss } from '../api/alerts.js';
import { DISMISS_REASONS } from '../api/types.js';
import { ErrorList } from './error-list.js';

/**
 * ```tsx
 * <DismissForm ids={['a1']} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
 * ```
 */
export function DismissForm({ ids, onDone, onCancel }: { ids: string[]; onDone: (count: number) => void; onCancel: () => void }) {
  const dismiss = useDismiss();
  const [reason, setReason] = useState<string>('BUSINESS_OP');
  const [text, setText] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    dismiss.mutate({ ids, dismissReason: reason, ...(text.trim() ? { dismissReasonText: text.trim() } : {}) }, { onSuccess: (r) => onDone(r.dismissedCount) });
  };
  return (
    <form className="panel dismiss" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{ids.length === 1 ? 'Dismiss this alert' : `Dismiss ${ids.length} alerts`}</h2>
      <label>
        Reason
        <select value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
          {DISMISS_REASONS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note <span className="muted">(optional)</span>
        <textarea value={text} rows={2} maxLength={2000} onChange={(e) => setText(e.target.value)} />
      </label>
      <ErrorList error={dismiss.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={dismiss.isPending}>
          {dismiss.isPending ? 'Dismissing…' : 'Dismiss'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
