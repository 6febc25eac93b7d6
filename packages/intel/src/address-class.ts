/**
 * Which IANA special-purpose range an IP address is in (the IPv4 and IPv6 Special-Purpose Address
 * Registries, plus multicast, reserved space and everything outside IPv6 global unicast). The one place
 * Vigil decides whether an address is public; the webhook guard refuses anything that is not.
 * @module
 */
import ipaddr from 'ipaddr.js';

/**
 * `loopback` and `private` are what a lab may want to reach (VIGIL_WEBHOOK_ALLOW_PRIVATE); every other
 * special range (`special`) is never a legitimate destination: link-local (cloud metadata), documentation,
 * benchmarking, multicast, and the IPv6 forms that carry an IPv4 address (NAT64, 6to4, Teredo, SIIT,
 * IPv4-compatible) through which a private IPv4 host could be reached.
 */
export type AddressScope = 'loopback' | 'private' | 'special';

/** One special-purpose range. */
export interface SpecialRange {
  readonly cidr: string;
  readonly name: string;
  readonly scope: AddressScope;
}

/** An address and the special range it is in (undefined: public). */
export interface AddressClass {
  /** canonical text: dotted quad, or RFC 5952 IPv6 */
  readonly address: string;
  readonly family: 4 | 6;
  readonly range: SpecialRange | undefined;
}

const V4: Array<[string, string, AddressScope]> = [
  ['0.0.0.0/8', '"this network"', 'special'],
  ['10.0.0.0/8', 'private-use', 'private'],
  ['100.64.0.0/10', 'shared address space (CGNAT)', 'private'],
  ['127.0.0.0/8', 'loopback', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)', 'special'],
  ['172.16.0.0/12', 'private-use', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments', 'special'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)', 'special'],
  ['192.31.196.0/24', 'AS112-v4', 'special'],
  ['192.52.193.0/24', 'AMT', 'special'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast', 'special'],
  ['192.168.0.0/16', 'private-use', 'private'],
  ['192.175.48.0/24', 'direct delegation AS112 service', 'special'],
  ['198.18.0.0/15', 'benchmarking', 'special'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)', 'special'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)', 'special'],
  ['224.0.0.0/4', 'multicast', 'special'],
  ['255.255.255.255/32', 'limited broadcast', 'special'],
  ['240.0.0.0/4', 'reserved', 'special'],
];

// First match wins: narrower ranges come before the ranges that contain them.
const V6: Array<[string, string, AddressScope]> = [
  ['::/128', 'unspecified', 'special'],
  ['::1/128', 'loopback', 'loopback'],
  ['::ffff:0:0/96', 'IPv4-mapped', 'special'],
  ['::ffff:0:0:0/96', 'IPv4-translated (SIIT)', 'special'],
  ['::/96', 'IPv4-compatible (deprecated)', 'special'],
  ['64:ff9b::/96', 'IPv4/IPv6 translation (NAT64)', 'special'],
  ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation (NAT64)', 'special'],
  ['100::/64', 'discard-only', 'special'],
  ['2001::/32', 'Teredo', 'special'],
  ['2001:db8::/32', 'documentation', 'special'],
  ['2001::/23', 'IETF protocol assignments (benchmarking, ORCHID, AMT…)', 'special'],
  ['2002::/16', '6to4', 'special'],
  ['2620:4f:8000::/48', 'direct delegation AS112 service', 'special'],
  ['3fff::/20', 'documentation', 'special'],
  ['5f00::/16', 'segment routing (SRv6) SIDs', 'special'],
  ['fc00::/7', 'unique local', 'private'],
  ['fe80::/10', 'link-local', 'special'],
  ['fec0::/10', 'site-local (deprecated)', 'special'],
  ['ff00::/8', 'multicast', 'special'],
];

const toTable = (rows: Array<[string, string, AddressScope]>) =>
  rows.map(([cidr, name, scope]) => ({ cidr, name, scope, block: ipaddr.parseCIDR(cidr) }));
