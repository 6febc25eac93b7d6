import { ipText } from '../host/ip-text.js';

/**
 * The address in a SOCKADDR record (`saddr=`, the raw `struct sockaddr` as hex). Only internet sockets
 * matter to the agent; local (unix), netlink and other families are reported as such and skipped.
 * @module
 */

export type SocketAddress =
  | { family: 'inet' | 'inet6'; ip: string; port: number }
  | { family: 'other'; number: number };

const AF_INET = 2;
const AF_INET6 = 10;

/**
 * Decodes `saddr`. The family is in host byte order (little-endian on the architectures audited), the port and
 * address in network order. `undefined` when too short to hold what its family says.
 *
 * ```ts
 * decodeSockaddr('020000097F0000010000000000000000'); // { family: 'inet', ip: '127.0.0.1', port: 9 }
 * ```
 */
export function decodeSockaddr(hex: string): SocketAddress | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 2) return undefined;
  const family = bytes.readUInt16LE(0);
  if (family === AF_INET) {
    if (bytes.length < 8) return undefined;
    return { family: 'inet', port: bytes.readUInt16BE(2), ip: ipText(bytes.subarray(4, 8)) };
  }
  if (family === AF_INET6) {
    if (bytes.length < 24) return undefined;
    return { family: 'inet6', port: bytes.readUInt16BE(2), ip: ipText(bytes.subarray(8, 24)) };
  }
  return { family: 'other', number: family };
}
