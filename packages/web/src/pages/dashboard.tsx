/**
 * The dashboard, from what the REST API gives: active alerts by severity (severity-counts), alerts over
 * time, top rules and top hosts (from up to SAMPLE_PAGES pages of the newest alerts in the range), and
 * agents online and offline. The range is in the URL (`?range=24h|7d|30d`); it refreshes on a poll.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client.js';
import { useAgentNames, useAllAgents } from '../api/agents.js';
import { POLL_MS } from '../api/alerts.js';
import type { Alert } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { SEVERITY_NAMES } from '../components/format.js';
import { TimeChart } from '../components/time-chart.js';

const RANGES = { '24h': { hours: 24, bucket: 3600 }, '7d': { hours: 168, bucket: 6 * 3600 }, '30d': { hours: 720, bucket: 86_400 } } as const;
type Range = keyof typeof RANGES;
const SAMPLE_PAGES = 10;

async function alertSample(from: string, signal: AbortSignal): Promise<{ alerts: Alert[]; complete: boolean }> {
  const alerts: Alert[] = [];
  let token: string | undefined;
  for (let i = 0; i < SAMPLE_PAGES; i++) {
    const page = must(await api.GET('/v2/alerts', { params: { query: { status: 'active', from, ...(token ? { token } : {}) } }, signal }));
    alerts.push(...page.alerts);
    if (!page.token) return { alerts, complete: true };
    token = page.token;
  }
  return { alerts, complete: false };
}

function top<K extends string>(alerts: Alert[], key: (a: Alert) => K | null, n = 5): Array<{ key: K; count: number; sample: Alert }> {
  const counts = new Map<K, { key: K; count: number; sample: Alert }>();
  for (const a of alerts) {
    const k = key(a);
    if (k === null) continue;
    const entry = counts.get(k) ?? { key: k, count: 0, sample: a };
    entry.count++;
    counts.set(k, entry);
  }
  return [...counts.values()].sort((x, y) => y.count - x.count).slice(0, n);
}

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range: Range = (params.get('range') as Range) in RANGES ? (params.get('range') as Range) : '24h';
  const { hours, bucket } = RANGES[range];
  // Whole minutes, so that the query key (and the cache) holds still between polls.
  const from = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3600_000).toISOString(), [hours]);
  const counts = useQuery({
    queryKey: ['severity-counts', from],
    queryFn: async ({ signal }) => must(await api.GET('/v2/alerts/severity-counts', { params: { query: { from } }, signal })),
    refetchInterval: POLL_MS,
  });
  const sample = useQuery({ queryKey: ['dashboard', 'alerts', from], queryFn: ({ signal }) => alertSample(from, signal), refetchInterval: POLL_MS * 2 });
  const agents = useAllAgents();
  const series = useMemo(() => {
    const start = Math.floor(new Date(from).getTime() / 1000 / bucket) * bucket;
    const n = Math.ceil((hours * 3600) / bucket) + 1;
    const times = Array.from({ length: n }, (_, i) => start + i * bucket);
    const values = new Array<number>(n).fill(0);
    for (const a of sample.data?.alerts ?? []) {
      const i = Math.floor((new Date(a.createdAt).getTime() / 1000 - start) / bucket);
      if (i >= 0 && i < n) values[i]!++;
    }
    return { times, values };
  }, [sample.data, from, bucket, hours]);
  const topRules = useMemo(() => top(sample.data?.alerts ?? [], (a) => a.ruleId), [sample.data]);
  const names = useAgentNames();
  const topHosts = useMemo(() => top(sample.data?.alerts ?? [], (a) => a.agentId), [sample.data]);
  const bySeverity = new Map((counts.data?.severityCounts ?? []).map((c) => [c.severity, c.count]));
  const total = [...bySeverity.values()].reduce((a, b) => a + b, 0);
  const sampleNote = sample.data && !sample.data.complete ? ` (from the newest ${sample.data.alerts.length})` : '';

  return (
    <section aria-labelledby="dash-title">
      <div className="page-head">
        <h1 id="dash-title">Dashboard</h1>
        <div className="tabs" role="group" aria-label="Time range">
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setParams(r === '24h' ? {} : { range: r })}>
              {r === '24h' ? 'Last 24 hours' : r === '7d' ? 'Last 7 days' : 'Last 30 days'}
            </button>
          ))}
        </div>
      </div>
      <ErrorList error={counts.error ?? sample.error ?? agents.error} />
      <div className="cards">
        {[1, 2, 3].map((s) => (
          <Link key={s} className={`card sev-card sev-${s}`} to={`/alerts?severity=${s}&from=${encodeURIComponent(from)}`}>
            <span className="card-label">{SEVERITY_NAMES[s]} severity</span>
            <span className="card-value">{counts.data ? (bySeverity.get(s) ?? 0).toLocaleString() : '…'}</span>
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
      {counts.data && total === 0 ? (
        <EmptyState title="No active alerts in this range">
          <p>
            Nothing needs attention. Widen the range, look at <Link to="/alerts?status=dismissed">dismissed alerts</Link>, or check that your <Link to="/agents">agents</Link> are online.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="panel">
            <h2>Active alerts over time{sampleNote}</h2>
            {sample.data ? <TimeChart label={`Alerts per ${bucket === 3600 ? 'hour' : bucket === 86_400 ? 'day' : '6 hours'}`} times={series.times} values={series.values} /> : <p role="status">Loading…</p>}
          </div>
          <div className="two">
            <div className="panel">
              <h2>Top rules{sampleNote}</h2>
              <ol className="ranking">
                {topRules.map((r) => (
                  <li key={r.key}>
                    <Link to={`/alerts?ruleId=${encodeURIComponent(r.key)}&from=${encodeURIComponent(from)}`}>{r.sample.title}</Link>
                    <span className="count">{r.count}</span>
                  </li>
                ))}
              </ol>
            </div>
            <div className="panel">
              <h2>Top hosts{sampleNote}</h2>
              <ol className="ranking">
                {topHosts.map((h) => (
                  <li key={h.key}>
                    <Link to={`/agents/${encodeURIComponent(h.key)}`}>{names.get(h.key) ?? h.key}</Link>
                    <span className="count">
                      <Link to={`/alerts?agentId=${encodeURIComponent(h.key)}&from=${encodeURIComponent(from)}`} aria-label={`${h.count} alerts on ${names.get(h.key) ?? h.key}`}>
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
