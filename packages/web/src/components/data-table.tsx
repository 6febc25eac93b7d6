/**
 * Every list of the console: TanStack Table for columns, sorting and row selection, TanStack Virtual so
 * that only the visible rows are in the DOM (10,000 rows scroll as smoothly as 10). The table keeps
 * `role="grid"` semantics out: it is a plain table whose body is windowed with spacer rows, so screen
 * readers and keyboard users get ordinary rows and links. Reaching the end asks for the next page.
 */
import { useEffect, useRef, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  rowId: (row: T) => string;
  label: string;
  /** called when the last rows come into view and more pages exist */
  onEndReached?: () => void;
  rowSelection?: RowSelectionState;
  onRowSelectionChange?: OnChangeFn<RowSelectionState>;
  /** ids drawn highlighted (e.g. alerts that arrived since the page loaded) */
  highlight?: ReadonlySet<string>;
  initialSorting?: SortingState;
  /** server-side sorting: the caller holds the order (e.g. in the URL) and fetches rows already sorted */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
}

const ROW_HEIGHT = 41;

/**
 * ```tsx
 * <DataTable data={alerts} columns={columns} rowId={(a) => a.id} label="Alerts" onEndReached={fetchNextPage} />
 * ```
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { data, columns, rowId, label, onEndReached, rowSelection, onRowSelectionChange, highlight } = props;
  const [localSorting, setLocalSorting] = useState<SortingState>(props.initialSorting ?? []);
  const manualSorting = props.onSortingChange !== undefined;
  const table = useReactTable({
    data,
    columns,
    getRowId: rowId,
    state: { sorting: manualSorting ? (props.sorting ?? []) : localSorting, ...(rowSelection ? { rowSelection } : {}) },
    onSortingChange: props.onSortingChange ?? setLocalSorting,
    manualSorting,
    enableRowSelection: Boolean(onRowSelectionChange),
    ...(onRowSelectionChange ? { onRowSelectionChange } : {}),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEndReached && rows.length > 0 && last >= rows.length - 5) onEndReached();
  }, [last, rows.length, onEndReached]);
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const width = table.getVisibleLeafColumns().length;
  return (
    <div className="table-scroll" ref={scroller} tabIndex={-1}>
      <table className="data">
        <caption className="sr-only">{label}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} style={{ width: header.getSize() }}>
                    {header.isPlaceholder ? null : canSort ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={width} style={{ height: before }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <tr key={row.id} data-index={item.index} className={highlight?.has(row.id) ? 'fresh' : undefined} aria-selected={row.getIsSelected() || undefined}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={width} style={{ height: after }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
