/**
 * Both ends of a process's TCP socket, found as the kernel exposes them: `/proc/<pid>/fd/<fd>` links to
 * `socket:[<inode>]`, and the socket tables of the process's network namespace (`/proc/<pid>/net/tcp`,
 * `tcp6`) list that inode with its local and remote addresses. Used for accepted connections: the audit
 * record names the client only when the program asked accept() for it (libuv, for one, does not).
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

export interface SocketEnds {
  local: { ip: string; port: number };
  remote: { ip: string; port: number };
}

/**
 * ```ts
 * socketAddresses(1234, 5); // { local: { ip: '127.0.0.1', port: 8080 }, remote: { ip: '127.0.0.1', port: 51234 } }
 * ```
 */
export function socketAddresses(pid: number, fd: number, procRoot = '/proc'): SocketEnds | undefined {
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
      if (columns[9] !== inode) continue;
      const local = decodeProcNetAddress(columns[1]!);
      const remote = decodeProcNetAddress(columns[2]!);
      return local && remote ? { local, remote } : undefined;
    }
  }
  return undefined;
}
