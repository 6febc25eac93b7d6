/**
 * How a client derives host, port and resource from the URL it is about to request.
 * @module
 */

/** The parts of a request URL that a Hawk header signs. */
export interface RequestTarget {
  host: string;
  port: number;
  resource: string;
}

/**
 * Splits an absolute http(s) URL into the signed parts. The resource is the path and query exactly
 * as written in the string (no re-encoding, no reordering, a trailing `?` kept), because the server
 * signs the raw request-target and any byte difference is a "Bad mac". A URL object is taken through
 * its `href`, i.e. in WHATWG-normalized form, which is what `fetch` sends. The host comes from WHATWG
 * parsing (lowercased, punycode, IPv6 in brackets) since that is what goes into the Host header.
 * Characters no HTTP client can send verbatim (space, controls, non-ASCII) must be percent-encoded by
 * the caller; they throw a TypeError rather than being silently re-encoded.
 *
 * ```ts
 * requestTarget('https://api.threatstack.com/v2/alerts?status=active&severity=1&severity=2');
 * // { host: 'api.threatstack.com', port: 443, resource: '/v2/alerts?status=active&severity=1&severity=2' }
 * ```
 */
export function requestTarget(url: string | URL): RequestTarget {
  const raw = typeof url === 'string' ? url : url.href;
  const parsed = new URL(raw);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`Hawk request URL must be http or https, got ${parsed.protocol}`);
  }
  const authorityStart = parsed.protocol.length + 2;
  if (raw.slice(0, authorityStart).toLowerCase() !== `${parsed.protocol}//`) {
    throw new TypeError('Hawk request URL must start with http:// or https://');
  }

  let end = raw.length;
  for (const terminator of ['/', '?', '#', '\\']) {
    const index = raw.indexOf(terminator, authorityStart);
    if (index !== -1 && index < end) end = index;
  }
  const hash = raw.indexOf('#', end);
  let resource = raw.slice(end, hash === -1 ? raw.length : hash);
  if (resource === '' || resource.startsWith('?')) resource = `/${resource}`;
  if (!resource.startsWith('/')) throw new TypeError('Hawk request URL has no valid path');
  for (let i = 0; i < resource.length; i++) {
    const c = resource.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      throw new TypeError('Hawk request URL path and query must be percent-encoded (no spaces, controls or non-ASCII)');
    }
  }

  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
  return { host: parsed.hostname, port, resource };
}
