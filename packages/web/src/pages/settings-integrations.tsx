/**
 * Settings › Integrations: the organization's alert webhooks. Adding one shows its signing secret once;
 * each links to its page (test send, enable/disable, delivery log, redeliver).
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { canWrite, useSession } from '../api/session.js';
import type { NewWebhook } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { formatTime, SEVERITY_NAMES } from '../components/format.js';
import { SecretPanel } from '../components/secret-panel.js';

export const WEBHOOK_FORMATS = [
  { value: 'threatstack', label: 'Threat Stack (alert JSON)' },
  { value: 'threatstack-flat', label: 'Threat Stack, flat' },
  { value: 'slack', label: 'Slack incoming webhook' },
  { value: 'full', label: 'Full alert with events' },
] as const;

function AddWebhook({ onCreated }: { onCreated: (secret: string) => void }) {
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: async (body: NewWebhook) => must(await api.POST('/v2/integrations/webhooks', { body })),
    onSuccess: async (created) => {
      onCreated(created.secret);
      await client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate(
      {
        url: String(f.get('url') ?? '').trim(),
        description: String(f.get('description') ?? '').trim(),
        format: String(f.get('format')) as NonNullable<NewWebhook['format']>,
        minSeverity: Number(f.get('minSeverity')),
      },
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    );
  };
  return (
    <form className="panel webhook-form" onSubmit={submit} aria-labelledby="add-webhook">
      <h3 id="add-webhook">Add a webhook</h3>
      <label>
        URL
        <input name="url" type="url" required placeholder="https://hooks.example.com/vigil" />
      </label>
      <label>
        Description
        <input name="description" placeholder="On-call channel" />
      </label>
      <label>
        Format
        <select name="format" defaultValue="threatstack">
          {WEBHOOK_FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Alerts of severity
        <select name="minSeverity" defaultValue="3">
          <option value="1">High only</option>
          <option value="2">Medium and high</option>
          <option value="3">All</option>
        </select>
      </label>
      <ErrorList error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}

export function SettingsIntegrationsPage() {
  const { data: session } = useSession();
  const [secret, setSecret] = useState('');
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: async ({ signal }) => must(await api.GET('/v2/integrations/webhooks', { signal })) });
  const writer = canWrite(session);
  return (
    <div>
      <h2>Integrations</h2>
      <p className="muted">Alert webhooks, signed per Standard Webhooks with the endpoint's secret.</p>
      <ErrorList error={webhooks.error} />
      {secret && <SecretPanel what="The webhook's signing secret" secret={secret} onDone={() => setSecret('')} />}
      {webhooks.data && webhooks.data.webhooks.length === 0 && (
        <EmptyState title="No webhooks yet">
          <p>{writer ? 'Add one below to send alerts to Slack, a SIEM or your own service.' : 'An owner can add one to send alerts to Slack, a SIEM or another service.'}</p>
        </EmptyState>
      )}
      {webhooks.data && webhooks.data.webhooks.length > 0 && (
        <table className="data plain">
          <caption className="sr-only">Webhooks</caption>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Format</th>
              <th scope="col">Severity</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.data.webhooks.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link to={`/settings/integrations/${encodeURIComponent(w.id)}`}>{w.description || w.url}</Link>
                  {w.description && <div className="muted small">{w.url}</div>}
                </td>
                <td>{w.format}</td>
                <td>{w.minSeverity === 3 ? 'All' : `${SEVERITY_NAMES[w.minSeverity]} and above`}</td>
                <td>{!w.enabled ? `Disabled${w.disabledReason ? `: ${w.disabledReason}` : ''}` : w.failingSince ? `Failing since ${formatTime(w.failingSince)}` : 'Enabled'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {writer && !webhooks.error && <AddWebhook onCreated={setSecret} />}
    </div>
  );
}
