/**
 * Both ends of a process's TCP socket, found as the kernel exposes them: `/proc/<pid>/fd/<fd>` links to
 * `socket:[<inode>]`, and the socket tables of the process's network namespace (`/proc/<pid>/net/tcp`,
 * `tcp6`) list that inode with its local and remote addresses. Used for accepted connections: the audit
 * record names the client only when the program asked accept() for it (libuv, for one, does not).
 * @module
 */
import { readlinkSync } from 'node:fs';
import { readProcText } from './proc-text.js';
import { RecentMap } from './recent-map.js';
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

const TABLES = ['tcp', 'tcp6'] as const;
type Table = (typeof TABLES)[number];

/** A socket table's rows by inode (`/proc/<pid>/net/tcp` or `tcp6`), `undefined` when it cannot be read. */
function readSocketTable(pid: number, table: Table, procRoot: string): Map<string, SocketEnds> | undefined {
  const text = readProcText(`${procRoot}/${pid}/net/${table}`);
  if (text === undefined) return undefined;
  const rows = new Map<string, SocketEnds>();
  for (const line of text.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const local = columns[1] === undefined ? undefined : decodeProcNetAddress(columns[1]);
    const remote = columns[2] === undefined ? undefined : decodeProcNetAddress(columns[2]);
    if (columns[9] !== undefined && local && remote) rows.set(columns[9], { local, remote });
  }
  return rows;
}

/**
 * Both ends of sockets, from the tables of each network namespace as last read. The kernel builds a table by
 * walking its whole connection hash (milliseconds of system time on a host with much memory, however few
 * connections it holds), so a table is read again only for a socket neither lists yet (a burst of accepts
 * costs a read, not one each), the one that held the namespace's last socket first. A socket's inode names it
 * for its whole life, so what a table listed stays true.
 *
 * ```ts
 * const sockets = new SocketTables();
 * sockets.ends(1234, 5); // { local: { ip: '127.0.0.1', port: 8080 }, remote: { ip: '127.0.0.1', port: 51234 } }
 * ```
 */
export class SocketTables {
  readonly #procRoot: string;
  /** `<network namespace> <table>` → its rows as last read */
  readonly #tables = new RecentMap<string, Map<string, SocketEnds>>({ ttlMs: Infinity, maxEntries: 32 });
  /** network namespace → the table that held its last socket */
  readonly #lastFound = new RecentMap<string, Table>({ ttlMs: Infinity, maxEntries: 16 });

  constructor(procRoot = '/proc') {
    this.#procRoot = procRoot;
  }

  ends(pid: number, fd: number): SocketEnds | undefined {
    const inode = socketInode(pid, fd, this.#procRoot);
    if (inode === undefined) return undefined;
    const namespace = attempt(() => readlinkSync(`${this.#procRoot}/${pid}/ns/net`)) ?? `pid ${pid}`;
    for (const table of TABLES) {
      const known = this.#tables.get(`${namespace} ${table}`, 0)?.get(inode);
      if (known !== undefined) return known;
    }
    const order = this.#lastFound.get(namespace, 0) === 'tcp6' ? (['tcp6', 'tcp'] as const) : TABLES;
    for (const table of order) {
      const rows = readSocketTable(pid, table, this.#procRoot);
      if (rows === undefined) continue;
      this.#tables.set(`${namespace} ${table}`, rows, 0);
      const found = rows.get(inode);
      if (found === undefined) continue;
      this.#lastFound.set(namespace, table, 0);
      return found;
    }
    return undefined;
  }
}

/** The inode of the socket behind a process's descriptor (`socket:[<inode>]`), `undefined` for anything else. */
function socketInode(pid: number, fd: number, procRoot: string): string | undefined {
  const target = attempt(() => readlinkSync(`${procRoot}/${pid}/fd/${fd}`));
  return target === undefined ? undefined : /^socket:\[(\d+)\]$/.exec(target)?.[1];
}

/**
 * The same, read afresh.
 *
 * ```ts
 * socketAddresses(1234, 5); // { local: { ip: '127.0.0.1', port: 8080 }, remote: { ip: '127.0.0.1', port: 51234 } }
 * ```
 */
export function socketAddresses(pid: number, fd: number, procRoot = '/proc'): SocketEnds | undefined {
  return new SocketTables(procRoot).ends(pid, fd);
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
