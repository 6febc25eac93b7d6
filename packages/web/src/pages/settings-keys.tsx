/**
 * Settings › Application Keys (GET /console/api/keys): the user id, organization id and endpoint a Threat
 * Stack client needs, as copyable `TS_*` lines; the current API key and deploy key by prefix only. Rotating
 * one shows the new key once (with the lines to paste) and the old one stops working. Anyone rotates their
 * own API key; the deploy key, which agents register with, is the owners'.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { useSession } from '../api/session.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { CopyButton } from '../components/copy-button.js';
import { ErrorList } from '../components/error-list.js';
import { formatTime } from '../components/format.js';

interface Issued {
  what: 'API key' | 'deploy key';
  key: string;
  envLines: string;
}

export function SettingsKeysPage() {
  const { data: session } = useSession();
  const client = useQueryClient();
  const [issued, setIssued] = useState<Issued | undefined>();
  const keys = useQuery({ queryKey: ['keys'], queryFn: async ({ signal }) => must(await api.GET('/console/api/keys', { signal })) });
  const done = (what: Issued['what']) => (r: { key: string; envLines: string }) => {
    setIssued({ what, key: r.key, envLines: r.envLines });
    void client.invalidateQueries({ queryKey: ['keys'] });
  };
  const rotateApiKey = useMutation({ mutationFn: async () => must(await api.POST('/console/api/keys/api-key')), onSuccess: done('API key') });
  const rotateDeployKey = useMutation({ mutationFn: async () => must(await api.POST('/console/api/keys/deploy-key')), onSuccess: done('deploy key') });
  if (keys.isPending) return <p role="status">Loading keys…</p>;
  if (!keys.data) return <ErrorList error={keys.error} />;
  const k = keys.data;
  return (
    <div>
      <h2>Application Keys</h2>
      {issued && (
        <div className="panel secret" role="status">
          <p>
            <strong>Your new {issued.what}, shown only now:</strong> <code>{issued.key}</code>
          </p>
          <pre className="lines">{issued.envLines}</pre>
          <div className="actions">
            <CopyButton text={issued.key} label={`Copy the ${issued.what}`} />
            <CopyButton text={issued.envLines} label="Copy the lines" />
            <button type="button" onClick={() => setIssued(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>User id</dt>
          <dd>
            <code>{k.userId}</code>
          </dd>
        </div>
        <div>
          <dt>Organization id</dt>
          <dd>
            <code>{k.organizationId}</code>
          </dd>
        </div>
        <div>
          <dt>API endpoint</dt>
          <dd>
            <code>{k.apiEndpoint}</code>
          </dd>
        </div>
      </dl>
      <div className="panel">
        <h3>For Threat Stack clients, the CLI and the SDK</h3>
        <pre className="lines">{k.envLines}</pre>
        <CopyButton text={k.envLines} label="Copy the TS_* lines" />
      </div>
      <div className="panel">
        <h3>API key</h3>
        <p>
          {k.apiKey ? (
            <>
              <code>{k.apiKey.prefix}…</code>, issued {formatTime(k.apiKey.createdAt)}. The key itself is shown only when it is issued.
            </>
          ) : (
            'You have no API key yet.'
          )}
        </p>
        <ConfirmButton label={k.apiKey ? 'Rotate my API key' : 'Issue an API key'} confirm="Scripts using the current key stop working at once." onConfirm={() => rotateApiKey.mutate()} pending={rotateApiKey.isPending} />
        <ErrorList error={rotateApiKey.error} />
      </div>
      <div className="panel">
        <h3>Agent deploy key</h3>
        <p>
          {k.deployKey ? (
            <>
              <code>{k.deployKey.prefix}…</code>, issued {formatTime(k.deployKey.createdAt)}. New agents register with it; registered agents keep their own keys.
            </>
          ) : (
            'No deploy key yet: agents cannot register until an owner issues one.'
          )}
        </p>
        {session?.role === 'owner' && (
          <ConfirmButton
            label={k.deployKey ? 'Rotate the deploy key' : 'Issue a deploy key'}
            confirm="New agents must then use the new key."
            onConfirm={() => rotateDeployKey.mutate()}
            pending={rotateDeployKey.isPending}
          />
        )}
        <ErrorList error={rotateDeployKey.error} />
      </div>
    </div>
  );
}
