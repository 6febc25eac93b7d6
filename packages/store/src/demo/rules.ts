/**
 * Rulesets and rules of the demo organization, written the way a security team would tune Threat Stack
 * host rules. `scenario` names the event generator in `scenarios.ts`; `weight` is how often the rule fires
 * relative to other rules of the same severity.
 * @module
 */

import type { FileIntegrityPath, NewRule } from '../repos/rulesets-types.js';
import type { HostRole } from './hosts.js';
import type { ScenarioName } from './scenarios.js';

export type RulesetKey = 'base' | 'hardening';

export interface RulesetDefinition {
  key: RulesetKey;
  name: string;
  description: string;
  /** days before `now` the ruleset was created */
  ageDays: number;
}

/** A rule as stored (see `NewRule`), plus where it lives and how the demo makes it fire. */
export interface RuleDefinition
  extends Pick<
    NewRule,
    | 'name'
    | 'title'
    | 'severityOfAlerts'
    | 'alertDescription'
    | 'aggregateFields'
    | 'filter'
    | 'window'
    | 'threshold'
    | 'suppressions'
    | 'enabled'
  > {
  ruleset: RulesetKey;
  type: 'Host' | 'File';
  /** File rules: the watched paths (the REST API requires at least one) */
  fileIntegrityPaths?: readonly FileIntegrityPath[];
  /** event generator; null for rules that never fire in the demo window */
  scenario: ScenarioName | null;
  /** relative frequency among rules of the same severity */
  weight: number;
  /** roles the rule fires on most (70 % of its alerts); any host otherwise */
  roles?: readonly HostRole[];
  /** driven by people: mostly during US business hours */
  human?: boolean;
}

export const RULESETS: readonly RulesetDefinition[] = [
  {
    key: 'base',
    name: 'Base Rule Set',
    description: 'Default host and file integrity rules applied to every agent.',
    ageDays: 190,
  },
  {
    key: 'hardening',
    name: 'Production Hardening',
    description: 'High-signal rules for internet-facing and production workloads.',
    ageDays: 96,
  },
];

