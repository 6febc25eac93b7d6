/**
 * Opaque, URL-safe page tokens. A token carries the keyset position of the last item served and a
 * digest of the query that produced it, and is signed with the server secret, so a token reused with
 * other filters (or edited) is refused instead of silently skipping or repeating items.
 * @module
 */
import { createHmac, createSecretKey, hash } from 'node:crypto';
import { timingSafeEqualString } from '@vigil/hawk';
import type { Cursor } from '@vigil/store';
import { apiError } from '../errors.js';

export interface PageTokenCodec {
  encode(cursor: Cursor, query: Record<string, unknown>): string;
  /** returns the cursor, or throws a 400 when the token is malformed, forged or from another query */
  decode(token: string, query: Record<string, unknown>): Cursor;
}

/** Digest of the filters (everything but `token`), independent of parameter order. */
function queryDigest(scope: string, query: Record<string, unknown>): string {
  const keys = Object.keys(query)
    .filter((k) => k !== 'token' && query[k] !== undefined)
    .sort();
  const canonical = JSON.stringify([scope, keys.map((k) => [k, query[k]])]);
  // one-shot: a Hash object costs several times the hashing of a short string
  return hash('sha256', canonical, 'base64url').slice(0, 16);
}

/**
 * Creates a codec for one list endpoint (`scope` keeps an agents token from working on alerts).
 * ```ts
 * const tokens = pageTokenCodec(secret, 'alerts');
 * const token = tokens.encode([1700000000000, 'id'], query);
 * ```
 */
export function pageTokenCodec(secret: string, scope: string): PageTokenCodec {
  // imported once: a raw key is imported again on every createHmac (see @vigil/hawk's hmac-key.ts)
  const key = createSecretKey(createHmac('sha256', secret).update('vigil page tokens v1').digest());
  const sign = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 16);
  return {
    encode(cursor, query) {
      const body = Buffer.from(JSON.stringify([cursor[0], cursor[1], queryDigest(scope, query)])).toString(
        'base64url',
      );
      return `${body}.${sign(body).toString('base64url')}`;
    },
    decode(token, query) {
      const dot = token.indexOf('.');
      if (token.length > 512 || dot < 1) throw apiError('VIGIL_BAD_TOKEN', 'malformed token');
      const body = token.slice(0, dot);
      // Compared as text: base64url decoding ignores a last character's spare bits, so comparing decoded
      // bytes would accept a few edited spellings of the same signature.
      if (!timingSafeEqualString(sign(body).toString('base64url'), token.slice(dot + 1))) {
        throw apiError('VIGIL_BAD_TOKEN', 'token was not issued by this server');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw apiError('VIGIL_BAD_TOKEN', 'malformed token');
      }
      if (
        !Array.isArray(parsed) ||
        parsed.length !== 3 ||
        typeof parsed[0] !== 'number' ||
        typeof parsed[1] !== 'string'
      ) {
        throw apiError('VIGIL_BAD_TOKEN', 'malformed token');
      }
      if (parsed[2] !== queryDigest(scope, query)) {
        throw apiError('VIGIL_BAD_TOKEN', 'token belongs to a query with other parameters; repeat the same filters');
      }
      return [parsed[0], parsed[1]];
    },
  };
}
