/**
 * The {@link HostLookups} of a live Linux host, answered from /proc and /etc/passwd. What a pid's process is
 * and which container it runs in are remembered briefly (a busy parent, a shell or a web server, is asked about
 * for each of its children; a process making connections, for each), for a bounded number of pids.
 * @module
 */
import type { HostLookups, ProcessFacts } from '../audit/to-event.js';
import { readContainerId, readProcessFacts } from './proc-process.js';
import { RecentMap } from './recent-map.js';
import { SocketTables } from './socket-address.js';
import { UserNames } from './user-names.js';

export interface ProcLookupsOptions {
  procRoot?: string;
  passwdPath?: string;
  /** how long a process's facts and container are reused (default 2 s; a pid is seldom reused that fast) */
  processTtlMs?: number;
  /** how many pids are remembered at most (default 4,096) */
  maxPids?: number;
  now?: () => number;
}

/**
 * ```ts
 * const event = toHostEvent(auditEvent, procLookups());
 * ```
 */
export function procLookups(options: ProcLookupsOptions = {}): HostLookups {
  const procRoot = options.procRoot ?? '/proc';
  const now = options.now ?? Date.now;
  const users = new UserNames(options.passwdPath);
  const pids = new RecentMap<number, { facts?: ProcessFacts | null; container?: string }>({ ttlMs: options.processTtlMs ?? 2000, maxEntries: options.maxPids ?? 4096 });
  /** the pid's entry, a fresh one when it is not remembered */
  const entry = (pid: number) => {
    const at = now();
    let known = pids.get(pid, at);
    if (known === undefined) pids.set(pid, (known = {}), at);
    return known;
  };
  const sockets = new SocketTables(procRoot);
  return {
    userName: (uid) => users.get(uid),
    userId: (name) => users.uidOf(name),
    process(pid) {
      const known = entry(pid);
      known.facts ??= readProcessFacts(pid, procRoot) ?? null;
      return known.facts ?? undefined;
    },
    // Only a container is remembered: a process still outside one may be moved in before it execs (runc puts
    // its init in the container's cgroup, then execs the container's command under the same pid).
    containerId: (pid) => (entry(pid).container ??= readContainerId(pid, procRoot)),
    socketAddresses: (pid, fd) => sockets.ends(pid, fd),
  };
}
