/**
 * An agent's installed packages (GET /v2/agents/{id}/packages), 100 a page, more fetched as the table
 * reaches its end. The API pages but does not search, so a search term fetches the remaining pages and
 * filters them here: a host holds a few thousand packages at most.
 */
import { useEffect, useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { api, must } from '../../api/client.js';
import type { InstalledPackage } from '../../api/types.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorList } from '../../components/error-list.js';
import { formatTime } from '../../components/format.js';
import { useMoreOnEnd } from '../../components/url-filters.js';

const columns: ColumnDef<InstalledPackage, any>[] = [
  { accessorKey: 'name', header: 'Package', size: 220 },
  { accessorKey: 'version', header: 'Version', size: 200, cell: (c) => <code>{c.getValue()}</code> },
  { accessorKey: 'arch', header: 'Arch', size: 80 },
  { accessorKey: 'sourceName', header: 'Source', size: 180 },
  { accessorKey: 'manager', header: 'Manager', size: 80 },
  { accessorKey: 'firstSeenAt', header: 'First seen', size: 180, cell: (c) => formatTime(c.getValue()) },
];

export function AgentPackages({ agentId }: { agentId: string }) {
  const [search, setSearch] = useState('');
  const pages = useInfiniteQuery({
    queryKey: ['agent-packages', agentId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(await api.GET('/v2/agents/{agentId}/packages', { params: { path: { agentId }, query: pageParam ? { token: pageParam } : {} }, signal })),
    getNextPageParam: (p) => p.token ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const term = search.trim().toLowerCase();
  // A search covers every package, not only the pages scrolled to.
  useEffect(() => {
    if (term && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [term, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const all = useMemo(() => pages.data?.pages.flatMap((p) => p.packages) ?? [], [pages.data]);
  const rows = useMemo(() => (term ? all.filter((p) => p.name.toLowerCase().includes(term) || p.sourceName.toLowerCase().includes(term)) : all), [all, term]);
  const more = useMoreOnEnd(pages);
  return (
    <section aria-labelledby="packages-title">
      <div className="page-head">
        <h2 id="packages-title">Installed packages</h2>
        <p className="muted" role="status">
          {term ? `${rows.length} of ${all.length} match` : `${all.length}${hasNextPage ? '+' : ''} packages`}
          {isFetchingNextPage && ' (loading more…)'}
        </p>
      </div>
      <label className="filters">
        Search packages
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="name or source package" />
      </label>
      <ErrorList error={pages.error} />
      {pages.isPending ? (
        <p role="status">Loading packages…</p>
      ) : all.length === 0 && !pages.error ? (
        <p className="muted">The agent has not reported its packages yet; it does within the hour of starting.</p>
      ) : (
        <DataTable data={rows} columns={columns} rowId={(p) => `${p.name}:${p.arch}:${p.version}`} label="Installed packages" onEndReached={more} />
      )}
    </section>
  );
}
