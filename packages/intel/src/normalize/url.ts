/**
 * URLs (indicator type "URL").
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';
import { normalizeDomainName } from './domain-name.js';
import { normalizeIpv4 } from './ipv4.js';
import { normalizeIpv6 } from './ipv6.js';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ftp: '21', ws: '80', wss: '443' };

/**
 * Canonicalizes only the parts that are case- or form-insensitive: the scheme is lower-cased, the host is
 * lower-cased (IDN → punycode, IPv6 → RFC 5952 in brackets), a default port (80 for http, 443 for https, …) is
 * dropped. User info, path, query and fragment are kept exactly as sent (no percent-decoding, no dot-segment
 * removal): to a web server `/a/%2e%2e/b` and `/b` may be different requests. Values without a scheme
 * (`evil.example/payload`) are accepted and kept without one. Whitespace and control characters are rejected.
 * Refanging (hxxp://, [.]) happens before this, in normalizeIndicatorValue.
 */
export function normalizeUrl(value: string): Normalized {
  if (/[\s\x00-\x1f\x7f]/.test(value)) return fail(`${quote(value)} is not a valid URL: it contains whitespace or control characters`);

  let scheme = '';
  let rest = value;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    rest = value.slice(schemeMatch[0].length);
  } else if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(value) && !value.includes('/')) {
    return fail(`${quote(value)} is not a URL with a host; expected scheme://host/path`);
  } else if (value.startsWith('//')) {
    rest = value.slice(2);
  }

  const authorityEnd = rest.search(/[/?#\\]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);

  let hostText = hostPort;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return fail(`${quote(value)} is not a valid URL: the IPv6 host has no closing bracket`);
    hostText = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return fail(`${quote(value)} is not a valid URL: unexpected text after the IPv6 host`);
    if (after !== '') portText = after.slice(1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      hostText = hostPort.slice(0, colon);
      portText = hostPort.slice(colon + 1);
    }
  }
  if (hostText === '') return fail(`${quote(value)} is not a valid URL: it has no host`);

  const host = normalizeHost(hostText);
  if (!host.ok) return fail(`${quote(value)} is not a valid URL: ${host.reason}`);

  let port = '';
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      return fail(`${quote(value)} is not a valid URL: the port ${quote(portText)} is not a number from 0 to 65535`);
    }
    const portNumber = String(Number(portText));
    if (DEFAULT_PORTS[scheme] !== portNumber) port = `:${portNumber}`;
  }

  return ok(`${scheme ? `${scheme}://` : ''}${userInfo}${host.value}${port}${tail}`);
}

function normalizeHost(host: string): Normalized {
  if (host.startsWith('[')) {
    const v6 = normalizeIpv6(host);
    return v6.ok ? ok(`[${v6.value}]`) : v6;
  }
  if (/^[\d.]+$/.test(host)) return normalizeIpv4(host);
  return normalizeDomainName(host, { requireTld: false });
}
