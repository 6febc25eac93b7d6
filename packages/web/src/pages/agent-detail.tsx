/**
 * /agents/<id>: host facts, module health, tags, the rulesets that apply to it, its vulnerability findings and
 * installed packages, with a link to its alerts.
 */
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { ErrorList } from '../components/error-list.js';
import { Facts } from '../components/facts.js';
import { ago, formatTime } from '../components/format.js';
import { AgentFindings } from './agent/findings.js';
import { AgentPackages } from './agent/packages.js';

export function AgentDetailPage() {
  const agentId = useParams().agentId ?? '';
  const agent = useQuery({
    queryKey: ['agent', agentId],
    queryFn: async ({ signal }) => must(await api.GET('/v2/agents/{agentId}', { params: { path: { agentId } }, signal })),
  });
  const rulesets = useQuery({
    queryKey: ['rulesets', { agentId }],
    queryFn: async ({ signal }) => must(await api.GET('/v2/rulesets', { params: { query: { agentId } }, signal })),
  });
  if (agent.isPending) return <p role="status">Loading the agent…</p>;
  if (agent.error || !agent.data) {
    return (
      <section>
        <h1>Agent {agentId}</h1>
        <ErrorList error={agent.error} />
        <Link to="/agents">Back to the agents</Link>
      </section>
    );
  }
  const a = agent.data;
  const facts: Array<[string, string]> = [
    ['Status', a.status],
    ['Last report', `${ago(a.lastReportedAt)} (${formatTime(a.lastReportedAt)})`],
    ['Name', a.name],
    ['OS', a.osVersion],
    ['Kernel', a.kernel],
    ['Agent version', a.version],
    ['Agent type', a.agentType],
    ['Instance', a.instanceId ?? '—'],
    ['Private IPs', a.ipAddresses.private.join(', ') || '—'],
    ['Public IPs', a.ipAddresses.public.join(', ') || '—'],
    ['Registered', formatTime(a.createdAt)],
  ];
  return (
    <section aria-labelledby="agent-title">
      <p className="crumbs">
        <Link to="/agents">Agents</Link> › {a.id}
      </p>
      <div className="page-head">
        <h1 id="agent-title">{a.hostname || a.name}</h1>
        <Link className="button" to={`/alerts?agentId=${encodeURIComponent(a.id)}`}>
          Alerts on this host
        </Link>
      </div>
      {a.description && <p>{a.description}</p>}
      <Facts items={facts} />
      <h2>Module health</h2>
      {Object.keys(a.agentModuleHealth).length === 0 ? (
        <p className="muted">The agent has not reported module health yet.</p>
      ) : (
        <dl className="fields">
          {Object.entries(a.agentModuleHealth).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'object' ? <code>{JSON.stringify(v)}</code> : String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <h2>Tags</h2>
      {a.tags.length === 0 ? (
        <p className="muted">No tags.</p>
      ) : (
        <ul className="tags">
          {a.tags.map((t) => (
            <li key={`${t.source}:${t.key}`}>
              {t.key}={t.value} <span className="muted">({t.source})</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Rulesets that apply</h2>
      <ErrorList error={rulesets.error} />
      {rulesets.data && rulesets.data.rulesets.length === 0 && <p className="muted">No ruleset applies to this host: it raises no alerts.</p>}
      {rulesets.data && rulesets.data.rulesets.length > 0 && (
        <ul>
          {rulesets.data.rulesets.map((r) => (
            <li key={r.id}>
              <Link to={`/rules?ruleset=${encodeURIComponent(r.id)}`}>{r.name}</Link> <span className="muted">({r.rules.length} rules)</span>
            </li>
          ))}
        </ul>
      )}
      <AgentFindings agentId={a.id} />
      <AgentPackages agentId={a.id} />
    </section>
  );
}
