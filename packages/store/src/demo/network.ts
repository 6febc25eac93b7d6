/**
 * IPv4/IPv6 address helpers for the demo agents: a random host inside a subnet, an EC2-style MAC address
 * and the EUI-64 link-local address the kernel derives from it.
 * @module
 */
import { parseCidr } from '@vigil/intel';
import type { Random } from './prng.js';

/**
 * A random usable host address in an IPv4 CIDR block (skips the network address, the `.1` gateway and the
 * broadcast address).
 *
 * ```ts
 * randomHostIn(rng, '10.0.3.0/24'); // e.g. '10.0.3.17'
 * ```
 */
export function randomHostIn(rng: Random, cidr: string): string {
  const block = parseCidr(cidr);
  if (block.version !== 4 || block.prefix < 8 || block.prefix > 30) throw new RangeError(`not an IPv4 CIDR block: ${cidr}`);
  const ip = block.network[0]! + rng.int(2, 2 ** (32 - block.prefix) - 2);
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** The prefix length of a CIDR string (`'10.0.16.0/20'` → 20). */
export function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

/**
 * A locally administered unicast MAC address like EC2 assigns (`0a:…`, `0e:…`, `12:…`).
 *
 * ```ts
 * randomMac(rng); // e.g. '0a:1b:2c:3d:4e:5f'
 * ```
 */
export function randomMac(rng: Random): string {
  const first = rng.pick([0x02, 0x06, 0x0a, 0x0e, 0x12, 0x16]);
  const bytes = [first];
  for (let i = 0; i < 5; i++) bytes.push(rng.int(0, 255));
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * The EUI-64 IPv6 link-local address (with `/64`) derived from a MAC address.
 *
 * ```ts
 * linkLocalFromMac('0a:1b:2c:3d:4e:5f'); // 'fe80::81b:2cff:fe3d:4e5f/64'
 * ```
 */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  const eui = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((eui[i]! << 8) | eui[i + 1]!).toString(16));
  return `fe80::${groups.join(':')}/64`;
}
