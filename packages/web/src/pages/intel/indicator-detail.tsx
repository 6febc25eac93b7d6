/**
 * /intel/indicators/<id>: one indicator with its type, status, score, sources, attributes and tags
 * (`with=`), the events, adversaries, attachments and indicators linked to it, and for writers a status
 * change (PUT /api/indicators/<id>).
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import { scoreOf, useIndicatorStatuses, type IndicatorWith } from '../../api/intel.js';
import { canWrite, useSession } from '../../api/session.js';
import { ErrorList } from '../../components/error-list.js';
import { Facts } from '../../components/facts.js';
import { ContextSections } from './object-context.js';
import { RelatedObjects } from './related-objects.js';
import { tqTime } from './time-cell.js';
import { VocabularySelect } from './vocabulary-select.js';

function StatusChange({ indicator }: { indicator: IndicatorWith }) {
  const client = useQueryClient();
  const statuses = useIndicatorStatuses();
  const [status, setStatus] = useState(String(indicator.status_id));
  const save = useMutation({
    mutationFn: async () => must(await api.PUT('/api/indicators/{id}', { params: { path: { id: indicator.id } }, body: { status_id: Number(status) } })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['intel-indicator', indicator.id] }), client.invalidateQueries({ queryKey: ['intel-indicators'] })]),
  });
  return (
    <form
      className="filters"
      aria-label="Change the status"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <VocabularySelect label="Status" query={statuses} value={status} onChange={setStatus} byId required anyLabel="Choose a status" />
      <button type="submit" disabled={save.isPending || status === String(indicator.status_id)}>
        {save.isPending ? 'Saving…' : 'Change status'}
      </button>
      {save.isSuccess && <span role="status">Saved.</span>}
      <ErrorList error={save.error} />
    </form>
  );
}

export function IndicatorDetailPage() {
  const raw = useParams().indicatorId ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : 0;
  const { data: session } = useSession();
  const indicator = useQuery({
    queryKey: ['intel-indicator', id],
    enabled: id > 0,
    queryFn: async ({ signal }) =>
      must(await api.GET('/api/indicators/{id}', { params: { path: { id }, query: { with: 'type,status,score,sources,attributes,tags' } }, signal })).data as IndicatorWith,
  });
  if (id === 0) return <ErrorList error={new Error(`"${raw}" is not an indicator id.`)} />;
  if (indicator.isPending) return <p role="status">Loading the indicator…</p>;
  if (indicator.error) {
    return (
      <section>
        <h2>Indicator {id}</h2>
        <ErrorList error={indicator.error} />
        <Link to="/intel/indicators">Back to the indicators</Link>
      </section>
    );
  }
  const i = indicator.data;
  const score = scoreOf(i);
  const facts: Array<[string, string]> = [
    ['Type', i.type?.name ?? String(i.type_id)],
    ['Status', i.status?.name ?? String(i.status_id)],
    ['Score', score === null ? '—' : `${score}${i.score?.manual_score != null ? ' (manual)' : ''}`],
    ['Class', i.class],
    ['Created', tqTime(i.created_at)],
    ['Updated', tqTime(i.updated_at)],
    ['Last detected', tqTime(i.last_detected_at)],
    ['Expires', tqTime(i.expires_at)],
    ['Hash', i.hash],
  ];
  return (
    <section aria-labelledby="indicator-title">
      <p className="crumbs">
        <Link to="/intel/indicators">Indicators</Link> › {i.id}
      </p>
      <h2 id="indicator-title" className="value-title">
        <code>{i.value}</code>
      </h2>
      {i.description && <p>{i.description}</p>}
      <Facts items={facts} />
      {canWrite(session) && <StatusChange indicator={i} />}
      <ContextSections context={i} />
      <h3>Related</h3>
      <RelatedObjects kind="indicators" id={i.id} />
    </section>
  );
}
