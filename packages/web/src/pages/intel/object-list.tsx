/**
 * The list of one kind of threat object (events, adversaries, attachments) from `GET /api/<kind>`: an
 * exact-name filter, sorted and paged by the API, everything in the URL. Each kind's page gives its
 * columns, filter and empty state.
 */
import { useMemo, type FormEvent, type ReactNode } from 'react';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import type { ColumnDef, OnChangeFn, SortingState } from '@tanstack/react-table';
import { api, must } from '../../api/client.js';
import { PAGE_SIZE, type ObjectKind, type RelatedObject } from '../../api/intel.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorList } from '../../components/error-list.js';
import { Pager } from '../../components/pager.js';
import { fromSorting, intParam, toSorting, usePagedUrlFilters } from '../../components/url-filters.js';
import { KIND_LABEL } from './related-objects.js';

export interface ObjectListProps {
  kind: ObjectKind;
  /** column ids are the API's sort fields */
  columns: ColumnDef<RelatedObject, any>[];
  /** the exact-match query parameter the API offers (events: title, adversaries: name) */
  filter?: { param: string; label: string };
  with?: string;
  defaultSort: string;
  /** what the empty library says (what to do next) */
  empty: ReactNode;
  /** above the list: e.g. the upload form */
  children?: ReactNode;
}

/**
 * ```tsx
 * <ObjectList kind="adversaries" columns={columns} filter={{ param: 'name', label: 'Name' }} defaultSort="name" empty={…} />
 * ```
 */
export function ObjectList({ kind, columns, filter, defaultSort, empty, children, ...rest }: ObjectListProps) {
  const { params, setFilter: set } = usePagedUrlFilters();
  const offset = intParam(params, 'offset') ?? 0;
  const sort = params.get('sort') ?? defaultSort;
  const exact = filter ? (params.get(filter.param) ?? '') : '';
  const list = useQuery({
    queryKey: ['intel-objects', kind, { offset, sort, exact }],
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const query = { limit: PAGE_SIZE, offset, sort, ...(rest.with ? { with: rest.with } : {}), ...(filter && exact ? { [filter.param]: exact } : {}) };
      // The three list routes take the same paging and answer the same {total, data}; typed as one of them.
      const page = must(await api.GET(`/api/${kind}` as '/api/adversaries', { params: { query }, signal }));
      return { total: page.total, items: page.data as RelatedObject[] };
    },
  });
  const sorting = useMemo(() => toSorting(sort), [sort]);
  const onSortingChange: OnChangeFn<SortingState> = (u) => set({ sort: fromSorting(typeof u === 'function' ? u(sorting) : u) });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (filter) set({ [filter.param]: String(new FormData(e.currentTarget).get(filter.param) ?? '').trim() });
  };
  const items = list.data?.items ?? [];
  const label = KIND_LABEL[kind];
  return (
    <section aria-labelledby={`${kind}-title`}>
      <div className="page-head">
        <h2 id={`${kind}-title`}>{label}</h2>
      </div>
      {children}
      {filter && (
        <form className="filters" onSubmit={submit} aria-label={`${label} filters`} key={params.toString()}>
          <label>
            {filter.label}
            <input name={filter.param} defaultValue={exact} data-filter placeholder="exact, any case" />
          </label>
          <button type="submit">Search</button>
        </form>
      )}
      <ErrorList error={list.error} />
      {list.isPending ? (
        <p role="status">Loading {label.toLowerCase()}…</p>
      ) : items.length === 0 && !list.error ? (
        exact ? (
          <EmptyState title={`No ${label.toLowerCase()} named ${exact}`}>
            <p>The name must match exactly (any case); clear the filter to see them all.</p>
          </EmptyState>
        ) : (
          empty
        )
      ) : (
        <>
          <DataTable data={items} columns={columns} rowId={(o) => String(o.id)} label={label} sorting={sorting} onSortingChange={onSortingChange} />
          <Pager offset={offset} limit={PAGE_SIZE} total={list.data?.total ?? 0} shown={items.length} onOffset={(o) => set({ offset: o ? String(o) : '' })} label={label} />
        </>
      )}
    </section>
  );
}
