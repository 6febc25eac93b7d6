/**
 * The dashboard: active alerts by severity, over time, by rule and by host, all from one
 * `GET /v2/alerts/dashboard` (the server's rollups: exact for the whole range, a year of alerts as fast as a
 * day), and agents online and offline. The range is in the URL (`?range=24h|7d|30d|1y`); it refreshes on a poll.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { useAllAgents } from '../api/agents.js';
import { POLL_MS } from '../api/alerts.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { SEVERITY_NAMES } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';

const RANGES = {
  '24h': { hours: 24, label: 'Last 24 hours' },
  '7d': { hours: 168, label: 'Last 7 days' },
  '30d': { hours: 720, label: 'Last 30 days' },
  '1y': { hours: 8760, label: 'Last 12 months' },
} as const;
type Range = keyof typeof RANGES;
const BUCKET_NAMES: Record<number, string> = { 3600: 'hour', 21600: '6 hours', 86400: 'day', 604800: 'week' };

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range: Range = (params.get('range') as Range) in RANGES ? (params.get('range') as Range) : '24h';
  const { hours } = RANGES[range];
  // Whole minutes, so that the query key (and the cache) holds still between polls.
  const from = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3600_000).toISOString(), [hours]);
  const dash = useQuery({
    queryKey: ['dashboard', from],
    queryFn: async ({ signal }) => must(await api.GET('/v2/alerts/dashboard', { params: { query: { from } }, signal })),
    refetchInterval: POLL_MS,
  });
  const agents = useAllAgents();
  const series = useMemo(() => {
    const buckets = dash.data?.overTime.buckets ?? [];
    return {
      times: buckets.map((b) => Date.parse(b.at) / 1000),
      values: buckets.map((b) => b.counts.reduce((x, y) => x + y, 0)),
    };
  }, [dash.data]);
  const bySeverity = new Map((dash.data?.severityCounts ?? []).map((c) => [c.severity, c.count]));
  const total = [...bySeverity.values()].reduce((a, b) => a + b, 0);
  const bucketName = BUCKET_NAMES[dash.data?.overTime.bucketSeconds ?? 3600] ?? 'bucket';

  return (
    <section aria-labelledby="dash-title">
      <div className="page-head">
        <h1 id="dash-title">Dashboard</h1>
        <div className="tabs" role="group" aria-label="Time range">
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setParams(r === '24h' ? {} : { range: r })}>
              {RANGES[r].label}
            </button>
          ))}
        </div>
      </div>
      <ErrorList error={dash.error ?? agents.error} />
      <div className="cards">
        {[1, 2, 3].map((s) => (
          <Link key={s} className={`card sev-card sev-${s}`} to={`/alerts?severity=${s}&from=${encodeURIComponent(from)}`}>
            <span className="card-label">{SEVERITY_NAMES[s]} severity</span>
            <span className="card-value">{dash.data ? (bySeverity.get(s) ?? 0).toLocaleString() : '…'}</span>
          </Link>
        ))}
        <Link className="card" to="/agents">
          <span className="card-label">Agents online</span>
          <span className="card-value">{agents.data ? `${agents.data.online.agents.length}${agents.data.online.more ? '+' : ''}` : '…'}</span>
        </Link>
        <Link className="card" to="/agents?status=offline">
          <span className="card-label">Agents offline</span>
          <span className="card-value">{agents.data ? `${agents.data.offline.agents.length}${agents.data.offline.more ? '+' : ''}` : '…'}</span>
        </Link>
      </div>
      {dash.data && total === 0 ? (
        <EmptyState title="No active alerts in this range">
          <p>
            Nothing needs attention. Widen the range, look at <Link to="/alerts?status=dismissed">dismissed alerts</Link>, or check that your <Link to="/agents">agents</Link> are online.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="panel">
            <h2>Active alerts over time</h2>
            {dash.data ? <TimeChart label={`Alerts per ${bucketName}`} times={series.times} values={series.values} /> : <p role="status">Loading…</p>}
          </div>
          <div className="two">
            <div className="panel">
              <h2>Top rules</h2>
              <ol className="ranking">
                {(dash.data?.topRules ?? []).map((r) => (
                  <li key={r.ruleId}>
                    <Link to={`/alerts?ruleId=${encodeURIComponent(r.ruleId)}&from=${encodeURIComponent(from)}`}>{r.name ?? `${r.ruleId} (deleted rule)`}</Link>
                    <span className="count">{r.count}</span>
                  </li>
                ))}
              </ol>
            </div>
            <div className="panel">
              <h2>Top hosts</h2>
              <ol className="ranking">
                {(dash.data?.topAgents ?? []).map((h) => (
                  <li key={h.agentId}>
                    <Link to={`/agents/${encodeURIComponent(h.agentId)}`}>{h.name ?? h.agentId}</Link>
                    <span className="count">
                      <Link to={`/alerts?agentId=${encodeURIComponent(h.agentId)}&from=${encodeURIComponent(from)}`} aria-label={`${h.count} alerts on ${h.name ?? h.agentId}`}>
                        {h.count}
                      </Link>
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
