/**
 * Bearer tokens for the ThreatQ-compatible API: obtains a pair from `POST /api/token` with the password
 * grant (email, password, client_id) or client credentials (HTTP Basic client_id:client_secret), renews it
 * with the refresh_token grant shortly before the access token expires (falling back to a fresh login when
 * the refresh token is spent or expired), and renews once more when the server answers 401. Tokens,
 * passwords and secrets live in private fields and never reach an error message.
 * @module
 */
import { ApiError, apiErrorFor, AuthenticationError, ConfigError } from './errors.js';
import type { TokenSource } from './auth/bearer-auth.js';
import { serverRetryAfterMs } from './http/backoff.js';
import { redactSecrets, safeHeaders } from './http/redact.js';
import type { RequestSender } from './http/request-sender.js';

/** How the session logs in. */
export type TqCredentials =
  | { grant: 'password'; email: string; password: string; clientId: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string };

export interface TqSessionOptions {
  credentials: TqCredentials;
  /** an unauthenticated sender on the same server, for `POST /api/token` (retried like every call) */
  tokenSender: RequestSender;
  /** renew this long before expiry; default min(60 s, a tenth of the token's lifetime) */
  refreshMarginSec?: number;
}

interface TokenPair {
  access: string;
  refresh: string | undefined;
  /** epoch ms after which the access token is renewed before use */
  renewAt: number;
}

/**
 * Holds and renews the token pair; one renewal at a time even when many calls run at once.
 *
 * ```ts
 * const token = await session.accessToken();         // logs in or refreshes when needed
 * const fresh = await session.renewAfterRejection(token); // after a 401
 * ```
 */
export class TqSession implements TokenSource {
  readonly #options: TqSessionOptions;
  #pair: TokenPair | undefined;
  #pending: Promise<TokenPair> | undefined;
  /** count of token requests, for tests and `--verbose` */
  tokenRequests = 0;

  constructor(options: TqSessionOptions) {
    this.#options = options;
  }

  /** Every secret the session knows, for scrubbing text that came back from the network. */
  secrets(): string[] {
    const c = this.#options.credentials;
    const out = c.grant === 'password' ? [c.password] : [c.clientSecret];
    if (this.#pair) out.push(this.#pair.access, ...(this.#pair.refresh ? [this.#pair.refresh] : []));
    return out;
  }

  /** A usable access token: the current one, or a renewed one when it is about to expire. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    const pair = this.#pair;
    if (pair && Date.now() < pair.renewAt) return pair.access;
    return (await this.#renew(signal)).access;
  }

  /**
   * After a 401 for `rejected`: a renewed token (or the one another call already renewed to).
   * The 401 may mean the token was revoked rather than expired, so the refresh token is tried first and a
   * fresh login second.
   */
  async renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.#pair && this.#pair.access !== rejected) return this.#pair.access;
    return (await this.#renew(signal)).access;
  }

  #renew(signal?: AbortSignal): Promise<TokenPair> {
    this.#pending ??= this.#obtain(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #obtain(signal?: AbortSignal): Promise<TokenPair> {
    const refresh = this.#pair?.refresh;
    if (refresh) {
      try {
        return (this.#pair = await this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh }, undefined, signal));
      } catch (err) {
        // A spent, expired or revoked refresh token: log in again with the credentials.
        if (!(err instanceof AuthenticationError)) throw err;
      }
    }
    this.#pair = undefined;
    const c = this.#options.credentials;
    const pair =
      c.grant === 'password'
        ? await this.#tokenRequest({ grant_type: 'password', email: c.email, password: c.password, client_id: c.clientId }, undefined, signal)
        : await this.#tokenRequest({ grant_type: 'client_credentials' }, basic(c.clientId, c.clientSecret), signal);
    return (this.#pair = pair);
  }

  async #tokenRequest(fields: Record<string, string>, authorization: string | undefined, signal?: AbortSignal): Promise<TokenPair> {
    const path = '/api/token';
    const bytes = Buffer.from(new URLSearchParams(fields).toString(), 'utf8');
    this.tokenRequests++;
    const started = Date.now();
    const res = await this.#options.tokenSender.exchange({
      method: 'POST',
      path,
      payload: { bytes, contentType: 'application/x-www-form-urlencoded' },
      ...(authorization ? { headers: { authorization } } : {}),
      signal,
    });
    let json: any;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (res.status === 200 && json && typeof json.access_token === 'string') {
      const lifetimeMs = Math.max(0, Number(json.expires_in) || 0) * 1000;
      const marginMs = this.#options.refreshMarginSec !== undefined ? this.#options.refreshMarginSec * 1000 : Math.min(60_000, lifetimeMs / 10);
      return {
        access: json.access_token,
        refresh: typeof json.refresh_token === 'string' ? json.refresh_token : undefined,
        renewAt: started + lifetimeMs - marginMs,
      };
    }
    const secrets = [...this.secrets(), ...Object.values(fields).filter((v) => v !== fields.grant_type && v !== fields.email && v !== fields.client_id)];
    const errors = tokenErrorStrings(json, res).map((text) => redactSecrets(text, secrets));
    const init = { status: res.status, method: 'POST', path, errors, retryAfterMs: serverRetryAfterMs(res.status, res.headers), headers: safeHeaders(res.headers) };
    // Refused credentials are an authentication failure whatever the status (OAuth answers invalid_grant with 400).
    const code = json && typeof json.error === 'string' ? json.error : '';
    if (res.status === 401 || code === 'invalid_grant' || code === 'invalid_client') throw new AuthenticationError(init);
    throw apiErrorFor(init) as ApiError;
  }
}

function basic(id: string, secret: string): string {
  // RFC 6749 §2.3.1: both parts form-urlencoded before base64
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, 'utf8').toString('base64')}`;
}

function tokenErrorStrings(json: any, res: { status: number; body: Buffer }): string[] {
  if (json && Array.isArray(json.errors)) return json.errors.map((e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e)));
  if (json && typeof json.error_description === 'string') return [json.error_description];
  const text = res.body.toString('utf8').trim();
  return text ? [text.split('\n')[0]!.slice(0, 200)] : [];
}

/**
 * The grant from whichever credentials are given: email + password + client_id → password grant;
 * client_id + client_secret → client credentials.
 *
 * @throws {ConfigError} naming what is missing.
 *
 * ```ts
 * credentialsFrom({ clientId, clientSecret }); // { grant: 'client_credentials', … }
 * ```
 */
export function credentialsFrom(o: { email?: string; password?: string; clientId?: string; clientSecret?: string }): TqCredentials {
  const has = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (!has(o.clientId)) throw new ConfigError('ThreatLibraryClient option clientId is required');
  if (has(o.email) || has(o.password)) {
    if (!has(o.email)) throw new ConfigError('ThreatLibraryClient option email is required with password');
    if (!has(o.password)) throw new ConfigError('ThreatLibraryClient option password is required with email');
    return { grant: 'password', email: o.email.trim(), password: o.password, clientId: o.clientId.trim() };
  }
  if (has(o.clientSecret)) return { grant: 'client_credentials', clientId: o.clientId.trim(), clientSecret: o.clientSecret };
  throw new ConfigError('ThreatLibraryClient needs email and password, or clientSecret, with clientId');
}
