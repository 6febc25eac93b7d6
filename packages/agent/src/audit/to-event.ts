/**
 * Turns one audit event (its joined records) into a Vigil host event of the shapes in
 * `packages/rules/EVENTS.md`: process executions (`audit`/`start`), connections (`connect`, `accept`),
 * privilege changes (`audit`/`syscall`), kernel module loads and unloads (`kernel_module`). What the records
 * do not say (user names, the parent process, the container, an accepted socket's own port) comes from the
 * host through {@link HostLookups}, when the process is still there to ask.
 * @module
 */
import { posix } from 'node:path';
import type { AuditEvent } from './assembler.js';
import { execveArgs, proctitleArgs } from './execve-args.js';
import { auditNumber, auditString, type AuditRecord } from './record.js';
import { decodeSockaddr } from './sockaddr.js';
import { syscallName } from './syscalls.js';

/** A host event as the agent protocol carries it (agentId and hostname are added when shipped). */
export type HostEvent = Record<string, unknown> & { event_type: string; timestamp: number };

/** What every event made from a syscall carries. */
type SyscallFields = Record<string, unknown> & { timestamp: number; syscall: string; success: boolean };

/** What a process looks like from /proc. */
export interface ProcessFacts {
  exe?: string;
  command?: string;
  args?: string[];
}

/** Questions only the host can answer; each may answer `undefined` (the process is gone, no access). */
export interface HostLookups {
  userName(uid: number): string | undefined;
  /** the uid of a user name (for events read from logs, which name users) */
  userId?(name: string): number | undefined;
  process(pid: number): ProcessFacts | undefined;
  containerId(pid: number): string | undefined;
  /** both ends of a process's socket (an accepted connection: the listener's side, and the client's) */
  socketAddresses?(pid: number, fd: number): { local: { ip: string; port: number }; remote: { ip: string; port: number } } | undefined;
}

const EINPROGRESS = -115;
const ENOENT = -2;
const PRIVILEGE_SYSCALLS = new Set(['setuid', 'setgid', 'setreuid', 'setregid', 'setresuid', 'setresgid', 'capset']);
const MODULE_LOADS = new Set(['init_module', 'finit_module']);

/**
 * The Vigil event for an audit event, or `undefined` for one the agent does not report: records without a
 * SYSCALL, unix-socket and netlink connections, and execs that failed to find their file (a shell trying
 * each `PATH` entry).
 *
 * ```ts
 * const event = toHostEvent(auditEvent, lookups);
 * // { event_type: 'audit', type: 'start', syscall: 'execve', exe: '/usr/bin/ls', args: ['ls', '-la'], … }
 * ```
 */
export function toHostEvent(event: AuditEvent, host: HostLookups): HostEvent | undefined {
  const syscallRecord = event.records.find((r) => r.type === 'SYSCALL');
  if (syscallRecord === undefined) return undefined;
  const syscall = syscallName(syscallRecord.fields.arch, syscallRecord.fields.syscall, syscallRecord.enriched.SYSCALL);
  if (syscall === undefined) return undefined;
  const exit = auditNumber(syscallRecord, 'exit');
  const success = syscallRecord.fields.success === 'yes' || exit === EINPROGRESS;
  const base: SyscallFields = { ...processFields(syscallRecord, event.records, host), timestamp: event.time, syscall, success };

  if (syscall === 'execve' || syscall === 'execveat') {
    if (!success && exit === ENOENT) return undefined;
    return { event_type: 'audit', type: 'start', ...base };
  }
  if (syscall === 'connect' || syscall === 'accept' || syscall === 'accept4') {
    return connection(event.records, syscall, base, host, exit);
  }
  if (PRIVILEGE_SYSCALLS.has(syscall)) return { event_type: 'audit', type: 'syscall', ...base };
  if (MODULE_LOADS.has(syscall) || syscall === 'delete_module') {
    const module = moduleName(event.records, base.command as string | undefined, base.args as string[] | undefined);
    return {
      event_type: 'kernel_module',
      type: syscall === 'delete_module' ? 'unload' : 'load',
      ...base,
      ...(module === undefined ? {} : { module }),
    };
  }
  return { event_type: 'audit', type: 'syscall', ...base };
}

