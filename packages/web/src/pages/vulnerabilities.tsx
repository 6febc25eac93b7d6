/**
 * /vulnerabilities: CVEs found on the organization's hosts, by the REST API's filters (severity, status,
 * package, host) held in the URL, paged by its token; each row names the hosts and links to them. `?cve=`
 * opens one CVE across hosts; `?view=suppressions` manages the suppressions.
 */
import { useMemo, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { api, must } from '../api/client.js';
import type { Vulnerability, VulnerabilityQuery } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { useMoreOnEnd, useUrlFilters } from '../components/url-filters.js';
import { CvePanel } from './vulnerabilities/cve-panel.js';
import { Suppressions } from './vulnerabilities/suppressions.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
const STATUSES = ['active', 'suppressed', 'all'] as const;

const columns: ColumnDef<Vulnerability, any>[] = [
  {
    accessorKey: 'cveNumber',
    header: 'CVE',
    size: 160,
    cell: (c) => (
      <Link to={`?cve=${encodeURIComponent(c.getValue())}`}>
        <code>{c.getValue()}</code>
      </Link>
    ),
  },
  { accessorKey: 'severity', header: 'Severity', size: 100, cell: (c) => <span className={`vuln-${c.getValue()}`}>{c.getValue()}</span> },
  { accessorKey: 'systemPackage', header: 'Installed package', size: 260 },
  { accessorKey: 'vectorType', header: 'Vector', size: 100 },
  {
    id: 'hosts',
    header: 'Hosts',
    size: 260,
    accessorFn: (v) => v.agents.length,
    cell: (c) => (
      <span>
        {c.row.original.agents.slice(0, 3).map((a, i) => (
          <span key={a.agentId}>
            {i > 0 && ', '}
            <Link to={`/agents/${encodeURIComponent(a.agentId)}`}>{a.hostname}</Link>
          </span>
        ))}
        {c.row.original.agents.length > 3 && ` +${c.row.original.agents.length - 3}`}
      </span>
    ),
  },
  { id: 'notices', header: 'Fixed by', size: 160, accessorFn: (v) => v.securityNotices.join(', ') || '—' },
  { accessorKey: 'isSuppressed', header: 'Suppressed', size: 100, cell: (c) => (c.getValue() ? 'Yes' : 'No') },
];

export function VulnerabilitiesPage() {
  const { params, setFilter } = useUrlFilters();
  if (params.get('view') === 'suppressions') {
    return (
      <section aria-labelledby="vulns-title">
        <div className="page-head">
          <h1 id="vulns-title">Vulnerabilities</h1>
          <ViewSwitch suppressions onFindings={() => setFilter({ view: '' })} />
        </div>
        <Suppressions preset={{ agentId: params.get('agentId') ?? undefined }} />
      </section>
    );
  }
  return <Findings />;
}

function ViewSwitch({ suppressions, onFindings }: { suppressions: boolean; onFindings?: () => void }) {
  return (
    <nav aria-label="Vulnerability views" className="crumbs">
      {suppressions ? (
        <button type="button" onClick={onFindings}>
          Findings
        </button>
      ) : (
        <Link to="?view=suppressions">Suppressions</Link>
      )}
    </nav>
  );
}

function Findings() {
  const { params, setFilter: set } = useUrlFilters();
  const query = useMemo(() => {
    const q: VulnerabilityQuery = {};
    const severity = SEVERITIES.find((s) => s === params.get('severity'));
    const status = STATUSES.find((s) => s === params.get('status'));
    if (severity) q.severity = severity;
    if (status) q.status = status;
    for (const key of ['package', 'agentId'] as const) {
      const v = params.get(key);
      if (v) q[key] = v;
    }
    return q;
  }, [params]);
  const pages = useInfiniteQuery({
    queryKey: ['vulnerabilities', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v2/vulnerabilities', { params: { query: { ...query, ...(pageParam ? { token: pageParam } : {}) } }, signal })),
    getNextPageParam: (p) => p.token ?? undefined,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.cves) ?? [], [pages.data]);
  const more = useMoreOnEnd(pages);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    set({ package: String(f.get('package') ?? '').trim(), agentId: String(f.get('agentId') ?? '').trim(), cve: String(f.get('cve') ?? '').trim() });
  };
  return (
    <section aria-labelledby="vulns-title">
      <div className="page-head">
        <h1 id="vulns-title">Vulnerabilities</h1>
        <p className="muted">{rows.length} loaded</p>
        <ViewSwitch suppressions={false} />
      </div>
      {params.get('cve') && <CvePanel key={params.get('cve')} cve={params.get('cve')!} onClose={() => set({ cve: '' })} />}
      <form className="filters" onSubmit={submit} aria-label="Vulnerability filters" key={params.toString()}>
        <label>
          Severity
          <select value={query.severity ?? ''} onChange={(e) => set({ severity: e.target.value })}>
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={query.status ?? 'active'} onChange={(e) => set({ status: e.target.value === 'active' ? '' : e.target.value })}>
            <option value="active">Active</option>
            <option value="suppressed">Suppressed</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          Package
          <input name="package" defaultValue={query.package ?? ''} data-filter placeholder="any package" />
        </label>
        <label>
          Agent id
          <input name="agentId" defaultValue={query.agentId ?? ''} placeholder="any host" />
        </label>
        <label>
          CVE
          <input name="cve" defaultValue={params.get('cve') ?? ''} placeholder="CVE-2024-6387" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorList error={pages.error} />
      {pages.isPending ? (
        <p role="status">Loading vulnerabilities…</p>
      ) : rows.length === 0 && !pages.error ? (
        <EmptyState title="No vulnerabilities found">
          <p>
            {[...params.keys()].length > 0
              ? 'Nothing matches these filters; loosen or clear them.'
              : 'Either your hosts are up to date, or no advisories are loaded yet: import them with vigil vulns import (OSV or Debian data), and agents report their packages within the hour.'}
          </p>
        </EmptyState>
      ) : (
        <DataTable data={rows} columns={columns} rowId={(v) => `${v.cveNumber} ${v.systemPackage}`} label="Vulnerabilities" onEndReached={more} />
      )}
    </section>
  );
}
