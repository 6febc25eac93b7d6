/**
 * Settings › OAuth Management, as in ThreatQ: the organization's OAuth clients for the threat library API
 * (/api/oauth/clients, owners only). A new client's secret is shown once; revoking a client ends its tokens.
 * Other roles see why there is nothing to manage instead of a 403.
 */
import { useState, type FormEvent } from 'react';
import { useCreateOAuthClient, useOAuthClients, useRevokeOAuthClient } from '../api/oauth-clients.js';
import { useSession } from '../api/session.js';
import type { OAuthClient } from '../api/types.js';
import { ActionsHeader } from '../components/actions-header.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { formatTime } from '../components/format.js';
import { SecretPanel } from '../components/secret-panel.js';
import { threatqIso } from '../components/threatq-date.js';

function CreateClient({ onCreated }: { onCreated: (c: OAuthClient) => void }) {
  const create = useCreateOAuthClient();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(String(new FormData(form).get('name') ?? '').trim(), {
      onSuccess: (c) => {
        onCreated(c);
        form.reset();
      },
    });
  };
  return (
    <form className="panel webhook-form" onSubmit={submit} aria-labelledby="new-client">
      <h3 id="new-client">Add a client</h3>
      <label>
        Name
        <input name="name" required maxLength={200} placeholder="SOAR playbooks" />
      </label>
      <ErrorList error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add client'}
        </button>
      </div>
    </form>
  );
}

function ClientRow({ client }: { client: OAuthClient }) {
  const revoke = useRevokeOAuthClient();
  return (
    <tr>
      <td>{client.name}</td>
      <td>
        <code>{client.client_id}</code>
      </td>
      <td>
        <time dateTime={threatqIso(client.created_at) ?? undefined}>{formatTime(threatqIso(client.created_at))}</time>
      </td>
      <td>{client.revoked_at ? `Revoked ${formatTime(threatqIso(client.revoked_at))}` : 'Active'}</td>
      <td>
        {!client.revoked_at && <ConfirmButton label="Revoke" confirm="Its tokens stop working at once." pending={revoke.isPending} onConfirm={() => revoke.mutate(client.id)} />}
        <ErrorList error={revoke.error} />
      </td>
    </tr>
  );
}

export function SettingsOAuthPage() {
  const { data: session } = useSession();
  const owner = session?.role === 'owner';
  const clients = useOAuthClients(owner);
  const [created, setCreated] = useState<OAuthClient | undefined>();
  return (
    <div>
      <h2>OAuth Management</h2>
      <p className="muted">
        Clients of the threat library API (<code>/api</code>): scripts exchange a client's id and secret at <code>POST /api/token</code> (the client-credentials grant) for a
        bearer token that acts as the owner who made it, or send a user's email and password with the client's id.
      </p>
      {!owner ? (
        <EmptyState title="Only owners manage OAuth clients">
          <p>Ask an owner of this organization for a client, or use your own API key with REST v2.</p>
        </EmptyState>
      ) : (
        <>
          {created?.client_secret && (
            <SecretPanel what={`The client secret of ${created.name}`} secret={created.client_secret} onDone={() => setCreated(undefined)}>
              <p>
                Client id: <code>{created.client_id}</code> <CopyButton text={created.client_id} label="Copy the client id" />
              </p>
            </SecretPanel>
          )}
          <ErrorList error={clients.error} />
          {clients.isPending && <p role="status">Loading clients…</p>}
          {clients.data && clients.data.length === 0 && (
            <EmptyState title="No OAuth clients yet">
              <p>Add one below for each script or integration that calls the threat library API.</p>
            </EmptyState>
          )}
          {clients.data && clients.data.length > 0 && (
            <table className="data plain">
              <caption className="sr-only">OAuth clients</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Client id</th>
                  <th scope="col">Created</th>
                  <th scope="col">State</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {clients.data.map((c) => (
                  <ClientRow key={c.id} client={c} />
                ))}
              </tbody>
            </table>
          )}
          <CreateClient onCreated={setCreated} />
        </>
      )}
    </div>
  );
}
