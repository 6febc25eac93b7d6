/**
 * The default "Base Rule Set": host and file integrity rules a security team expects on every Linux
 * server, written against the event vocabulary of `EVENTS.md`. Severity follows Threat Stack: 1 is the
 * most urgent (likely compromise), 2 needs a look today, 3 is worth knowing.
 * @module
 */
import type { RuleType, Severity } from './vocabulary.js';

/** One default rule, in the shape of a Threat Stack v2 rule body. */
export interface DefaultRule {
  name: string;
  type: Exclude<RuleType, 'ThreatIntel'>;
  /** alert title template, see `renderTemplate` */
  title: string;
  severityOfAlerts: Severity;
  alertDescription: string;
  aggregateFields: string[];
  filter: string;
  /** seconds */
  window: number;
  /** events within `window` (per aggregate) before an alert is raised */
  threshold: number;
  suppressions: string[];
  enabled: boolean;
  fileIntegrityPaths?: { path: string; recursive: boolean }[];
  eventsToMonitor?: string[];
}

// Shared fragments. Written out in full in every filter that uses them, so each rule reads on its own.
const EXEC = 'event_type = "audit" and syscall = "execve"';
// Logins arrive as event_type login from Vigil agents and as audit records of type login from agents
// that forward raw auditd USER_LOGIN records (and from the demo dataset).
const LOGIN = '(event_type = "login" or (event_type = "audit" and type = "login"))';
const SHELLS = '"sh", "bash", "dash", "zsh", "ksh", "ash", "csh", "tcsh", "fish", "busybox"';
const NETCATS = '"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"';
const PRIVATE_NETS = '127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16, ::1/128, fc00::/7, fe80::/10';
const PACKAGE_TOOLS = '"dpkg", "rpm", "apt", "apt-get", "aptitude", "yum", "dnf", "zypper", "apk", "unattended-upgr", "packagekitd"';
const CONTAINER_MODULES =
  '"overlay", "br_netfilter", "bridge", "veth", "ip_tables", "iptable_nat", "iptable_filter", "nf_nat", "nf_conntrack", "xt_conntrack", "xt_MASQUERADE", "xt_addrtype"';
const NO_SESSION = 4294967295;
const HOUR = 3600;

