/**
 * IP addresses and CIDR blocks, the one implementation every package uses (on ipaddr.js): the filter
 * language's `ip` fields (`dst_ip = 10.0.0.0/8` is block membership, a bare address a block of one, so
 * `::ffff:10.0.0.1`, `10.0.0.1` and `10.0.0.1/32` all compare equal) and the intel whitelist's blocks.
 * Canonical text per indicator type is `normalize/`; which special range an address is in, `address-class.ts`.
 * @module
 */
import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A parsed address: 4 = one 32-bit word, 6 = four 32-bit words (most significant first). */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly words: readonly number[];
}

/** A CIDR block; `network` has the host bits cleared. */
export interface Cidr {
  readonly version: 4 | 6;
  readonly network: readonly number[];
  readonly masks: readonly number[];
  readonly prefix: number;
}

/**
 * Parses an IPv4 or IPv6 address. A zone (`fe80::1%eth0`) and a prefix length (`10.1.2.3/24`, the way
 * interface addresses are often written) are ignored; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4,
 * which is how dual-stack sockets report IPv4 peers. Returns undefined for anything else.
 *
 * ```ts
 * parseIp('::ffff:192.0.2.1'); // { version: 4, words: [3221225985] }
 * ```
 */
export function parseIp(text: string): IpAddress | undefined {
  let s = text.trim();
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  // node:net's checks are strict (no octal, no short forms); ipaddr.js then reads the validated text.
  if (isIPv4(s)) return { version: 4, words: [v4Word(ipaddr.IPv4.parse(s))] };
  const percent = s.indexOf('%');
  if (percent >= 0) s = s.slice(0, percent);
  if (!isIPv6(s)) return undefined;
  const v6 = ipaddr.IPv6.parse(s);
  if (v6.isIPv4MappedAddress()) return { version: 4, words: [v4Word(v6.toIPv4Address())] };
  const p = v6.parts;
  return { version: 6, words: [0, 2, 4, 6].map((i) => ((p[i]! << 16) | p[i + 1]!) >>> 0) };
}

/**
 * Parses `a.b.c.d/n`, an IPv6 prefix such as `fe80::/10`, or a bare address (a block of one). Host bits
 * below the prefix are ignored. Throws a `RangeError` with a readable message on invalid input.
 *
 * ```ts
 * cidrContains(parseCidr('10.0.0.0/8'), parseIp('10.20.30.40')!); // true
 * ```
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  if (addressText.includes('%')) throw new RangeError(`zone ids are not allowed in CIDR "${text}"`);
  const address = parseIp(addressText);
  if (address === undefined) throw new RangeError(`"${addressText}" is not an IPv4 or IPv6 address`);
  // A mapped address given with an IPv6 prefix length keeps counting in IPv6 bits.
  const mapped = address.version === 4 && addressText.includes(':');
  const bits = address.version === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) throw new RangeError(`invalid prefix length "${prefixText}" in "${text}"`);
    prefix = Number(prefixText);
    if (mapped) {
      if (prefix < 96 || prefix > 128) throw new RangeError(`prefix length ${prefix} is out of range (96–128) for "${text}"`);
      prefix -= 96;
    } else if (prefix > bits) {
      throw new RangeError(`prefix length ${prefix} is out of range (0–${bits}) for "${text}"`);
    }
  }
  const masks = address.words.map((_, i) => maskWord(prefix - 32 * i));
  const network = address.words.map((w, i) => (w & masks[i]!) >>> 0);
  return { version: address.version, network, masks, prefix };
}

/**
 * Whether `ip` lies in `cidr`; an IPv4 address is never in an IPv6 block and vice versa.
 *
 * ```ts
 * cidrContains(parseCidr('fe80::/10'), parseIp('fe80::1')!); // true
 * ```
 */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  const { network, masks } = cidr;
  for (let i = 0; i < network.length; i++) {
    if (((ip.words[i]! & masks[i]!) >>> 0) !== network[i]) return false;
  }
  return true;
}

function maskWord(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

function v4Word(address: ipaddr.IPv4): number {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
