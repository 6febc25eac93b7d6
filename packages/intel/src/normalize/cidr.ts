/**
 * CIDR blocks, IPv4 and IPv6 (indicator type "CIDR Block").
 * @module
 */
import ipaddr from 'ipaddr.js';
import { fail, ok, quote, type Normalized } from '../normalized.js';
import { normalizeIpv4 } from './ipv4.js';
import { formatIpv6, normalizeIpv6 } from './ipv6.js';

/**
 * `address/prefix` with the address in canonical form (see ipv4.ts, ipv6.ts) and a decimal prefix without
 * leading zeros: 1–32 for IPv4, 1–128 for IPv6. Host bits below the prefix are cleared rather than rejected
 * (`10.1.2.3/8` → `10.0.0.0/8`): feeds often write a block that way and it names the same addresses.
 * `/0` is rejected: a block of every address would whitelist or match everything.
 */
export function normalizeCidr(value: string): Normalized {
  const slash = value.indexOf('/');
  if (slash < 0) return fail(`${quote(value)} has no prefix length; write it as address/prefix, e.g. 10.0.0.0/8`);
  const addressText = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  const isV6 = addressText.includes(':');
  const bits = isV6 ? 128 : 32;
  if (!/^\d{1,3}$/.test(prefixText) || (prefixText.length > 1 && prefixText.startsWith('0'))) {
    return fail(`${quote(value)} has an invalid prefix length ${quote(prefixText)}; expected a number from 1 to ${bits}`);
  }
  const prefix = Number(prefixText);
  if (prefix > bits) return fail(`${quote(value)} has prefix length ${prefix}, above the ${bits} bits of an IPv${isV6 ? 6 : 4} address`);
  if (prefix === 0) return fail(`${quote(value)} covers every address; the prefix length must be at least 1`);

  if (isV6) {
    const address = normalizeIpv6(addressText);
    if (!address.ok) return fail(`${quote(value)} is not a valid CIDR block: ${address.reason}`);
    const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.value}/${prefix}`);
    return ok(`${formatIpv6(network)}/${prefix}`);
  }
  const address = normalizeIpv4(addressText);
  if (!address.ok) return fail(`${quote(value)} is not a valid CIDR block: ${address.reason}`);
  return ok(`${ipaddr.IPv4.networkAddressFromCIDR(`${address.value}/${prefix}`).toString()}/${prefix}`);
}
