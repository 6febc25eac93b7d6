/**
 * /intel/indicators: the threat library's indicator search (value contains, type, status, minimum score),
 * sorted and paged by the API (POST /api/indicators/query), every filter in the URL.
 */
import { useMemo, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ColumnDef, OnChangeFn, SortingState } from '@tanstack/react-table';
import { PAGE_SIZE, scoreOf, useIndicatorSearch, useIndicatorStatuses, useIndicatorTypes, type IndicatorSearch, type IndicatorWith } from '../../api/intel.js';
import { canWrite, useSession } from '../../api/session.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorList } from '../../components/error-list.js';
import { ago } from '../../components/format.js';
import { threatqIso } from '../../components/threatq-date.js';
import { Pager } from '../../components/pager.js';
import { fromSorting, intParam, toSorting, usePagedUrlFilters } from '../../components/url-filters.js';
import { VocabularySelect } from './vocabulary-select.js';

// Column ids are the API's sort fields.
const columns: ColumnDef<IndicatorWith, any>[] = [
  { id: 'value', accessorKey: 'value', header: 'Value', size: 340, cell: (c) => <Link to={`/intel/indicators/${c.row.original.id}`}>{c.getValue()}</Link> },
  { id: 'type_id', header: 'Type', size: 150, accessorFn: (i) => i.type?.name ?? i.type_id },
  { id: 'status_id', header: 'Status', size: 120, accessorFn: (i) => i.status?.name ?? i.status_id },
  { id: 'score', header: 'Score', size: 80, accessorFn: (i) => scoreOf(i) ?? '—' },
  { id: 'updated_at', header: 'Updated', size: 130, accessorFn: (i) => i.updated_at, cell: (c) => <time dateTime={threatqIso(c.getValue()) ?? undefined}>{ago(threatqIso(c.getValue()))}</time> },
];

export function IndicatorsPage() {
  const { data: session } = useSession();
  const { params, setFilter: set } = usePagedUrlFilters();
  const types = useIndicatorTypes();
  const statuses = useIndicatorStatuses();
  const search = useMemo<IndicatorSearch>(() => {
    const s: IndicatorSearch = { offset: intParam(params, 'offset') ?? 0 };
    for (const key of ['value', 'type', 'status', 'sort'] as const) {
      const v = params.get(key);
      if (v) s[key] = v;
    }
    const minScore = intParam(params, 'minScore', 10);
    if (minScore !== undefined) s.minScore = minScore;
    return s;
  }, [params]);
  const result = useIndicatorSearch(search);
  const sorting = useMemo(() => toSorting(search.sort ?? null), [search.sort]);
  const onSortingChange: OnChangeFn<SortingState> = (u) => set({ sort: fromSorting(typeof u === 'function' ? u(sorting) : u) });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    set({ value: String(f.get('value') ?? '').trim(), minScore: String(f.get('minScore') ?? '') });
  };
  const rows = result.data?.indicators ?? [];
  const filtered = ['value', 'type', 'status', 'minScore'].some((k) => params.has(k));
  return (
    <section aria-labelledby="indicators-title">
      <div className="page-head">
        <h2 id="indicators-title">Indicators</h2>
        {canWrite(session) && (
          <div className="actions">
            <Link className="button primary" to="/intel/indicators/new">
              New indicator
            </Link>
            <Link className="button" to="/intel/import">
              Import
            </Link>
          </div>
        )}
      </div>
      <form className="filters" onSubmit={submit} aria-label="Indicator filters" key={params.toString()}>
        <label>
          Value contains
          <input name="value" defaultValue={search.value ?? ''} data-filter placeholder="e.g. example.com" />
        </label>
        <VocabularySelect label="Type" value={search.type ?? ''} query={types} onChange={(v) => set({ type: v })} />
        <VocabularySelect label="Status" value={search.status ?? ''} query={statuses} onChange={(v) => set({ status: v })} />
        <label>
          Minimum score
          <input name="minScore" type="number" min={0} max={10} step={1} defaultValue={search.minScore ?? ''} placeholder="0–10" />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorList error={result.error} />
      {result.isPending ? (
        <p role="status">Loading indicators…</p>
      ) : rows.length === 0 && !result.error ? (
        <EmptyState title={filtered ? 'No indicator matches' : 'The threat library is empty'}>
          <p>
            {filtered
              ? 'Loosen or clear the filters.'
              : canWrite(session)
                ? 'Create an indicator, import a list of them (paste or upload a file), or connect a feed through the ThreatQ API or TAXII.'
                : 'A user or owner of this organization can create or import indicators, or connect a feed.'}
          </p>
          {!filtered && canWrite(session) && (
            <p className="actions center-row">
              <Link className="button primary" to="/intel/indicators/new">
                New indicator
              </Link>
              <Link className="button" to="/intel/import">
                Import indicators
              </Link>
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <DataTable data={rows} columns={columns} rowId={(i) => String(i.id)} label="Indicators" sorting={sorting} onSortingChange={onSortingChange} />
          <Pager offset={search.offset} limit={PAGE_SIZE} total={result.data?.total ?? 0} shown={rows.length} onOffset={(o) => set({ offset: o ? String(o) : '' })} label="Indicators" />
        </>
      )}
    </section>
  );
}
