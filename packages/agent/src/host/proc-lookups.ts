/**
 * The {@link HostLookups} of a live Linux host, answered from /proc and /etc/passwd. Parent processes are
 * cached briefly by pid: a busy parent (a shell, a web server) is asked about for each of its children.
 * @module
 */
import type { HostLookups, ProcessFacts } from '../audit/to-event.js';
import { readContainerId, readProcessFacts } from './proc-process.js';
import { socketAddresses } from './socket-address.js';
import { UserNames } from './user-names.js';

export interface ProcLookupsOptions {
  procRoot?: string;
  passwdPath?: string;
  /** how long a process's facts are reused (default 2 s; a pid is seldom reused that fast) */
  processTtlMs?: number;
  now?: () => number;
}

/**
 * ```ts
 * const event = toHostEvent(auditEvent, procLookups());
 * ```
 */
export function procLookups(options: ProcLookupsOptions = {}): HostLookups {
  const procRoot = options.procRoot ?? '/proc';
  const ttl = options.processTtlMs ?? 2000;
  const now = options.now ?? Date.now;
  const users = new UserNames(options.passwdPath);
  const processes = new Map<number, { at: number; facts: ProcessFacts | undefined }>();
  return {
    userName: (uid) => users.get(uid),
    userId: (name) => users.uidOf(name),
    process(pid) {
      const cached = processes.get(pid);
      if (cached !== undefined && now() - cached.at < ttl) return cached.facts;
      if (processes.size > 4096) processes.clear();
      const facts = readProcessFacts(pid, procRoot);
      processes.set(pid, { at: now(), facts });
      return facts;
    },
    containerId: (pid) => readContainerId(pid, procRoot),
    socketAddresses: (pid, fd) => socketAddresses(pid, fd, procRoot),
  };
}