/** The fields every process event carries, parent and container included where the host still knows them. */
function processFields(syscall: AuditRecord, records: readonly AuditRecord[], host: HostLookups): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const uid = auditNumber(syscall, 'uid');
  const pid = auditNumber(syscall, 'pid');
  const ppid = auditNumber(syscall, 'ppid');
  if (uid !== undefined) {
    out.uid = uid;
    const user = syscall.enriched.UID ?? host.userName(uid);
    if (user !== undefined) out.user = user;
  }
  const gid = auditNumber(syscall, 'gid');
  if (gid !== undefined) out.gid = gid;
  if (syscall.fields.tty !== undefined) out.tty = syscall.fields.tty;
  const session = auditNumber(syscall, 'ses');
  if (session !== undefined) out.session = session;
  if (pid !== undefined) out.pid = pid;
  if (ppid !== undefined) out.ppid = ppid;
  const cwdRecord = records.find((r) => r.type === 'CWD');
  const cwd = cwdRecord && auditString(cwdRecord, 'cwd');
  if (cwd !== undefined) out.cwd = cwd;
  const exe = auditString(syscall, 'exe');
  if (exe !== undefined) out.exe = exe;
  const command = auditString(syscall, 'comm');
  if (command !== undefined) out.command = command;
  const args = execveArgs(records) ?? proctitleArgs(records);
  if (args !== undefined) out.args = args;
  if (ppid !== undefined) {
    const parent = host.process(ppid);
    if (parent?.exe !== undefined) out.parent_exe = parent.exe;
    if (parent?.command !== undefined) out.parent_command = parent.command;
    if (parent?.args !== undefined) out.parent_args = parent.args;
  }
  const container = pid === undefined ? undefined : host.containerId(pid);
  if (container !== undefined) out.container_id = container;
  return out;
}

function connection(
  records: readonly AuditRecord[],
  syscall: string,
  base: SyscallFields,
  host: HostLookups,
  exit: number | undefined,
): HostEvent | undefined {
  const sockaddr = records.find((r) => r.type === 'SOCKADDR');
  const address = sockaddr && decodeSockaddr(sockaddr.fields.saddr ?? '');
  if (address?.family === 'other') return undefined;
  if (syscall === 'connect') {
    if (address === undefined) return undefined;
    return { event_type: 'connect', connect_type: 'outbound', ...base, dst_ip: address.ip, dst_port: address.port };
  }
  // accept: the new socket (fd = exit) knows both ends while it is open; the record names the client only
  // when the program asked for it.
  const pid = base.pid as number | undefined;
  const ends = pid !== undefined && exit !== undefined && exit >= 0 ? host.socketAddresses?.(pid, exit) : undefined;
  const client = address ?? ends?.remote;
  if (client === undefined) return undefined;
  return {
    event_type: 'accept',
    connect_type: 'inbound',
    ...base,
    src_ip: client.ip,
    src_port: client.port,
    ...(ends === undefined ? {} : { dst_ip: ends.local.ip, dst_port: ends.local.port }),
  };
}

const MODULE_TOOLS = new Set(['insmod', 'modprobe', 'rmmod', 'kmod']);

/** The module's name: the kernel's KERN_MODULE record, else the operand insmod/modprobe/rmmod was given. */
function moduleName(records: readonly AuditRecord[], command: string | undefined, args: string[] | undefined): string | undefined {
  const kernModule = records.find((r) => r.type === 'KERN_MODULE');
  const named = kernModule && auditString(kernModule, 'name');
  if (named !== undefined) return named;
  if (command === undefined || !MODULE_TOOLS.has(command)) return undefined;
  const operand = args?.slice(1).find((a) => !a.startsWith('-'));
  return operand === undefined ? undefined : posix.basename(operand).replace(/\.ko(?:\.(?:xz|gz|zst))?$/, '');
}
