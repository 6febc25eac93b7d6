/**
 * ThreatQ timestamps ("2026-12-07 10:00:00", UTC) as the console shows them: the locale's date and time,
 * the exact value for machines.
 */
import { formatTime } from '../../components/format.js';
import { threatqIso } from '../../components/threatq-date.js';

/** ThreatQ's time (or anything else: "—") in the viewer's locale. */
export function tqTime(value: unknown): string {
  return formatTime(typeof value === 'string' ? threatqIso(value) : null);
}

/** ```tsx
 * { accessorKey: 'created_at', cell: (c) => <TqTime value={c.getValue()} /> }
 * ``` */
export function TqTime({ value }: { value: unknown }) {
  const iso = typeof value === 'string' ? threatqIso(value) : null;
  return iso ? <time dateTime={iso}>{formatTime(iso)}</time> : <>—</>;
}
