/**
 * Unix accounts seen in the demo events: engineers with interactive sessions, automation accounts and the
 * service users the daemons run as. Attacker-controlled addresses use the documentation (TEST-NET) ranges.
 * @module
 */

import type { HostRole } from './hosts.js';

export interface Account {
  user: string;
  uid: number;
}

/** Engineers (interactive SSH sessions through the bastions). */
export const ENGINEERS: readonly Account[] = [
  { user: 'mgarcia', uid: 1001 },
  { user: 'tnguyen', uid: 1002 },
  { user: 'ssmith', uid: 1003 },
  { user: 'kpatel', uid: 1004 },
  { user: 'jchen', uid: 1005 },
  { user: 'oadeyemi', uid: 1006 },
];

/** Automation accounts that run sudo non-interactively or from CI. */
export const AUTOMATION: readonly Account[] = [
  { user: 'deploy', uid: 1010 },
  { user: 'ansible', uid: 1011 },
];

export const ROOT: Account = { user: 'root', uid: 0 };

/** The account the main service of a role runs as (what an exploited service executes as). */
export const SERVICE_ACCOUNT: Record<HostRole, Account> = {
  web: { user: 'www-data', uid: 33 },
  api: { user: 'app', uid: 995 },
  worker: { user: 'app', uid: 995 },
  db: { user: 'postgres', uid: 26 },
  cache: { user: 'redis', uid: 103 },
  k8s: ROOT,
  bastion: { user: 'nobody', uid: 65534 },
  ci: { user: 'gitlab-runner', uid: 998 },
  vpn: { user: 'nobody', uid: 65534 },
  monitoring: { user: 'prometheus', uid: 997 },
  directory: { user: 'ldap', uid: 55 },
};

/** Office egress addresses engineers connect from. */
export const OFFICE_IPS: readonly string[] = ['198.51.100.23', '198.51.100.24', '198.51.100.87'];

/** Attacker / unknown internet addresses (command and control, scanners, mining pools). */
export const HOSTILE_IPS: readonly string[] = [
  '203.0.113.45',
  '203.0.113.77',
  '203.0.113.150',
  '203.0.113.201',
  '192.0.2.66',
  '192.0.2.134',
];

/** `session` value auditd reports for processes with no login session (daemons, cron, cloud-init). */
export const NO_SESSION = 4294967295;
