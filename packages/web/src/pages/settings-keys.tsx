/**
 * Settings › Application Keys: the ids a Threat Stack client needs (user, organization, endpoint) as
 * copyable `TS_*` lines. The API key itself is shown once, when it is issued or rotated; the REST API has
 * no route for that yet, so the page says which command does it.
 */
import { useSession } from '../api/session.js';
import { CopyButton } from '../components/copy-button.js';

export function SettingsKeysPage() {
  const { data: session } = useSession();
  if (!session) return null;
  const endpoint = location.origin;
  const lines = [
    `TS_USER_ID=${session.user.id}`,
    `TS_ORGANIZATION_ID=${session.organizationId}`,
    `TS_API_ENDPOINT=${endpoint}`,
    'TS_API_KEY=<your API key>',
  ].join('\n');
  return (
    <div>
      <h2>Application Keys</h2>
      <dl className="facts">
        <div>
          <dt>User id</dt>
          <dd>
            <code>{session.user.id}</code>
          </dd>
        </div>
        <div>
          <dt>Organization id</dt>
          <dd>
            <code>{session.organizationId}</code>
          </dd>
        </div>
        <div>
          <dt>API endpoint</dt>
          <dd>
            <code>{endpoint}</code>
          </dd>
        </div>
      </dl>
      <div className="panel">
        <h3>For Threat Stack clients, the CLI and the SDK</h3>
        <pre className="lines">{lines}</pre>
        <CopyButton text={lines} label="Copy the TS_* lines" />
      </div>
      <p>
        Your API key is shown only when it is issued. To issue a new one (the old one stops working), run{' '}
        <code>vigil admin keys rotate --user {session.user.id}</code> on the server. Agents register with the organization's deploy key:{' '}
        <code>vigil admin deploy-key --org {session.organizationId}</code>.
      </p>
    </div>
  );
}
