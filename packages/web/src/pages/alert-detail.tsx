/**
 * /alerts/<id> (the link in Slack and webhook messages): the alert, its events, and dismissing it.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useAgentNames } from '../api/agents.js';
import { api, must } from '../api/client.js';
import { canWrite, useSession } from '../api/session.js';
import { DISMISS_REASONS } from '../api/types.js';
import { DismissForm } from '../components/dismiss-form.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { formatTime } from '../components/format.js';
import { Severity } from '../components/severity.js';

function EventFields({ event }: { event: Record<string, unknown> }) {
  return (
    <dl className="fields">
      {Object.entries(event)
        .filter(([k]) => k !== 'alertId')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' && v !== null ? <code>{JSON.stringify(v)}</code> : String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}

export function AlertDetailPage() {
  const alertId = useParams().alertId ?? '';
  const { data: session } = useSession();
  const [dismissing, setDismissing] = useState(false);
  const names = useAgentNames();
  const alert = useQuery({
    queryKey: ['alert', alertId],
    queryFn: async ({ signal }) => must(await api.GET('/v2/alerts/{alertId}', { params: { path: { alertId } }, signal })),
  });
  const events = useQuery({
    queryKey: ['alert', alertId, 'events'],
    queryFn: async ({ signal }) => must(await api.GET('/v2/alerts/{alertId}/events', { params: { path: { alertId } }, signal })),
  });
  if (alert.isPending) return <p role="status">Loading the alert…</p>;
  if (alert.error || !alert.data) {
    return (
      <section>
        <h1>Alert {alertId}</h1>
        <ErrorList error={alert.error} />
        <p>
          <Link to="/alerts">Back to the alerts</Link>
        </p>
      </section>
    );
  }
  const a = alert.data;
  const reason = DISMISS_REASONS.find((r) => r.value === a.dismissReason)?.label ?? a.dismissReason;
  return (
    <section aria-labelledby="alert-title">
      <p className="crumbs">
        <Link to="/alerts">Alerts</Link> › {a.id}
      </p>
      <div className="page-head">
        <h1 id="alert-title">{a.title}</h1>
        {!a.isDismissed && canWrite(session) && !dismissing && (
          <button type="button" className="primary" onClick={() => setDismissing(true)}>
            Dismiss
          </button>
        )}
      </div>
      {dismissing && <DismissForm ids={[a.id]} onCancel={() => setDismissing(false)} onDone={() => setDismissing(false)} />}
      <dl className="facts">
        <div>
          <dt>Severity</dt>
          <dd>
            <Severity value={a.severity} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{a.isDismissed ? `Dismissed ${formatTime(a.dismissedAt)}${a.dismissedBy ? ` by ${a.dismissedBy}` : ''}` : 'Active'}</dd>
        </div>
        {a.isDismissed && (
          <div>
            <dt>Reason</dt>
            <dd>
              {reason}
              {a.dismissReasonText ? ` — ${a.dismissReasonText}` : ''}
            </dd>
          </div>
        )}
        <div>
          <dt>Created</dt>
          <dd>{formatTime(a.createdAt)}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{a.dataSource}</dd>
        </div>
        <div>
          <dt>Host</dt>
          <dd>{a.agentId ? <Link to={`/agents/${encodeURIComponent(a.agentId)}`}>{names.get(a.agentId) ?? a.agentId}</Link> : '—'}</dd>
        </div>
        <div>
          <dt>Rule</dt>
          <dd>{a.ruleId ? <Link to={`/alerts?ruleId=${encodeURIComponent(a.ruleId)}`}>{a.ruleId}</Link> : '—'}</dd>
        </div>
      </dl>
      {a.aggregates.length > 0 && (
        <>
          <h2>Grouped by</h2>
          <dl className="fields">
            {a.aggregates.map((agg, i) => (
              <div key={i}>
                <dt>{agg.fieldName}</dt>
                <dd>{String(agg.fieldValue ?? Object.entries(agg).filter(([k]) => k !== 'fieldName').map(([, v]) => v).join(', '))}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h2>Events</h2>
      <ErrorList error={events.error} />
      {events.isPending ? (
        <p role="status">Loading events…</p>
      ) : events.data && events.data.events.length > 0 ? (
        <ol className="events">
          {events.data.events.map((e) => (
            <li key={e.id}>
              <h3>
                <time dateTime={e.timestamp}>{formatTime(e.timestamp)}</time>
              </h3>
              <EventFields event={e} />
            </li>
          ))}
        </ol>
      ) : (
        !events.error && <EmptyState title="No events kept">Events are kept for a limited time (VIGIL_RETENTION_EVENTS_HOURS); this alert's have expired.</EmptyState>
      )}
    </section>
  );
}
