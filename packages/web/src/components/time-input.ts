/**
 * `<input type="datetime-local">` speaks the viewer's local time; the API and the URL speak UTC ISO-8601.
 */

/** `2026-12-07T10:00` (local) → `2026-12-07T09:00:00.000Z`; empty stays empty. */
export function localToIso(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** The reverse of localToIso, for showing a URL's `from` in the input. */
export function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
