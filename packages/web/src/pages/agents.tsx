/**
 * /agents: online or offline hosts (the URL holds which, and the hostname filter), paged by the API's token.
 */
import { useCallback, useMemo, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { api, must } from '../api/client.js';
import type { Agent } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { ago } from '../components/format.js';

const columns: ColumnDef<Agent, any>[] = [
  {
    accessorKey: 'hostname',
    header: 'Host',
    size: 240,
    cell: (c) => <Link to={`/agents/${encodeURIComponent(c.row.original.id)}`}>{c.getValue() || c.row.original.name}</Link>,
  },
  { accessorKey: 'status', header: 'Status', size: 90, cell: (c) => <span className={`status status-${c.getValue()}`}>{c.getValue()}</span> },
  { accessorKey: 'osVersion', header: 'OS', size: 200 },
  { accessorKey: 'version', header: 'Agent', size: 90 },
  { id: 'ip', header: 'Private IP', size: 140, accessorFn: (a) => a.ipAddresses.private[0] ?? a.ipAddresses.public[0] ?? '' },
  { accessorKey: 'lastReportedAt', header: 'Last report', size: 130, cell: (c) => <time dateTime={c.getValue() ?? undefined}>{ago(c.getValue())}</time> },
];

export function AgentsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'offline' ? 'offline' : 'online';
  const hostname = params.get('hostname') ?? '';
  const query = useMemo(() => ({ status, ...(hostname ? { hostname } : {}) }) as const, [status, hostname]);
  const pages = useInfiniteQuery({
    queryKey: ['agents', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v2/agents', { params: { query: { ...query, ...(pageParam ? { token: pageParam } : {}) } }, signal })),
    getNextPageParam: (p) => p.token ?? undefined,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.agents) ?? [], [pages.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const more = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    set('hostname', String(new FormData(e.currentTarget).get('hostname') ?? '').trim());
  };
  return (
    <section aria-labelledby="agents-title">
      <div className="page-head">
        <h1 id="agents-title">Agents</h1>
        <p className="muted">{rows.length} loaded</p>
      </div>
      <form className="filters" onSubmit={submit} aria-label="Agent filters" key={params.toString()}>
        <div className="tabs" role="group" aria-label="Status">
          {(['online', 'offline'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => set('status', s === 'online' ? '' : s)}>
              {s === 'online' ? 'Online' : 'Offline'}
            </button>
          ))}
        </div>
        <label>
          Hostname
          <input name="hostname" defaultValue={hostname} data-filter placeholder="exact hostname" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorList error={pages.error} />
      {pages.isPending ? (
        <p role="status">Loading agents…</p>
      ) : rows.length === 0 && !pages.error ? (
        <EmptyState title={`No ${status} agents${hostname ? ` named ${hostname}` : ''}`}>
          <p>
            Install the Vigil agent on a Linux host with your organization’s deploy key (<code>vigil admin deploy-key</code>); it appears here within a minute.
          </p>
        </EmptyState>
      ) : (
        <DataTable data={rows} columns={columns} rowId={(a) => a.id} label={`${status} agents`} onEndReached={more} />
      )}
    </section>
  );
}
