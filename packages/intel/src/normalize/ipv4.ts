/**
 * IPv4 addresses (indicator type "IP Address").
 * @module
 */
import { isIPv6 } from 'node:net';
import { fail, ok, quote, type Normalized } from '../normalized.js';

/**
 * Accepts only the dotted quad with decimal octets 0–255. Leading zeros are rejected rather than guessed at:
 * `010.0.0.1` is 10.0.0.1 to some parsers and 8.0.0.1 (octal) to others, and the two disagree about which
 * host an alert is for.
 */
export function normalizeIpv4(value: string): Normalized {
  if (isIPv6(stripBrackets(value))) return fail(`${quote(value)} is an IPv6 address; use the type "IPv6 Address"`);
  if (value.includes('/')) return fail(`${quote(value)} has a prefix length; use the type "CIDR Block"`);
  const parts = value.split('.');
  if (parts.length !== 4) {
    return fail(`${quote(value)} is not an IPv4 address: expected four dot-separated numbers`);
  }
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return fail(`${quote(value)} is not an IPv4 address: ${quote(part)} is not a number from 0 to 255`);
    if (part.length > 1 && part.startsWith('0')) {
      return fail(`${quote(value)} is ambiguous: the leading zero in ${quote(part)} may mean octal; write it without leading zeros`);
    }
    if (Number(part) > 255) return fail(`${quote(value)} is not an IPv4 address: ${part} is above 255`);
  }
  return ok(value);
}

function stripBrackets(value: string): string {
  return value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
}
