/**
 * Host header parsing for servers.
 * @module
 */
import { MAX_HEADER_LENGTH } from './authorization-header.js';

function isHostnameChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f
  );
}

function isIpv6Char(c: number): boolean {
  return (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x2e;
}

function parsePort(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * Splits a Host header value into the lowercased host and the port, using `defaultPort` (80, or 443
 * behind TLS) when none is given. IPv6 literals keep their brackets (`[::1]`), which is what node hawk
 * 9.0.2 servers and WHATWG `URL.hostname` produce, so clients that sign `new URL(...).hostname`
 * match. Returns undefined for anything that is not a plain host name or address. It is a character
 * scan, not a regex, so hostile values cannot cause catastrophic backtracking. Unlike node hawk, an
 * explicit `:80` stays 80 even on a TLS socket.
 *
 * ```ts
 * parseHostHeader('API.example.com:8443', 443); // { host: 'api.example.com', port: 8443 }
 * parseHostHeader('[::1]:8080', 80);            // { host: '[::1]', port: 8080 }
 * parseHostHeader('example.com', 443);          // { host: 'example.com', port: 443 }
 * ```
 */
export function parseHostHeader(host: string, defaultPort: number): { host: string; port: number } | undefined {
  if (!host || host.length > MAX_HEADER_LENGTH) return undefined;

  let name: string;
  let rest: string;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 3) return undefined;
    for (let i = 1; i < close; i++) if (!isIpv6Char(host.charCodeAt(i))) return undefined;
    name = host.slice(0, close + 1);
    rest = host.slice(close + 1);
  } else {
    const colon = host.indexOf(':');
    name = colon === -1 ? host : host.slice(0, colon);
    rest = colon === -1 ? '' : host.slice(colon);
    if (name.length === 0) return undefined;
    for (let i = 0; i < name.length; i++) if (!isHostnameChar(name.charCodeAt(i))) return undefined;
  }

  let port = defaultPort;
  if (rest.length > 0) {
    if (rest[0] !== ':') return undefined;
    // `host:` with an empty port means the default, as in URL parsing.
    if (rest.length > 1) {
      const parsed = parsePort(rest.slice(1));
      if (parsed === undefined) return undefined;
      port = parsed;
    }
  }
  return { host: name.toLowerCase(), port };
}