export const RULES: readonly RuleDefinition[] = [
  {
    ruleset: 'base',
    name: 'User Activity: sudo by non-admin',
    type: 'Host',
    title: 'Sudo by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'A user outside the admin group ran sudo. Confirm the command was expected and that the user still needs elevated access.',
    aggregateFields: ['user', 'command'],
    filter: 'event_type = "audit" and command = "sudo" and user != "root"',
    window: 3600,
    threshold: 1,
    suppressions: ['user = "ansible" and tty = "(none)"', 'user = "deploy" and arguments = "sudo systemctl reload nginx"'],
    enabled: true,
    scenario: 'sudo',
    weight: 6,
    roles: ['bastion', 'db', 'web', 'ci'],
    human: true,
  },
  {
    ruleset: 'base',
    name: 'Package manager run outside maintenance',
    type: 'Host',
    title: '{{command}} run by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription:
      'A package manager was run from an interactive terminal. Production packages should only change through the image pipeline or the Tuesday maintenance window.',
    aggregateFields: ['command', 'user'],
    filter: 'event_type = "audit" and syscall = "execve" and command in ("apt", "apt-get", "dpkg", "yum", "dnf", "rpm") and tty != "(none)"',
    window: 3600,
    threshold: 1,
    suppressions: ['command = "rpm" and arguments starts_with "rpm -q"'],
    enabled: true,
    scenario: 'packageManager',
    weight: 4,
    human: true,
  },
  {
    ruleset: 'base',
    name: 'User Activity: account or group changed',
    type: 'Host',
    title: '{{command}} run by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription: 'A local account or group was created or modified. Local accounts should be managed by configuration management only.',
    aggregateFields: ['command', 'arguments'],
    filter: 'event_type = "audit" and syscall = "execve" and command in ("useradd", "adduser", "usermod", "groupadd", "gpasswd")',
    window: 3600,
    threshold: 1,
    suppressions: [],
    enabled: true,
    scenario: 'accountChange',
    weight: 1,
    human: true,
  },
  {
    ruleset: 'base',
    name: 'User Activity: interactive login',
    type: 'Host',
    title: 'Login by {{user}} on {{hostname}}',
    severityOfAlerts: 3,
    alertDescription: 'Any interactive login. Disabled: too noisy on the bastions; kept for incident response.',
    aggregateFields: ['user', 'src_ip'],
    filter: 'event_type = "audit" and type = "login"',
    window: 3600,
    threshold: 1,
    suppressions: [],
    enabled: false,
    scenario: null,
    weight: 0,
  },
  {
    ruleset: 'base',
    name: 'Network: outbound connection to unusual port',
    type: 'Host',
    title: 'Outbound connection to {{dst_ip}}:{{port}} by {{exe}}',
    severityOfAlerts: 2,
    alertDescription:
      'A process connected to a public address on a port outside the egress allow list. Common for reverse shells, IRC-based botnets and exfiltration.',
    aggregateFields: ['exe', 'dst_ip', 'port'],
    filter:
      'event_type = "connect" and connect_type = "outbound" and dst_port not in (22, 25, 53, 80, 123, 443, 587, 5432, 6379, 9200) and dst_ip not starts_with "10."',
    window: 3600,
    threshold: 1,
    suppressions: ['exe = "/usr/bin/node_exporter"', 'dst_port = 3478 and exe = "/usr/bin/coturn"'],
    enabled: true,
    scenario: 'outboundUnusualPort',
    weight: 5,
    roles: ['web', 'api', 'worker', 'k8s'],
  },
  {
    ruleset: 'base',
    name: 'File: /etc/passwd modified',
    type: 'File',
    title: '/etc/passwd modified by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription: 'The local account database changed. Verify a matching change request exists.',
    aggregateFields: ['exe', 'user'],
    filter: 'event_type = "file" and filename = "/etc/passwd" and syscall in ("write", "rename")',
    fileIntegrityPaths: [{ path: '/etc/passwd', recursive: false }],
    window: 3600,
    threshold: 1,
    suppressions: ['exe = "/usr/sbin/useradd" and session = "4294967295"'],
    enabled: true,
    scenario: 'passwdModified',
    weight: 2,
    human: true,
  },
  {
    ruleset: 'base',
    name: 'Kernel module loaded',
    type: 'Host',
    title: 'Kernel module loaded by {{command}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription:
      'A kernel module was loaded after boot. Rootkits (Diamorphine, Reptile) load this way; so do legitimate drivers, so check the module name.',
    aggregateFields: ['command', 'arguments'],
    filter: 'event_type = "audit" and syscall in ("init_module", "finit_module")',
    window: 3600,
    threshold: 1,
    suppressions: ['command = "modprobe" and arguments in ("modprobe overlay", "modprobe br_netfilter") and session = "4294967295"'],
    enabled: true,
    scenario: 'kernelModule',
    weight: 2,
    roles: ['k8s', 'ci', 'vpn'],
  },
  {
    ruleset: 'base',
    name: 'SSH login as root',
    type: 'Host',
    title: 'Root SSH login from {{src_ip}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription: 'Someone logged in as root over SSH. PermitRootLogin should be "no" everywhere; use personal accounts and sudo.',
    aggregateFields: ['src_ip', 'user'],
    filter: 'event_type = "audit" and type = "login" and exe = "/usr/sbin/sshd" and user = "root"',
    window: 3600,
    threshold: 1,
    suppressions: [],
    enabled: true,
    scenario: 'sshRoot',
    weight: 3,
    roles: ['bastion', 'db', 'directory'],
  },
  {
    ruleset: 'base',
    name: 'Process: reverse shell pattern',
    type: 'Host',
    title: 'Possible reverse shell by {{user}}: {{exe}}',
    severityOfAlerts: 1,
    alertDescription:
      'A shell was started with its standard streams bound to a network socket (bash /dev/tcp, nc -e, python pty). Isolate the host and capture memory before rebooting.',
    aggregateFields: ['user', 'exe'],
    filter:
      'event_type = "audit" and syscall = "execve" and (arguments contains "/dev/tcp/" or (command in ("nc", "ncat") and arguments contains "-e") or arguments contains "pty.spawn")',
    window: 3600,
    threshold: 1,
    suppressions: [],
    enabled: true,
    scenario: 'reverseShell',
    weight: 2,
    roles: ['web', 'api', 'worker'],
  },
  {
    ruleset: 'base',
    name: 'Process: crypto miner',
    type: 'Host',
    title: 'Crypto miner {{command}} started by {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A known cryptocurrency miner binary or a stratum pool URL was executed. Usually follows exploitation of an exposed service or a poisoned container image.',
    aggregateFields: ['exe', 'user'],
    filter:
      'event_type = "audit" and syscall = "execve" and (command in ("xmrig", "kdevtmpfsi", "minerd", "cpuminer") or arguments contains "stratum+tcp://")',
    window: 3600,
    threshold: 1,
    suppressions: [],
    enabled: true,
    scenario: 'cryptoMiner',
    weight: 3,
    roles: ['k8s', 'ci', 'web'],
  },
  {
    ruleset: 'hardening',
    name: 'Process: shell spawned by web service account',
    type: 'Host',
    title: 'Shell spawned as {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription:
      'A shell ran as a web or application service account. Web processes should never need a shell; this is the classic sign of a web shell or RCE.',
    aggregateFields: ['user', 'arguments'],
    filter: 'event_type = "audit" and syscall = "execve" and user in ("www-data", "nginx", "app") and command in ("sh", "bash", "dash")',
    window: 3600,
    threshold: 1,
    suppressions: ['user = "www-data" and arguments = "sh -c /usr/sbin/sendmail -t -i"'],
    enabled: true,
    scenario: 'webShell',
    weight: 4,
    roles: ['web', 'api', 'worker'],
  },
  {
    ruleset: 'hardening',
    name: 'File: sudoers or shadow modified',
    type: 'File',
    title: '{{filename}} modified by {{user}} on {{hostname}}',
    severityOfAlerts: 1,
    alertDescription: 'Privilege configuration or password hashes changed outside configuration management.',
    aggregateFields: ['filename', 'user'],
    filter:
      'event_type = "file" and (filename in ("/etc/shadow", "/etc/sudoers") or filename starts_with "/etc/sudoers.d/") and syscall in ("write", "rename", "unlink")',
    fileIntegrityPaths: [
      { path: '/etc/shadow', recursive: false },
      { path: '/etc/sudoers', recursive: false },
      { path: '/etc/sudoers.d', recursive: true },
    ],
    window: 3600,
    threshold: 1,
    suppressions: ['exe = "/usr/bin/passwd" and user = "root" and session = "4294967295"'],
    enabled: true,
    scenario: 'privilegeFiles',
    weight: 3,
  },
  {
    ruleset: 'hardening',
    name: 'File: SSH authorized_keys modified',
    type: 'File',
    title: 'authorized_keys changed by {{exe}} on {{hostname}}',
    severityOfAlerts: 2,
    alertDescription: 'An SSH authorized_keys file changed. Attackers add keys for persistence; keys should only be deployed by Ansible.',
    aggregateFields: ['filename', 'user'],
    filter: 'event_type = "file" and filename ends_with "/.ssh/authorized_keys" and syscall in ("write", "rename")',
    fileIntegrityPaths: [
      { path: '/root/.ssh', recursive: false },
      { path: '/home', recursive: true },
    ],
    window: 3600,
    threshold: 1,
    suppressions: ['user = "ansible" and exe = "/usr/bin/python3"'],
    enabled: true,
    scenario: 'authorizedKeys',
    weight: 3,
    roles: ['bastion', 'web', 'db'],
  },
];
