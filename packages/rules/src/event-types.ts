/**
 * The values of `event_type` and, per event type, of `type`. Agents send these; rules filter on them and
 * the detection engine buckets rules by `event_type`.
 * @module
 */

/**
 * Every `event_type` a Vigil agent reports, with what it means.
 *
 * ```ts
 * Object.keys(EVENT_TYPES); // ['audit', 'connect', 'accept', …]
 * ```
 */
export const EVENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  audit: 'Process activity from the audit subsystem: execve (type start) and other audited syscalls (type syscall).',
  connect: 'Outbound network connection (connect syscall).',
  accept: 'Inbound network connection accepted by a listening socket.',
  login: 'Login session opened (sshd, login, display manager), successful or failed.',
  logout: 'Login session closed.',
  sudo: 'Command run through sudo, allowed or denied.',
  su: 'User switch with su, successful or failed.',
  user: 'Local account added, modified or deleted.',
  group: 'Local group added, modified or deleted.',
  kernel_module: 'Kernel module loaded or unloaded.',
  file: 'File integrity monitoring: a watched file opened, modified, deleted or its attributes changed.',
  host: 'Event decoded from a host log by signature (sigid).',
});

/** What happened to the file in a `file` event (`type`), and what `eventsToMonitor` of File rules lists. */
export type FileAction = 'open' | 'modify' | 'delete' | 'attrib';

/**
 * The file action a syscall implies, used when a `file` event arrives without `type` (older agents and
 * raw audit records only name the syscall).
 *
 * ```ts
 * FILE_ACTION_BY_SYSCALL.renameat2; // 'modify'
 * ```
 */
export const FILE_ACTION_BY_SYSCALL: Readonly<Record<string, FileAction>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, FileAction>, {
    open: 'open',
    openat: 'open',
    openat2: 'open',
    creat: 'modify',
    write: 'modify',
    writev: 'modify',
    pwrite64: 'modify',
    pwritev: 'modify',
    truncate: 'modify',
    ftruncate: 'modify',
    fallocate: 'modify',
    rename: 'modify',
    renameat: 'modify',
    renameat2: 'modify',
    link: 'modify',
    linkat: 'modify',
    symlink: 'modify',
    symlinkat: 'modify',
    mknod: 'modify',
    mknodat: 'modify',
    unlink: 'delete',
    unlinkat: 'delete',
    rmdir: 'delete',
    chmod: 'attrib',
    fchmod: 'attrib',
    fchmodat: 'attrib',
    chown: 'attrib',
    fchown: 'attrib',
    lchown: 'attrib',
    fchownat: 'attrib',
    setxattr: 'attrib',
    lsetxattr: 'attrib',
    fsetxattr: 'attrib',
    removexattr: 'attrib',
    lremovexattr: 'attrib',
    fremovexattr: 'attrib',
    utime: 'attrib',
    utimes: 'attrib',
    utimensat: 'attrib',
  } satisfies Record<string, FileAction>),
);
