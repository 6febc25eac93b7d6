/**
 * /alerts: the REST API's filters (status, severity, from, until, ruleId, agentId) held in the URL so a
 * view can be shared; pages follow the API's token as the table scrolls; new alerts are polled and merged
 * on top, marked; owners and users select rows and dismiss them together.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useAgentNames } from '../api/agents.js';
import { useAlertHead, useAlertPages } from '../api/alerts.js';
import { canWrite, useSession } from '../api/session.js';
import type { Alert, AlertQuery } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { DismissForm } from '../components/dismiss-form.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { ago, formatTime } from '../components/format.js';
import { Severity } from '../components/severity.js';
import { TimeRangeInputs } from '../components/time-range-inputs.js';
import { useMoreOnEnd, useUrlFilters } from '../components/url-filters.js';

type Filters = Omit<AlertQuery, 'token'>;

function filtersFrom(params: URLSearchParams): Filters {
  const f: Filters = { status: params.get('status') === 'dismissed' ? 'dismissed' : 'active' };
  const severity = Number(params.get('severity'));
  if ([1, 2, 3].includes(severity)) f.severity = severity;
  for (const key of ['from', 'until', 'ruleId', 'agentId'] as const) {
    const v = params.get(key);
    if (v) f[key] = v;
  }
  return f;
}

function columnsFor(names: ReadonlyMap<string, string>): ColumnDef<Alert, any>[] {
  return [
    { accessorKey: 'severity', header: 'Severity', size: 100, cell: (c) => <Severity value={c.getValue()} /> },
    {
      accessorKey: 'title',
      header: 'Alert',
      size: 480,
      cell: (c) => (
        <Link to={`/alerts/${encodeURIComponent(c.row.original.id)}`} className="title">
          {c.getValue()}
        </Link>
      ),
    },
    { accessorKey: 'dataSource', header: 'Source', size: 110 },
    {
      id: 'host',
      header: 'Host',
      size: 180,
      accessorFn: (a) => (a.agentId ? (names.get(a.agentId) ?? a.agentId) : ''),
      cell: (c) => (c.row.original.agentId ? <Link to={`/agents/${encodeURIComponent(c.row.original.agentId)}`}>{c.getValue()}</Link> : '—'),
    },
    { accessorKey: 'createdAt', header: 'Created', size: 200, cell: (c) => <time dateTime={c.getValue()} title={ago(c.getValue())}>{formatTime(c.getValue())}</time> },
  ];
}

const selectColumn: ColumnDef<Alert, any> = {
  id: 'select',
  size: 44,
  enableSorting: false,
  header: ({ table }) => (
    <input type="checkbox" aria-label="Select every loaded alert" checked={table.getIsAllRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />
  ),
  cell: ({ row }) => <input type="checkbox" aria-label={`Select ${row.original.title}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
};

export function AlertsPage() {
  const { params, setParams, setFilter: setUrlFilter } = useUrlFilters();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const { data: session } = useSession();
  const writer = canWrite(session) && filters.status === 'active';
  const pages = useAlertPages(filters);
  const head = useAlertHead(filters);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [dismissing, setDismissing] = useState(false);
  const [notice, setNotice] = useState('');

  const { rows, fresh } = useMemo(() => {
    const loaded = pages.data?.pages.flatMap((p) => p.alerts) ?? [];
    const known = new Set(loaded.map((a) => a.id));
    const newest = loaded[0]?.createdAt ?? '';
    const arrived = (head.data?.alerts ?? []).filter((a) => !known.has(a.id) && a.createdAt >= newest);
    return { rows: arrived.length ? [...arrived, ...loaded] : loaded, fresh: new Set(arrived.map((a) => a.id)) };
  }, [pages.data, head.data]);

  const names = useAgentNames();
  const columns = useMemo(() => (writer ? [selectColumn, ...columnsFor(names)] : columnsFor(names)), [writer, names]);
  const more = useMoreOnEnd(pages);
  const selected = Object.keys(selection).filter((id) => selection[id]);

  const setFilter = (changes: Record<string, string>) => {
    setSelection({});
    setUrlFilter(changes);
  };
  const submitText = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setFilter({ ruleId: String(form.get('ruleId') ?? '').trim(), agentId: String(form.get('agentId') ?? '').trim() });
  };

  return (
    <section aria-labelledby="alerts-title">
      <div className="page-head">
        <h1 id="alerts-title">Alerts</h1>
        <p className="muted" aria-live="polite">
          {rows.length} loaded{pages.hasNextPage ? ', more as you scroll' : ''}
          {fresh.size > 0 ? ` · ${fresh.size} new` : ''}
          {head.isFetching ? ' · checking for new alerts…' : ''}
        </p>
      </div>
      <form className="filters" onSubmit={submitText} aria-label="Alert filters" key={params.toString()}>
        <label>
          Status
          <select value={filters.status} onChange={(e) => setFilter({ status: e.target.value === 'active' ? '' : e.target.value })}>
            <option value="active">Active</option>
            <option value="dismissed">Dismissed</option>
          </select>
        </label>
        <label>
          Severity
          <select value={filters.severity ?? ''} onChange={(e) => setFilter({ severity: e.target.value })}>
            <option value="">Any</option>
            <option value="1">High</option>
            <option value="2">Medium</option>
            <option value="3">Low</option>
          </select>
        </label>
        <TimeRangeInputs params={params} setFilter={setFilter} />
        <label>
          Rule id
          <input name="ruleId" defaultValue={filters.ruleId ?? ''} data-filter placeholder="any rule" />
        </label>
        <label>
          Agent id
          <input name="agentId" defaultValue={filters.agentId ?? ''} placeholder="any host" />
        </label>
        <button type="submit">Apply</button>
        {[...params.keys()].length > 0 && (
          <button type="button" className="ghost" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </form>
      <ErrorList error={pages.error ?? head.error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {writer && selected.length > 0 && !dismissing && (
        <div className="bulk">
          <span>{selected.length} selected</span>
          <button type="button" className="primary" onClick={() => setDismissing(true)}>
            Dismiss selected
          </button>
          <button type="button" className="ghost" onClick={() => setSelection({})}>
            Clear selection
          </button>
        </div>
      )}
      {writer && dismissing && (
        <DismissForm
          ids={selected.slice(0, 512)}
          onCancel={() => setDismissing(false)}
          onDone={(count) => {
            setDismissing(false);
            setSelection({});
            setNotice(`${count} alert${count === 1 ? '' : 's'} dismissed.`);
          }}
        />
      )}
      {pages.isPending ? (
        <p role="status">Loading alerts…</p>
      ) : rows.length === 0 && !pages.error ? (
        <EmptyState title={filters.status === 'dismissed' ? 'No dismissed alerts match' : 'No active alerts match'}>
          <p>
            {[...params.keys()].some((k) => k !== 'status')
              ? 'Loosen the filters above, or clear them.'
              : 'Alerts appear here when an agent’s events match a rule. Install an agent (Settings › Application Keys has the deploy key) or review the rules.'}
          </p>
        </EmptyState>
      ) : (
        <DataTable
          data={rows}
          columns={columns}
          rowId={(a) => a.id}
          label="Alerts, newest first"
          onEndReached={more}
          highlight={fresh}
          {...(writer ? { rowSelection: selection, onRowSelectionChange: setSelection } : {})}
        />
      )}
      {pages.isFetchingNextPage && <p role="status">Loading more…</p>}
    </section>
  );
}
