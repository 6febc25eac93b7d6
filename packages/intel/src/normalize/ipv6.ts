/**
 * IPv6 addresses (indicator type "IPv6 Address").
 * @module
 */
import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import { fail, ok, quote, type Normalized } from '../normalized.js';

/**
 * Canonical RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as `::`. Per
 * RFC 5952 §5, IPv4-mapped addresses keep the dotted tail (`::ffff:192.0.2.1`). Brackets (`[2001:db8::1]`,
 * as in URLs) are accepted; zone ids (`fe80::1%eth0`) are rejected because they only mean something on one
 * host.
 */
export function normalizeIpv6(value: string): Normalized {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (bare.includes('%')) return fail(`${quote(value)} has a zone id (%...), which only means something on one host; remove it`);
  if (isIPv4(bare)) return fail(`${quote(value)} is an IPv4 address; use the type "IP Address"`);
  if (bare.includes('/')) return fail(`${quote(value)} has a prefix length; use the type "CIDR Block"`);
  if (!isIPv6(bare)) return fail(`${quote(value)} is not a valid IPv6 address`);
  return ok(formatIpv6(ipaddr.IPv6.parse(bare)));
}

/** RFC 5952 text of a parsed address, with the §5 mixed notation for IPv4-mapped addresses. */
export function formatIpv6(address: ipaddr.IPv6): string {
  if (address.isIPv4MappedAddress()) return `::ffff:${address.toIPv4Address().toString()}`;
  return address.toRFC5952String();
}
