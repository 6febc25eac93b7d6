/**
 * Settings › Audit log (GET /v2/auditlogs): every change made by API, CLI or console, newest first, 50 a
 * page as the table scrolls. The filters (time range, operation, action, user email) live in the URL so a
 * view can be shared; without `from` the API answers the 30 days before `until`.
 */
import { useMemo, type FormEvent } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import { useAuditPages } from '../api/audit-logs.js';
import type { AuditQuery, AuditRecord } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { ago, formatTime } from '../components/format.js';
import { TimeRangeInputs } from '../components/time-range-inputs.js';
import { useMoreOnEnd, useUrlFilters } from '../components/url-filters.js';

type Filters = Omit<AuditQuery, 'token'>;
const FILTER_KEYS = ['from', 'until', 'operation', 'action', 'userEmail'] as const;
const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;

function filtersFrom(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  return f;
}

// Sized to fit the settings pane at 1280 px; a failed call (rare) says so beside its operation.
const COLUMNS: ColumnDef<AuditRecord, any>[] = [
  { accessorKey: 'eventTime', header: 'When', size: 175, cell: (c) => <time dateTime={c.getValue()} title={ago(c.getValue())}>{formatTime(c.getValue())}</time> },
  { accessorKey: 'userEmail', header: 'User', size: 175, cell: (c) => (c.getValue() ? <span title={c.getValue()}>{c.getValue()}</span> : <span className="muted">system</span>) },
  { accessorKey: 'crud', header: 'Operation', size: 90, cell: (c) => `${c.getValue()}${c.row.original.result === 'success' ? '' : ` (${c.row.original.result})`}` },
  { accessorKey: 'action', header: 'Action', size: 165, cell: (c) => <code>{c.getValue()}</code> },
  { accessorKey: 'description', header: 'Description', size: 290, cell: (c) => <span title={c.getValue()}>{c.getValue()}</span> },
  { accessorKey: 'source', header: 'Source', size: 75 },
];

export function SettingsAuditPage() {
  const { params, setParams, setFilter } = useUrlFilters();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const pages = useAuditPages(filters);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.recs) ?? [], [pages.data]);
  const actions = useMemo(() => [...new Set(rows.map((r) => r.action))].sort(), [rows]);
  const more = useMoreOnEnd(pages);
  const submitText = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setFilter({ action: String(form.get('action') ?? '').trim(), userEmail: String(form.get('userEmail') ?? '').trim() });
  };
  const filtered = FILTER_KEYS.some((k) => params.has(k));

  return (
    <div>
      <h2>Audit log</h2>
      <p className="muted" aria-live="polite">
        {rows.length} loaded{pages.hasNextPage ? ', more as you scroll' : ''}
        {params.has('from') ? '' : ' · the 30 days before “Until” unless “From” says otherwise'}
      </p>
      <form className="filters" onSubmit={submitText} aria-label="Audit log filters" key={params.toString()}>
        <TimeRangeInputs params={params} setFilter={setFilter} />
        <label>
          Operation
          <select value={filters.operation ?? ''} onChange={(e) => setFilter({ operation: e.target.value })}>
            <option value="">Any</option>
            {OPERATIONS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input name="action" defaultValue={filters.action ?? ''} list="audit-actions" placeholder="any action" data-filter />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          User email
          <input name="userEmail" type="email" defaultValue={filters.userEmail ?? ''} placeholder="anyone" />
        </label>
        <button type="submit">Apply</button>
        {filtered && (
          <button type="button" className="ghost" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </form>
      <ErrorList error={pages.error} />
      {pages.isPending ? (
        <p role="status">Loading the audit log…</p>
      ) : rows.length === 0 && !pages.error ? (
        <EmptyState title="No audit records match">
          <p>{filtered ? 'Loosen the filters above, or clear them.' : 'Changes made by API, CLI or console in the last 30 days appear here.'}</p>
        </EmptyState>
      ) : (
        <DataTable data={rows} columns={COLUMNS} rowId={(r) => r.id} label="Audit records, newest first" onEndReached={more} />
      )}
      {pages.isFetchingNextPage && <p role="status">Loading more…</p>}
    </div>
  );
}
