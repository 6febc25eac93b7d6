/**
 * Builders for Threat Stack-style host event objects (`audit` process events, `file` events and
 * `connect` events) as the agent reports them, plus the login-session context they share.
 * @module
 */

import type { Random } from './prng.js';
import type { Account } from './accounts.js';
import { NO_SESSION } from './accounts.js';

export type EventData = Record<string, unknown>;

/** The host an event happened on. */
export interface EventHost {
  agentId: string;
  hostname: string;
  /** primary private IPv4 address */
  ip: string;
}

/** Who a process runs as and which login session (auditd `ses`) and terminal it belongs to. */
export interface Actor {
  user: string;
  uid: number;
  tty: string;
  session: number;
  /** parent process (the login shell, cron, php-fpm worker, …) */
  ppid: number;
  cwd: string;
}

/** A plausible Linux pid. */
export function randomPid(rng: Random): number {
  return rng.int(1_200, 480_000);
}

function homeOf(account: Account): string {
  return account.uid === 0 ? '/root' : `/home/${account.user}`;
}

/**
 * An interactive SSH session (terminal `pts<n>`).
 *
 * ```ts
 * const actor = interactive(rng, { user: 'kpatel', uid: 1004 });
 * ```
 */
export function interactive(rng: Random, account: Account): Actor {
  return { ...account, tty: `pts${rng.int(0, 3)}`, session: rng.int(3, 9_000), ppid: randomPid(rng), cwd: homeOf(account) };
}

/**
 * A process without a login session (daemon, cron job, container): no tty, session 4294967295.
 *
 * ```ts
 * const actor = daemon(rng, { user: 'www-data', uid: 33 }, '/var/www/html');
 * ```
 */
export function daemon(rng: Random, account: Account, cwd = '/'): Actor {
  return { ...account, tty: '(none)', session: NO_SESSION, ppid: randomPid(rng), cwd };
}

/**
 * The same session after `sudo`: effective user root, session and terminal unchanged.
 *
 * ```ts
 * const root = asRoot(interactive(rng, engineer));
 * ```
 */
export function asRoot(actor: Actor): Actor {
  return { ...actor, user: 'root', uid: 0 };
}

function common(kind: 'audit' | 'file' | 'connect', host: EventHost, timestamp: number, actor: Actor) {
  return {
    eventType: kind,
    event_type: kind,
    timestamp,
    agentId: host.agentId,
    hostname: host.hostname,
    user: actor.user,
    uid: actor.uid,
    gid: actor.uid,
    tty: actor.tty,
    session: actor.session,
    ppid: actor.ppid,
    cwd: actor.cwd,
  };
}

/** A process `execve` as auditd records it; `command` defaults to the basename of `exe` (truncated like `comm`). */
export function execEvent(
  rng: Random,
  host: EventHost,
  timestamp: number,
  actor: Actor,
  exe: string,
  args: string[],
  command = commOf(exe),
): EventData {
  return {
    ...common('audit', host, timestamp, actor),
    type: 'start',
    syscall: 'execve',
    success: true,
    pid: randomPid(rng),
    exe,
    command,
    args,
  };
}

/** A non-execve audited syscall (e.g. `finit_module`) by an already running process. */
export function syscallEvent(
  rng: Random,
  host: EventHost,
  timestamp: number,
  actor: Actor,
  syscall: string,
  exe: string,
  args: string[],
  command = commOf(exe),
): EventData {
  return {
    ...common('audit', host, timestamp, actor),
    type: 'syscall',
    syscall,
    success: true,
    pid: randomPid(rng),
    exe,
    command,
    args,
  };
}

/** An SSH login: sshd hands the session to the user (auditd USER_LOGIN). */
export function loginEvent(
  rng: Random,
  host: EventHost,
  timestamp: number,
  actor: Actor,
  srcIp: string,
): EventData {
  return {
    ...common('audit', host, timestamp, actor),
    type: 'login',
    syscall: 'execve',
    success: true,
    pid: randomPid(rng),
    exe: '/usr/sbin/sshd',
    command: 'sshd',
    args: [`sshd: ${actor.user}@${actor.tty === '(none)' ? 'notty' : actor.tty.replace('pts', 'pts/')}`],
    src_ip: srcIp,
    src_port: rng.int(32_768, 60_999),
    dst_ip: host.ip,
    dst_port: 22,
  };
}

/** A write/rename/unlink of a watched file. */
export function fileEvent(
  rng: Random,
  host: EventHost,
  timestamp: number,
  actor: Actor,
  syscall: 'write' | 'rename' | 'unlink',
  filename: string,
  exe: string,
  args: string[],
  command = commOf(exe),
): EventData {
  return {
    ...common('file', host, timestamp, actor),
    syscall,
    success: true,
    pid: randomPid(rng),
    exe,
    command,
    args,
    filename,
  };
}

/** An outbound TCP `connect`. */
export function connectEvent(
  rng: Random,
  host: EventHost,
  timestamp: number,
  actor: Actor,
  process: { pid: number; exe: string; args: string[]; command?: string },
  dstIp: string,
  dstPort: number,
): EventData {
  return {
    ...common('connect', host, timestamp, actor),
    connect_type: 'outbound',
    syscall: 'connect',
    success: true,
    pid: process.pid,
    exe: process.exe,
    command: process.command ?? commOf(process.exe),
    args: process.args,
    src_ip: host.ip,
    src_port: rng.int(32_768, 60_999),
    dst_ip: dstIp,
    dst_port: dstPort,
  };
}

/** What the kernel reports as `comm`: the executable's basename, at most 15 characters. */
export function commOf(exe: string): string {
  return (exe.split('/').pop() ?? exe).slice(0, 15);
}
