/**
 * The local address of a process's TCP socket, found as the kernel exposes it: `/proc/<pid>/fd/<fd>` links
 * to `socket:[<inode>]`, and the socket tables of the process's network namespace (`/proc/<pid>/net/tcp`,
 * `tcp6`) list that inode with its local address. Used for the listener side of an accepted connection.
 * @module
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { ipText } from './ip-text.js';

/** `0100007F:1F90` (IPv4, the address as a little-endian word) or 32 hex digits (IPv6, four such words). */
export function decodeProcNetAddress(text: string): { ip: string; port: number } | undefined {
  const [hex, portHex] = text.split(':');
  if (hex === undefined || portHex === undefined || !/^[0-9A-F]{4}$/i.test(portHex)) return undefined;
  if (!/^(?:[0-9A-F]{8}){1,4}$/i.test(hex) || (hex.length !== 8 && hex.length !== 32)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  for (let word = 0; word < bytes.length; word += 4) bytes.subarray(word, word + 4).reverse();
  return { ip: ipText(bytes), port: parseInt(portHex, 16) };
}

/**
 * ```ts
 * socketLocalAddress(1234, 5); // { ip: '127.0.0.1', port: 8080 }
 * ```
 */
export function socketLocalAddress(pid: number, fd: number, procRoot = '/proc'): { ip: string; port: number } | undefined {
  let inode: string | undefined;
  try {
    inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${procRoot}/${pid}/fd/${fd}`))?.[1];
  } catch {
    return undefined;
  }
  if (inode === undefined) return undefined;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${procRoot}/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[9] === inode) return decodeProcNetAddress(columns[1]!);
    }
  }
  return undefined;
}
