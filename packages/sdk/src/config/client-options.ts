/**
 * Option checks shared by the SDK's clients: the base URL and the send timing (timeout, retries, deadline,
 * backoff), each refused with a ConfigError that names it.
 * @module
 */
import { ConfigError } from '../errors.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../http/backoff.js';
import { VERSION } from '../version.js';

export const DEFAULT_USER_AGENT = `vigil-sdk/${VERSION}`;

/**
 * An http(s) base URL without credentials, query or fragment. `apiPrefix` (and any trailing slash) is
 * dropped from its path, since every SDK path already starts with it and existing scripts keep it in
 * their base URLs (Threat Stack's end in /v2/, ThreatQ's in /api, an agent's may end in /agent/v1).
 *
 * ```ts
 * normalizeBaseUrl('https://api.example.com/v2/', '/v2').href; // 'https://api.example.com/'
 * ```
 */
export function normalizeBaseUrl(raw: string, apiPrefix: '/v2' | '/api' | '/agent/v1'): URL {
  let url: URL;
  try {
    url = new URL(String(raw).trim());
  } catch {
    throw new ConfigError(`baseUrl ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`baseUrl must be http or https, got ${url.protocol}`);
  if (url.username || url.password) throw new ConfigError('baseUrl must not contain credentials');
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = (path.endsWith(apiPrefix) ? path.slice(0, -apiPrefix.length) : path).replace(/\/+$/, '') || '/';
  return url;
}

/** The timing options every client takes. */
export interface TimingOptions {
  timeoutMs?: number;
  maxRetries?: number;
  deadlineMs?: number;
  backoff?: BackoffOptions;
}

/**
 * The checked timing with its defaults: 30 s a request, 3 retries, 120 s overall, the default backoff.
 *
 * ```ts
 * senderTiming({ maxRetries: 0 }); // { timeoutMs: 30000, maxRetries: 0, deadlineMs: 120000, backoff: … }
 * ```
 */
export function senderTiming(options: TimingOptions): Required<TimingOptions> {
  return {
    timeoutMs: positive(options.timeoutMs, 30_000, 'timeoutMs'),
    maxRetries: nonNegativeInteger(options.maxRetries, 3, 'maxRetries'),
    deadlineMs: positive(options.deadlineMs, 120_000, 'deadlineMs'),
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new ConfigError(`${name} must be a positive number`);
  return value;
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer`);
  return value;
}