const V4_TABLE = toTable(V4);
const V6_TABLE = toTable(V6);
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const OUTSIDE_GLOBAL_UNICAST: SpecialRange = { cidr: '2000::/3', name: 'outside global unicast (IETF reserved)', scope: 'special' };

/** Every special-purpose range classified, in the order they are tried (IPv4, then IPv6). */
export const SPECIAL_RANGES: readonly SpecialRange[] = [...V4_TABLE, ...V6_TABLE].map(({ cidr, name, scope }) => ({ cidr, name, scope }));

/**
 * Classifies an IPv4 or IPv6 address (brackets and a zone id are accepted); undefined if `text` is not one.
 * IPv4 is read the way `inet_aton` and URL parsers read it (`0x7f.1` is 127.0.0.1), so no spelling slips
 * past. An IPv4-mapped address (`::ffff:127.0.0.1`) is the IPv4 host it maps to on a dual-stack socket, so
 * it takes that host's scope when that is loopback or private, and stays `special` otherwise.
 *
 * ```ts
 * classifyAddress('[64:ff9b::7f00:1]')?.range?.name; // 'IPv4/IPv6 translation (NAT64)'
 * classifyAddress('8.8.8.8')?.range;                 // undefined: public
 * ```
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!bare.includes(':')) {
    if (!ipaddr.IPv4.isValid(bare)) return undefined;
    const v4 = ipaddr.IPv4.parse(bare);
    return { address: v4.toString(), family: 4, range: find(V4_TABLE, v4) };
  }
  const v6 = parseIpv6(bare);
  if (v6 === undefined) return undefined;
  const address = v6.toRFC5952String();
  let range = find(V6_TABLE, v6);
  if (range === undefined && !v6.match(GLOBAL_UNICAST)) range = OUTSIDE_GLOBAL_UNICAST;
  if (v6.isIPv4MappedAddress()) {
    const inner = find(V4_TABLE, v6.toIPv4Address());
    if (inner !== undefined && inner.scope !== 'special') range = { ...range!, scope: inner.scope };
  }
  return { address, family: 6, range };
}

/**
 * Whether an address is public: an IP address in no special-purpose range. Anything else (a name, garbage)
 * is not.
 *
 * ```ts
 * isPublicAddress('169.254.169.254'); // false
 * isPublicAddress('2606:4700:4700::1111'); // true
 * ```
 */
export function isPublicAddress(text: string): boolean {
  const c = classifyAddress(text);
  return c !== undefined && c.range === undefined;
}

/**
 * IPv6 through the URL host parser first: ipaddr.js reads `::127.0.0.1` as IPv4-mapped (`::ffff:7f00:1`)
 * where RFC 4291 and the URL parser read IPv4-compatible `::7f00:1`. The zone id names an interface, not a
 * host, and is dropped.
 */
function parseIpv6(text: string): ipaddr.IPv6 | undefined {
  const percent = text.indexOf('%');
  if (percent === text.length - 1) return undefined;
  const bare = percent >= 0 ? text.slice(0, percent) : text;
  if (!/^[0-9a-f:.]+$/i.test(bare)) return undefined;
  let host: string;
  try {
    host = new URL(`http://[${bare}]/`).hostname;
  } catch {
    return undefined;
  }
  return ipaddr.IPv6.isValid(host.slice(1, -1)) ? ipaddr.IPv6.parse(host.slice(1, -1)) : undefined;
}

function find<T extends ipaddr.IPv4 | ipaddr.IPv6>(
  table: Array<SpecialRange & { block: [ipaddr.IPv4 | ipaddr.IPv6, number] }>,
  address: T,
): SpecialRange | undefined {
  const hit = table.find((r) => address.match(r.block as [T, number]));
  return hit && { cidr: hit.cidr, name: hit.name, scope: hit.scope };
}
