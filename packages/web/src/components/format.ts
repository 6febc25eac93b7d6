/**
 * How the console writes times and severities.
 */

/** Threat Stack's severities: 1 high, 2 medium, 3 low. */
export const SEVERITY_NAMES: Readonly<Record<number, string>> = { 1: 'High', 2: 'Medium', 3: 'Low' };

/**
 * A timestamp in the viewer's locale and zone, to the second.
 * ```ts
 * formatTime('2026-12-07T10:00:00Z') // "07/12/2026, 10:00:00" in en-GB
 * ```
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/**
 * "5 min ago"-style distance from now.
 * ```ts
 * ago(new Date(Date.now() - 120_000).toISOString()) // "2 min ago"
 * ```
 */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
