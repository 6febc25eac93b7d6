/**
 * /rules: the organization's rulesets and, for the one chosen (`?ruleset=` in the URL), its rules.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { api, must } from '../api/client.js';
import type { Rule } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { Severity } from '../components/severity.js';

const columns: ColumnDef<Rule, any>[] = [
  {
    accessorKey: 'name',
    header: 'Rule',
    size: 300,
    cell: (c) => <Link to={`/rules/${encodeURIComponent(c.row.original.rulesetId)}/${encodeURIComponent(c.row.original.id)}`}>{c.getValue()}</Link>,
  },
  { accessorKey: 'type', header: 'Type', size: 90 },
  { accessorKey: 'severityOfAlerts', header: 'Severity', size: 100, cell: (c) => <Severity value={c.getValue()} /> },
  { accessorKey: 'enabled', header: 'Enabled', size: 90, cell: (c) => (c.getValue() ? 'Yes' : <span title={c.row.original.disabledReason}>No</span>) },
  { accessorKey: 'filter', header: 'Filter', size: 420, cell: (c) => <code className="filter">{c.getValue()}</code> },
  { id: 'alerts', header: 'Alerts', size: 80, enableSorting: false, cell: (c) => <Link to={`/alerts?ruleId=${encodeURIComponent(c.row.original.id)}`}>Alerts</Link> },
];

export function RulesPage() {
  const [params, setParams] = useSearchParams();
  const rulesets = useQuery({ queryKey: ['rulesets'], queryFn: async ({ signal }) => must(await api.GET('/v2/rulesets', { signal })) });
  const chosen = params.get('ruleset') ?? rulesets.data?.rulesets[0]?.id ?? '';
  const rules = useQuery({
    queryKey: ['rules', chosen],
    enabled: chosen !== '',
    queryFn: async ({ signal }) => must(await api.GET('/v2/rulesets/{rulesetId}/rules', { params: { path: { rulesetId: chosen } }, signal })),
  });
  const rows = useMemo(() => rules.data?.rules ?? [], [rules.data]);
  return (
    <section aria-labelledby="rules-title">
      <div className="page-head">
        <h1 id="rules-title">Rules</h1>
      </div>
      <ErrorList error={rulesets.error} />
      {rulesets.data && rulesets.data.rulesets.length === 0 && (
        <EmptyState title="No rulesets">
          <p>Without a ruleset nothing raises alerts. Install the Base Rule Set with <code>vigil admin</code> or create one through the API (POST /v2/rulesets).</p>
        </EmptyState>
      )}
      {rulesets.data && rulesets.data.rulesets.length > 0 && (
        <div className="split">
          <nav aria-label="Rulesets" className="sidelist">
            <ul>
              {rulesets.data.rulesets.map((r) => (
                <li key={r.id}>
                  <button type="button" aria-current={r.id === chosen ? 'true' : undefined} onClick={() => setParams({ ruleset: r.id })}>
                    {r.name} <span className="muted">{r.rules.length}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div>
            <ErrorList error={rules.error} />
            {rules.data && rows.length === 0 && <EmptyState title="No rules in this ruleset">Add rules through the API (POST /v2/rulesets/&lt;id&gt;/rules).</EmptyState>}
            {rows.length > 0 && <DataTable data={rows} columns={columns} rowId={(r) => r.id} label="Rules of the ruleset" />}
          </div>
        </div>
      )}
    </section>
  );
}
