/**
 * /intel/indicators/new: one indicator by hand (POST /api/indicators, an upsert: the same type and value
 * merges into the indicator already there), then its page.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import { useIndicatorStatuses, useIndicatorTypes, type NewIndicator } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';
import { VocabularySelect } from './vocabulary-select.js';
import { WritersOnly } from './writers-only.js';

/** "a, b ,c" → ["a", "b", "c"] */
export function commaList(raw: FormDataEntryValue | null): string[] {
  return String(raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function IndicatorNewPage() {
  return (
    <WritersOnly what="create indicators">
      <IndicatorNewForm />
    </WritersOnly>
  );
}

function IndicatorNewForm() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const types = useIndicatorTypes();
  const statuses = useIndicatorStatuses();
  const [type, setType] = useState('');
  const [status, setStatus] = useState('Active');
  const create = useMutation({
    mutationFn: async (body: NewIndicator) => must(await api.POST('/api/indicators', { body: [body] })).data[0]!,
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['intel-indicators'] });
      navigate(`/intel/indicators/${created.id}`);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const source = String(f.get('source') ?? '').trim();
    const description = String(f.get('description') ?? '').trim();
    const tags = commaList(f.get('tags'));
    create.mutate({
      value: String(f.get('value') ?? '').trim(),
      type,
      status,
      ...(source ? { sources: [{ name: source }] } : {}),
      ...(description ? { description } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    });
  };
  return (
    <section aria-labelledby="new-indicator-title">
      <p className="crumbs">
        <Link to="/intel/indicators">Indicators</Link> › New
      </p>
      <form className="panel intel-form" onSubmit={submit} aria-labelledby="new-indicator-title">
        <h2 id="new-indicator-title">New indicator</h2>
        <label>
          Value
          <input name="value" required autoFocus placeholder="evil.example.com, 203.0.113.7, a hash…" />
        </label>
        <VocabularySelect label="Type" query={types} value={type} onChange={setType} required anyLabel="Choose a type" />
        <VocabularySelect label="Status" query={statuses} value={status} onChange={setStatus} required anyLabel="Choose a status" />
        <label>
          Source <span className="muted">(optional)</span>
          <input name="source" placeholder="e.g. Analyst" />
        </label>
        <label>
          Description <span className="muted">(optional)</span>
          <textarea name="description" rows={2} maxLength={10_000} />
        </label>
        <label>
          Tags <span className="muted">(optional, comma-separated)</span>
          <input name="tags" placeholder="phishing, c2" />
        </label>
        <ErrorList error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create indicator'}
          </button>
          <Link className="button" to="/intel/indicators">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