const rules: DefaultRule[] = [
  // --- processes -------------------------------------------------------------------------------------
  {
    name: 'Process: shell spawned by web server',
    type: 'Host',
    title: 'Shell {{command}} spawned as {{user}} by a web server on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A web server, application runtime or web service account started a shell. Web processes rarely need one; this is the classic sign of a web shell or remote code execution. Review the command line and the access log.',
    aggregateFields: ['user', 'arguments'],
    filter: `${EXEC} and command in (${SHELLS}) and (parent_command in ("nginx", "apache2", "httpd", "lighttpd", "caddy", "node", "uwsgi") or parent_command starts_with "php" or user in ("www-data", "nginx", "apache", "httpd", "lighttpd"))`,
    window: HOUR,
    threshold: 1,
    suppressions: [
      // PHP's mail() runs the sendmail wrapper through sh.
      'arguments like "sh -c /usr/sbin/sendmail -t -i%"',
      // crontab entries of the web user (e.g. a CMS cron job) are started through sh by cron.
      'parent_command in ("cron", "crond")',
    ],
    enabled: true,
  },
  {
    name: 'Process: reverse shell command line',
    type: 'Host',
    title: 'Possible reverse shell by {{user}} on {{hostname}}: {{arguments}}',
    severityOfAlerts: 1,
    alertDescription:
      'A command line binds a shell to a network connection (bash /dev/tcp, nc -e, socat exec, python pty.spawn, PHP fsockopen). Isolate the host and capture memory before rebooting.',
    aggregateFields: ['user', 'exe'],
    filter: String.raw`${EXEC} and (arguments matches "/dev/(tcp|udp)/[^/ ]+/[0-9]+" or (command in (${NETCATS}) and args in ("-e", "-c")) or (command = "socat" and arguments matches "(?i)\b(exec|system):") or arguments contains "pty.spawn(" or arguments contains "fsockopen(" or arguments matches "socket\.socket\(.*\.connect\(.*(dup2|subprocess)")`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Process: remote script piped to a shell',
    type: 'Host',
    title: 'Remote script piped to a shell by {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'curl or wget output was piped straight into a shell. Droppers and cryptojacking campaigns install this way; legitimate installs should use packages or images. Fetch the URL in a sandbox to see what ran.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and command in (${SHELLS}) and (arguments matches "\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(\S*/)?(ba|da|z|k|a)?sh\b" or arguments matches "\b(ba|da|z|k)?sh\s+<\(\s*(curl|wget)\b")`,
    window: HOUR,
    threshold: 1,
    // cloud-init user data often bootstraps configuration management this way on first boot.
    suppressions: ['parent_command = "cloud-init"'],
    enabled: true,
  },
  {
    name: 'Process: encoded payload executed',
    type: 'Host',
    title: 'Encoded payload executed by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A base64-encoded payload was decoded and executed in one command line, a common way to hide an attacker command from casual review. Decode the payload to see what ran.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and (arguments matches "base64\s+(-d|--decode|-D)\b[^;]*\|\s*(ba|da|z)?sh\b" or arguments matches "exec\(.*b64decode\(" or arguments matches "(?i)\b(powershell|pwsh)\b.*\s-e(nc|ncodedcommand)?\s")`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Process: crypto miner',
    type: 'Host',
    title: 'Crypto miner {{command}} started by {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A known cryptocurrency miner or a stratum pool URL was executed. Usually follows exploitation of an exposed service or a poisoned image; look for the dropper in cron and in /tmp.',
    aggregateFields: ['exe', 'user'],
    filter: String.raw`${EXEC} and (command in ("xmrig", "xmrig-notls", "xmr-stak", "minerd", "cpuminer", "kdevtmpfsi", "kinsing", "ethminer", "t-rex", "nbminer", "lolminer", "nanominer") or arguments matches "stratum\+(tcp|ssl|tls)://" or args matches "^--(donate-level|cpu-max-threads-hint|randomx-1gb-pages)")`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Process: netcat listener',
    type: 'Host',
    title: 'Network listener started with {{command}} by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'netcat or socat was started in listen mode. Attackers use it for bind shells and to receive exfiltrated files; administrators rarely need it on servers.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and ((command in (${NETCATS}) and args matches "^(-[a-zA-Z]*l[a-zA-Z]*|--listen)$") or (command = "socat" and arguments matches "(?i)\b(tcp|tcp4|tcp6|udp|udp4|udp6)-listen:"))`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Process: binary executed from a temporary directory',
    type: 'Host',
    title: '{{exe}} executed from a temporary directory by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A program ran from /tmp, /var/tmp or /dev/shm. Software is installed elsewhere; droppers and miners unpack into world-writable directories because every account can write there.',
    aggregateFields: ['exe', 'user'],
    filter: `${EXEC} and (exe starts_with "/tmp/" or exe starts_with "/var/tmp/" or exe starts_with "/dev/shm/" or exe starts_with "/run/shm/")`,
    window: HOUR,
    threshold: 1,
    // `go run` and `go test` build into /tmp/go-build…/exe/.
    suppressions: ['exe like "/tmp/go-build%/exe/%"'],
    enabled: true,
  },
  {
    name: 'Process: package manager run interactively',
    type: 'Host',
    title: '{{command}} run by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'A package manager was run from an interactive terminal. Production packages should change through images or configuration management; query-only commands and automation accounts are suppressed.',
    aggregateFields: ['command', 'user'],
    filter: `${EXEC} and command in ("apt", "apt-get", "aptitude", "dpkg", "yum", "dnf", "rpm", "zypper", "apk", "pip", "pip3") and tty not in (null, "(none)")`,
    window: HOUR,
    threshold: 1,
    suppressions: [
      'user in ("ansible", "deploy", "chef", "puppet", "salt")',
      'command in ("dpkg", "rpm") and args in ("-l", "-L", "-s", "-S", "-q", "-qa", "-qi", "-ql", "-qf", "--list", "--status", "--search", "--query")',
      'command in ("apt", "apt-get", "yum", "dnf", "pip", "pip3") and args in ("list", "show", "search", "policy", "info", "freeze", "check-update")',
    ],
    enabled: true,
  },
  {
    name: 'Process: setuid or setgid bit set',
    type: 'Host',
    title: 'Setuid or setgid bit set by {{user}} with {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A file was made setuid or setgid (chmod u+s, 4755, or the chmod syscall). A setuid copy of a shell or interpreter is a common way to keep root after a one-off privilege escalation.',
    aggregateFields: ['user', 'command'],
    filter: String.raw`(${EXEC} and command = "chmod" and args matches "^([ugoa]*[+=][rwxXt]*s|0?[2-7][0-7]{3})$") or (event_type = "audit" and syscall in ("chmod", "fchmod", "fchmodat") and mode matches "^0?[2-7][0-7]{3}$")`,
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS}) or parent_command in (${PACKAGE_TOOLS})`],
    enabled: true,
  },
  {
    name: 'Process: ptrace or process memory injection',
    type: 'Host',
    title: '{{command}} called {{syscall}} as {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A process attached to or wrote into another process (ptrace, process_vm_writev) outside the usual debuggers. Used to steal credentials from memory and to inject code into trusted processes.',
    aggregateFields: ['exe', 'user'],
    filter: 'event_type = "audit" and syscall in ("ptrace", "process_vm_writev") and command not in ("gdb", "strace", "ltrace", "lldb", "dlv", "perf", "crash", "gcore", "rr")',
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Process: container escape attempt',
    type: 'Host',
    title: 'Possible container escape by {{user}} on {{hostname}}: {{arguments}}',
    severityOfAlerts: 1,
    alertDescription:
      'nsenter into the namespaces of PID 1, a cgroup release_agent or core_pattern write, or a container mounting proc, sysfs, cgroups or a host disk. These are the common steps out of a container onto its host.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and ((command = "nsenter" and arguments matches "(^| )(-t ?1|--target[= ]1)( |$)") or arguments matches "release_agent|/proc/sys/kernel/core_pattern" or (command = "mount" and container_id != null and (args in ("proc", "sysfs", "cgroup", "cgroup2") or args matches "^/dev/(sd|vd|xvd|nvme)")))`,
    window: HOUR,
    threshold: 1,
    // Older kubelets shell out to nsenter for host operations.
    suppressions: ['parent_command = "kubelet"'],
    enabled: true,
  },
  {
    name: 'Process: audit or logging disabled',
    type: 'Host',
    title: 'Audit or logging disabled by {{user}} on {{hostname}}: {{arguments}}',
    severityOfAlerts: 1,
    alertDescription:
      'Audit rules were deleted, auditing was switched off, or a logging daemon was stopped. Attackers do this before acting so the next steps leave no trace.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and ((command = "auditctl" and arguments matches "(^| )(-D|-e ?0)( |$)") or (command in ("systemctl", "service") and args in ("auditd", "auditd.service", "rsyslog", "rsyslog.service", "syslog-ng", "systemd-journald", "systemd-journald.service") and args in ("stop", "disable", "mask", "kill")))`,
    window: HOUR,
    threshold: 1,
    // augenrules clears the rules (auditctl -D) before loading them at every auditd start.
    suppressions: ['parent_command = "augenrules"'],
    enabled: true,
  },
  {
    name: 'Process: shell history tampering',
    type: 'Host',
    title: 'Shell history tampering by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A command disabled or wiped shell history (unset HISTFILE, HISTFILE=/dev/null, history -c, removing a *_history file). Someone is hiding what they typed.',
    aggregateFields: ['user', 'arguments'],
    filter: String.raw`${EXEC} and arguments matches "HISTFILE=/dev/null|unset HISTFILE|HISTSIZE=0|history -c|ln -s\S* /dev/null \S*_history|\b(rm|shred|truncate)\s[^|;]*_history\b"`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },

  // --- network ---------------------------------------------------------------------------------------
  {
    name: 'Network: interpreter connected to an unusual port',
    type: 'Host',
    title: '{{command}} connected to {{dst_ip}}:{{dst_port}} from {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A Python, Perl, Ruby, PHP or Node process connected to a public address on a port other than DNS or web. Typical of reverse shells, bots and exfiltration scripts written in a scripting language.',
    aggregateFields: ['exe', 'dst_ip', 'port'],
    filter: `event_type = "connect" and (command matches "^(python|perl|ruby|php|lua)[0-9.]*$" or command in ("node", "nodejs") or exe matches "/(python|perl|ruby|php|node|lua)[0-9.]*$") and dst_port not in (53, 80, 443, 8080, 8443) and dst_ip not in (${PRIVATE_NETS})`,
    window: HOUR,
    threshold: 1,
    // Applications submitting mail over SMTP.
    suppressions: ['dst_port in (465, 587)'],
    enabled: true,
  },
  {
    name: 'Network: connection to a mining pool port',
    type: 'Host',
    title: 'Connection to mining pool port {{dst_ip}}:{{dst_port}} by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A process connected to a public address on a port that stratum mining pools use. Confirm what the process is; miners often rename themselves to look like system daemons.',
    aggregateFields: ['exe', 'dst_ip', 'port'],
    filter: `event_type = "connect" and dst_port in (3333, 3334, 5555, 7777, 14433, 14444, 45560, 45700) and dst_ip not in (${PRIVATE_NETS})`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },

  // --- logins and privilege --------------------------------------------------------------------------
  {
    name: 'User Activity: interactive root login',
    type: 'Host',
    title: 'Interactive root login from {{src_ip}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'Someone logged in as root with a terminal. Root logins leave no record of which person acted; PermitRootLogin should be "no" and administrators should use personal accounts and sudo.',
    aggregateFields: ['src_ip', 'user'],
    filter: `${LOGIN} and user = "root" and success = true and tty not in (null, "(none)")`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'User Activity: SSH login from a public address',
    type: 'Host',
    title: 'SSH login by {{user}} from public address {{src_ip}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'A successful SSH login came from outside private address space. Servers are normally reached through a bastion or VPN; add your office and VPN egress ranges as suppressions, e.g. src_ip in (198.51.100.0/24).',
    aggregateFields: ['user', 'src_ip'],
    filter: `${LOGIN} and command = "sshd" and success = true and src_ip != null and src_ip not in (${PRIVATE_NETS})`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'User Activity: SSH brute force',
    type: 'Host',
    title: 'SSH brute force from {{src_ip}} against {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'Five or more failed SSH logins from one address within five minutes. Check whether any login from that address succeeded afterwards, and block it at the firewall.',
    aggregateFields: ['src_ip'],
    filter: 'event_type = "login" and command = "sshd" and success = false',
    window: 300,
    threshold: 5,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'User Activity: sudo by a service account',
    type: 'Host',
    title: 'Sudo by service account {{user}} on {{hostname}}: {{arguments}}',
    severityOfAlerts: 2,
    alertDescription:
      'A system account (uid 1-999, such as www-data or postgres) ran sudo. Service accounts act through their own daemons; sudo from one usually means the service was compromised.',
    aggregateFields: ['user', 'arguments'],
    filter: 'event_type = "sudo" and uid > 0 and uid < 1000',
    window: HOUR,
    threshold: 1,
    // Monitoring plugins that need root for one read-only check.
    suppressions: ['user in ("nagios", "zabbix") and arguments starts_with "sudo /usr/lib/nagios/plugins/"'],
    enabled: true,
  },
  {
    name: 'User Activity: repeated sudo failures',
    type: 'Host',
    title: 'Repeated sudo failures by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'Three or more denied or failed sudo attempts by one user within ten minutes: password guessing, or probing which commands the account may run.',
    aggregateFields: ['user'],
    filter: 'event_type = "sudo" and success = false',
    window: 600,
    threshold: 3,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'User Activity: su to root',
    type: 'Host',
    title: '{{user}} became root with su on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'A user switched to root with su. Unlike sudo, the commands run afterwards are attributed to root alone; prefer sudo so actions stay tied to a person.',
    aggregateFields: ['user', 'dst_user'],
    filter: 'event_type = "su" and dst_user = "root" and success = true and user != "root"',
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'User Activity: user account created',
    type: 'Host',
    title: 'User {{dst_user}} created by {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A local account was created. Local accounts should come from configuration management; an unexpected one is a classic persistence step.',
    aggregateFields: ['dst_user', 'user'],
    filter: 'event_type = "user" and type = "add"',
    window: HOUR,
    threshold: 1,
    // The default cloud user is created by cloud-init at first boot.
    suppressions: [`session = ${NO_SESSION} and parent_command = "cloud-init"`],
    enabled: true,
  },
  {
    name: 'User Activity: group created',
    type: 'Host',
    title: 'Group {{group}} created by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription: 'A local group was created. Review it together with any account created or modified around the same time.',
    aggregateFields: ['user'],
    filter: 'event_type = "group" and type = "add"',
    window: HOUR,
    threshold: 1,
    suppressions: [`session = ${NO_SESSION} and parent_command in ("cloud-init", ${PACKAGE_TOOLS})`],
    enabled: true,
  },
  {
    name: 'User Activity: privileged group membership changed',
    type: 'Host',
    title: 'Membership of {{group}} changed for {{dst_user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'An account was created in, joined or left a group that grants root or its equivalent (sudo, wheel, admin, root, docker, lxd, disk, shadow). Confirm a change request exists.',
    aggregateFields: ['dst_user', 'user'],
    filter: 'event_type in ("user", "group") and type in ("add", "modify") and group in ("root", "sudo", "wheel", "admin", "adm", "docker", "lxd", "disk", "shadow")',
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
  },
  {
    name: 'Kernel module loaded',
    type: 'Host',
    title: 'Kernel module loaded by {{arguments}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A kernel module was loaded after boot. Rootkits (Diamorphine, Reptile) load this way; so do legitimate drivers, so check the module name and where the .ko file came from.',
    aggregateFields: ['command', 'arguments'],
    filter: '(event_type = "kernel_module" and type = "load") or (event_type = "audit" and syscall in ("init_module", "finit_module"))',
    window: HOUR,
    threshold: 1,
    // Container runtimes load these outside any login session at startup.
    suppressions: [`session = ${NO_SESSION} and (module in (${CONTAINER_MODULES}) or (command = "modprobe" and args in (${CONTAINER_MODULES})))`],
    enabled: true,
  },

  // --- file integrity --------------------------------------------------------------------------------
  {
    name: 'File: /etc/passwd or /etc/group modified',
    type: 'File',
    title: '{{filename}} modified by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'The local account or group database changed. Appending a uid-0 line to /etc/passwd is a one-step backdoor; verify the change against a change request.',
    aggregateFields: ['exe', 'user'],
    filter: 'event_type = "file" and type in ("modify", "delete") and filename in ("/etc/passwd", "/etc/group")',
    window: HOUR,
    threshold: 1,
    // Account tools run by automation; the account change itself is reported by the User Activity rules.
    suppressions: [
      `exe in ("/usr/sbin/useradd", "/usr/sbin/usermod", "/usr/sbin/userdel", "/usr/sbin/groupadd", "/usr/sbin/groupmod", "/usr/sbin/groupdel") and session = ${NO_SESSION}`,
    ],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/passwd', recursive: false },
      { path: '/etc/group', recursive: false },
    ],
    eventsToMonitor: ['modify', 'delete'],
  },
  {
    name: 'File: /etc/shadow or /etc/gshadow modified',
    type: 'File',
    title: '{{filename}} modified by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'Password hashes changed outside an interactive passwd run. A changed root hash or a new hash on a service account is how attackers keep access.',
    aggregateFields: ['filename', 'user'],
    filter: 'event_type = "file" and type in ("modify", "delete") and filename in ("/etc/shadow", "/etc/gshadow")',
    window: HOUR,
    threshold: 1,
    suppressions: ['exe in ("/usr/bin/passwd", "/usr/bin/chage") and tty not in (null, "(none)")'],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/shadow', recursive: false },
      { path: '/etc/gshadow', recursive: false },
    ],
    eventsToMonitor: ['modify', 'delete'],
  },
  {
    name: 'File: /etc/shadow read by an unexpected process',
    type: 'File',
    title: '{{filename}} read by {{command}} as {{user}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A process other than the login and account tools opened the password hash file, e.g. to crack the hashes offline. Disabled by default because monitoring opens costs more agent CPU.',
    aggregateFields: ['command', 'user'],
    filter:
      'event_type = "file" and type = "open" and filename in ("/etc/shadow", "/etc/gshadow") and command not in ("sshd", "login", "su", "sudo", "passwd", "chpasswd", "chage", "unix_chkpwd", "useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel", "pwck", "grpck", "vipw", "cron", "crond", "systemd", "systemd-logind", "polkitd", "sssd", "nscd")',
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: false,
    fileIntegrityPaths: [
      { path: '/etc/shadow', recursive: false },
      { path: '/etc/gshadow', recursive: false },
    ],
    eventsToMonitor: ['open'],
  },
  {
    name: 'File: sudoers modified',
    type: 'File',
    title: '{{filename}} changed by {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'The sudo policy changed. A NOPASSWD line for a service account or a new file in /etc/sudoers.d grants root without a password; compare with configuration management.',
    aggregateFields: ['filename', 'user'],
    filter: 'event_type = "file" and type in ("modify", "delete", "attrib") and (filename = "/etc/sudoers" or filename starts_with "/etc/sudoers.d/")',
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS})`],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/sudoers', recursive: false },
      { path: '/etc/sudoers.d', recursive: true },
    ],
    eventsToMonitor: ['modify', 'delete', 'attrib'],
  },
  {
    name: 'File: cron configuration modified',
    type: 'File',
    title: 'Cron file {{filename}} modified by {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A system or user crontab changed. Cron is the most common persistence mechanism on Linux (miners, reverse shells that reconnect every minute); read the new entry.',
    aggregateFields: ['filename', 'user'],
    filter: String.raw`event_type = "file" and type in ("modify", "delete") and filename matches "^(/etc/(crontab|anacrontab|cron\.(d|hourly|daily|weekly|monthly)/)|/var/spool/cron/)"`,
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS})`],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/crontab', recursive: false },
      { path: '/etc/anacrontab', recursive: false },
      { path: '/etc/cron.d', recursive: true },
      { path: '/etc/cron.hourly', recursive: true },
      { path: '/etc/cron.daily', recursive: true },
      { path: '/etc/cron.weekly', recursive: true },
      { path: '/etc/cron.monthly', recursive: true },
      { path: '/var/spool/cron', recursive: true },
    ],
    eventsToMonitor: ['modify', 'delete'],
  },
  {
    name: 'File: systemd unit created or modified',
    type: 'File',
    title: 'Systemd unit {{filename}} changed by {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A systemd service, timer, socket or path unit (or a drop-in override) was written or enabled outside a package install. Attackers add units to survive reboots; check ExecStart.',
    aggregateFields: ['filename', 'command'],
    filter: String.raw`event_type = "file" and type = "modify" and filename matches "^/(etc|lib|usr/lib)/systemd/(system|user)/.*\.(service|timer|socket|path)(\.d/[^/]*\.conf)?$|/\.config/systemd/user/.*\.(service|timer)$"`,
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS}) or parent_command in (${PACKAGE_TOOLS})`],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/systemd/system', recursive: true },
      { path: '/lib/systemd/system', recursive: true },
      { path: '/usr/lib/systemd/system', recursive: true },
    ],
    eventsToMonitor: ['modify'],
  },
  {
    name: 'File: SSH authorized_keys modified',
    type: 'File',
    title: 'authorized_keys changed: {{filename}} by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'An SSH authorized_keys file changed. Adding a key is the quietest way to keep access; keys should only be deployed by configuration management.',
    aggregateFields: ['filename', 'user'],
    filter: 'event_type = "file" and type in ("modify", "attrib") and (filename ends_with "/.ssh/authorized_keys" or filename ends_with "/.ssh/authorized_keys2")',
    window: HOUR,
    threshold: 1,
    suppressions: ['user = "ansible"', 'command = "cloud-init"'],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/root/.ssh', recursive: false },
      { path: '/home', recursive: true },
    ],
    eventsToMonitor: ['modify', 'attrib'],
  },
  {
    name: 'File: dynamic linker preload configured',
    type: 'File',
    title: '/etc/ld.so.preload changed by {{exe}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'The file that makes every dynamically linked program load a library changed. Userland rootkits (Jynx, Azazel, libprocesshider) use it to hide processes and files.',
    aggregateFields: ['exe', 'user'],
    filter: 'event_type = "file" and type in ("modify", "attrib") and filename = "/etc/ld.so.preload"',
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
    fileIntegrityPaths: [{ path: '/etc/ld.so.preload', recursive: false }],
    eventsToMonitor: ['modify', 'attrib'],
  },
  {
    name: 'File: SSH daemon configuration changed',
    type: 'File',
    title: '{{filename}} changed by {{command}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'The sshd configuration changed. Check PermitRootLogin, PasswordAuthentication and AuthorizedKeysFile; attackers loosen them to keep access.',
    aggregateFields: ['filename', 'user'],
    filter: 'event_type = "file" and type in ("modify", "delete") and (filename = "/etc/ssh/sshd_config" or filename starts_with "/etc/ssh/sshd_config.d/")',
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS})`],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/etc/ssh/sshd_config', recursive: false },
      { path: '/etc/ssh/sshd_config.d', recursive: true },
    ],
    eventsToMonitor: ['modify', 'delete'],
  },
  {
    name: 'File: system binary modified outside the package manager',
    type: 'File',
    title: 'System binary {{filename}} modified by {{command}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A file in a system bin directory was replaced, deleted or had its permissions changed by something other than the package manager. Trojanised ps, ls, netstat and sshd binaries hide an intruder.',
    aggregateFields: ['filename', 'command'],
    filter: 'event_type = "file" and type in ("modify", "delete", "attrib") and filename matches "^/(usr/(local/)?)?s?bin/"',
    window: HOUR,
    threshold: 1,
    suppressions: [`command in (${PACKAGE_TOOLS}, "snapd") or parent_command in (${PACKAGE_TOOLS})`],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/bin', recursive: false },
      { path: '/sbin', recursive: false },
      { path: '/usr/bin', recursive: false },
      { path: '/usr/sbin', recursive: false },
      { path: '/usr/local/bin', recursive: false },
      { path: '/usr/local/sbin', recursive: false },
    ],
    eventsToMonitor: ['modify', 'delete', 'attrib'],
  },
  {
    name: 'File: log file deleted or truncated',
    type: 'File',
    title: 'Log file {{filename}} removed by {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A live log under /var/log was deleted or truncated by something other than log rotation. Clearing auth.log, secure or wtmp is how intruders cover their tracks.',
    aggregateFields: ['filename', 'command'],
    filter: 'event_type = "file" and filename starts_with "/var/log/" and (type = "delete" or syscall in ("truncate", "ftruncate"))',
    window: HOUR,
    threshold: 1,
    suppressions: [
      'command in ("logrotate", "systemd-journal", "journalctl", "unattended-upgr")',
      // rotated archives (auth.log.1, syslog.2.gz) age out normally
      String.raw`filename matches "\.([0-9]+|gz|xz|bz2|zst|old)$"`,
    ],
    enabled: true,
    fileIntegrityPaths: [{ path: '/var/log', recursive: true }],
    eventsToMonitor: ['modify', 'delete'],
  },
  {
    name: 'File: shell history cleared or deleted',
    type: 'File',
    title: 'Shell history {{filename}} cleared by {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A shell history file was deleted, truncated or replaced (for example by a symlink to /dev/null). Someone is hiding the commands they ran.',
    aggregateFields: ['filename', 'user'],
    filter: String.raw`event_type = "file" and filename matches "/\.[a-z]*_?history$" and (type = "delete" or syscall in ("truncate", "ftruncate"))`,
    window: HOUR,
    threshold: 1,
    suppressions: [],
    enabled: true,
    fileIntegrityPaths: [
      { path: '/root', recursive: false },
      { path: '/home', recursive: true },
    ],
    eventsToMonitor: ['modify', 'delete'],
  },
];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The default rule set new organizations start with. Deeply frozen: copy a rule
 * (`structuredClone(rule)`) before changing it.
 *
 * ```ts
 * for (const rule of BASE_RULE_SET.rules) await rules.create(rulesetId, structuredClone(rule));
 * ```
 */
export const BASE_RULE_SET: { readonly name: 'Base Rule Set'; readonly description: string; readonly rules: readonly DefaultRule[] } = deepFreeze({
  name: 'Base Rule Set' as const,
  description:
    'Default host and file integrity rules for Linux servers: web shells, reverse shells, miners, privilege changes, persistence (cron, systemd, SSH keys), tampering with logs and audit, and container escapes.',
  rules,
});
