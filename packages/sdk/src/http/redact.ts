/**
 * Last-line scrubbing of text that came from the network before it goes into an error: a proxy or a
 * misbehaving server could echo the request's Authorization header or the key back in its body.
 * @module
 */

const HAWK_ATTRIBUTE = /\b(mac|tsm|hash|nonce)="[^"]*"/gi;
const HAWK_HEADER = /\bHawk\s+id="[^"]*"[^\r\n]*/gi;

/**
 * Replaces the key, whole Hawk headers and Hawk MAC-like attributes with `[REDACTED]`.
 *
 * ```ts
 * redactSecrets('echo: Hawk id="u", mac="abc"', ['secret-key']); // 'echo: Hawk [REDACTED]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(HAWK_HEADER, 'Hawk [REDACTED]').replace(HAWK_ATTRIBUTE, '$1="[REDACTED]"');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

/** Response headers that can carry a Hawk MAC; they are left out of errors. */
const HAWK_RESPONSE_HEADERS = new Set(['server-authorization', 'www-authenticate', 'authorization', 'set-cookie']);

/**
 * The response headers as a plain object, without any Hawk header.
 *
 * ```ts
 * safeHeaders(res.headers); // { 'content-type': 'application/json', 'retry-after': '1', … }
 * ```
 */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HAWK_RESPONSE_HEADERS.has(name)) out[name] = value;
  });
  return out;
}
