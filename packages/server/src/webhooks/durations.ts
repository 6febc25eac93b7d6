/**
 * Durations in webhook settings, written the way people say them: `500ms`, `5s`, `5m`, `2h`, `3d`
 * (a bare number is milliseconds). Used by config.ts for the VIGIL_WEBHOOK_* variables.
 * @module
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of one duration, or undefined when it is not one.
 *
 * ```ts
 * parseDuration('5m'); // 300000
 * parseDuration('soon'); // undefined
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * Reads a positive duration variable; throws an error naming the variable when the value is not one.
 *
 * ```ts
 * durationFrom(process.env, 'VIGIL_WEBHOOK_TIMEOUT', 10_000); // 10000 when unset
 * ```
 */
export function durationFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) {
    throw new Error(`${name} must be a positive duration such as 500ms, 10s, 5m, 2h or 3d, got "${raw}"`);
  }
  return ms;
}

/**
 * Reads a retry schedule (comma-separated durations, one per retry); undefined when unset.
 *
 * ```ts
 * scheduleFrom({ VIGIL_WEBHOOK_RETRY_SCHEDULE: '5s,5m,30m' }, 'VIGIL_WEBHOOK_RETRY_SCHEDULE'); // [5000, 300000, 1800000]
 * ```
 */
export function scheduleFrom(env: NodeJS.ProcessEnv, name: string): number[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const parts = raw.split(',');
  const delays = parts.map((p) => parseDuration(p));
  const bad = parts.findIndex((p, i) => delays[i] === undefined || delays[i]! <= 0);
  if (bad >= 0) {
    throw new Error(
      `${name} must be comma-separated positive durations such as 5s,5m,30m,2h; "${parts[bad]!.trim()}" is not one`,
    );
  }
  if (delays.length > 100) throw new Error(`${name} may list at most 100 retries, got ${delays.length}`);
  return delays as number[];
}

const SPOKEN: Array<[number, string, string]> = [
  [86_400_000, 'day', 'days'],
  [3_600_000, 'hour', 'hours'],
  [60_000, 'minute', 'minutes'],
  [1000, 'second', 'seconds'],
];

/**
 * A duration in words, in the largest unit that divides it, for messages people read.
 *
 * ```ts
 * formatDuration(259_200_000); // '3 days'
 * formatDuration(1500); // '1500 ms'
 * ```
 */
export function formatDuration(ms: number): string {
  for (const [unit, one, many] of SPOKEN) {
    if (ms >= unit && ms % unit === 0) return `${ms / unit} ${ms === unit ? one : many}`;
  }
  return `${ms} ms`;
}
