/**
 * /settings/integrations/<id>: one webhook — send a test, enable or disable, delete — and its delivery log
 * (paged, filtered by status) where a failed delivery can be sent again.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { canWrite, useSession } from '../api/session.js';
import type { Delivery } from '../api/types.js';
import { ActionsHeader } from '../components/actions-header.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { formatTime } from '../components/format.js';

function DeliveryRow({ d, writer }: { d: Delivery; writer: boolean }) {
  const client = useQueryClient();
  const redeliver = useMutation({
    mutationFn: async () => must(await api.POST('/v2/integrations/webhooks/deliveries/{deliveryId}/redeliver', { params: { path: { deliveryId: d.id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['deliveries'] }),
  });
  const last = d.log.at(-1);
  return (
    <tr>
      <td>{formatTime(d.createdAt)}</td>
      <td>{d.test ? 'Test' : <Link to={`/alerts/${encodeURIComponent(d.alertId)}`}>{d.alertId}</Link>}</td>
      <td>
        <span className={`delivery-${d.status}`}>{d.status}</span>
      </td>
      <td>{d.attempts}</td>
      <td>{last ? `${last.statusCode ?? '—'}${last.error ? ` · ${last.error}` : ''} · ${last.latencyMs} ms` : '—'}</td>
      <td>
        {writer && d.status !== 'pending' && (
          <button type="button" onClick={() => redeliver.mutate()} disabled={redeliver.isPending}>
            {redeliver.isSuccess ? 'Queued' : 'Redeliver'}
          </button>
        )}
        <ErrorList error={redeliver.error} />
      </td>
    </tr>
  );
}

export function SettingsWebhookPage() {
  const id = useParams().webhookId ?? '';
  const [params, setParams] = useSearchParams();
  const status = (['pending', 'succeeded', 'failed'] as const).find((s) => s === params.get('status'));
  const { data: session } = useSession();
  const writer = canWrite(session);
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const webhook = useQuery({
    queryKey: ['webhooks', id],
    queryFn: async ({ signal }) => must(await api.GET('/v2/integrations/webhooks/{id}', { params: { path: { id } }, signal })),
  });
  const deliveries = useInfiniteQuery({
    queryKey: ['deliveries', id, status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(await api.GET('/v2/integrations/webhooks/{id}/deliveries', { params: { path: { id }, query: { ...(status ? { status } : {}), ...(pageParam ? { token: pageParam } : {}) } }, signal })),
    getNextPageParam: (p) => p.token ?? undefined,
    refetchInterval: 10_000,
  });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['webhooks'] }), client.invalidateQueries({ queryKey: ['deliveries', id] })]);
  const test = useMutation({ mutationFn: async () => must(await api.POST('/v2/integrations/webhooks/{id}/test', { params: { path: { id } } })), onSuccess: refresh });
  const toggle = useMutation({
    mutationFn: async (enable: boolean) =>
      must(enable ? await api.POST('/v2/integrations/webhooks/{id}/enable', { params: { path: { id } } }) : await api.POST('/v2/integrations/webhooks/{id}/disable', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async () => must(await api.DELETE('/v2/integrations/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['webhooks'] });
      navigate('/settings/integrations');
    },
  });
  const rows = useMemo(() => deliveries.data?.pages.flatMap((p) => p.deliveries) ?? [], [deliveries.data]);
  if (webhook.isPending) return <p role="status">Loading the webhook…</p>;
  if (webhook.error || !webhook.data) {
    return (
      <div>
        <ErrorList error={webhook.error} />
        <Link to="/settings/integrations">Back to the integrations</Link>
      </div>
    );
  }
  const w = webhook.data;
  return (
    <div>
      <p className="crumbs">
        <Link to="/settings/integrations">Integrations</Link> › {w.id}
      </p>
      <h2>{w.description || w.url}</h2>
      <dl className="facts">
        <div>
          <dt>URL</dt>
          <dd>
            <code>{w.url}</code>
          </dd>
        </div>
        <div>
          <dt>Format</dt>
          <dd>{w.format}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{w.enabled ? (w.failingSince ? `Failing since ${formatTime(w.failingSince)}` : 'Enabled') : `Disabled${w.disabledReason ? `: ${w.disabledReason}` : ''}`}</dd>
        </div>
      </dl>
      {writer && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? 'Sending…' : 'Send a test'}
          </button>
          <button type="button" onClick={() => toggle.mutate(!w.enabled)} disabled={toggle.isPending}>
            {w.enabled ? 'Disable' : 'Enable'}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="danger" onClick={() => remove.mutate()}>
                Delete for good
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
          )}
        </div>
      )}
      <ErrorList error={test.error ?? toggle.error ?? remove.error} />
      {test.data && (
        <p className={test.data.success ? 'notice' : 'errors'} role="status">
          Test {test.data.success ? 'delivered' : 'failed'}: {test.data.statusCode ?? 'no answer'} in {test.data.latencyMs} ms
          {test.data.error ? ` — ${test.data.error}` : ''}
        </p>
      )}
      <h3>Delivery log</h3>
      <div className="tabs" role="group" aria-label="Delivery status">
        {(['', 'pending', 'succeeded', 'failed'] as const).map((s) => (
          <button key={s || 'all'} type="button" aria-pressed={(status ?? '') === s} onClick={() => setParams(s ? { status: s } : {})}>
            {s === '' ? 'All' : s[0]!.toUpperCase() + s.slice(1)}
          </button>
        ))}
      </div>
      <ErrorList error={deliveries.error} />
      {deliveries.data && rows.length === 0 && <EmptyState title="No deliveries">{writer ? 'Send a test to see one here.' : 'Deliveries appear here as alerts are sent.'}</EmptyState>}
      {rows.length > 0 && (
        <table className="data plain">
          <caption className="sr-only">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Alert</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <DeliveryRow key={d.id} d={d} writer={writer} />
            ))}
          </tbody>
        </table>
      )}
      {deliveries.hasNextPage && (
        <button type="button" onClick={() => deliveries.fetchNextPage()} disabled={deliveries.isFetchingNextPage}>
          Older deliveries
        </button>
      )}
    </div>
  );
}
