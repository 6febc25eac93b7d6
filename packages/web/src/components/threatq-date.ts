/**
 * The ThreatQ API writes times as `2026-12-07 10:00:00`, in UTC without saying so; a browser would read
 * that as local time.
 */

/**
 * `2026-12-07 10:00:00` → `2026-12-07T10:00:00Z` (null stays null), for formatTime and `<time dateTime>`.
 * ```ts
 * formatTime(threatqIso(client.created_at));
 * ```
 */
export function threatqIso(text: string | null): string | null {
  return text === null ? null : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
}
