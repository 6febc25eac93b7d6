/**
 * Offset paging for APIs that answer a total (ThreatQ's lists): "51–100 of 312" and previous/next buttons.
 * The offset lives in the URL like every other filter.
 */

/**
 * ```tsx
 * <Pager offset={50} limit={50} total={312} shown={50} onOffset={(o) => set({ offset: String(o) })} label="Indicators" />
 * ```
 */
export function Pager({ offset, limit, total, shown, onOffset, label }: { offset: number; limit: number; total: number; shown: number; onOffset: (offset: number) => void; label: string }) {
  const first = total === 0 ? 0 : offset + 1;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span role="status">
        {first.toLocaleString()}–{(offset + shown).toLocaleString()} of {total.toLocaleString()}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </button>
      <button type="button" disabled={offset + shown >= total} onClick={() => onOffset(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
