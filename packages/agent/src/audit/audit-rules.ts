/**
 * The kernel audit rules the agent installs, each tagged with its key so that it removes exactly its own on
 * exit (an administrator's rules are left alone), and the audit-enabled switch and backlog limit, put back as
 * they were found.
 * @module
 */

/** Runs auditctl with these arguments and answers its standard output; rejects when it fails. */
export type AuditctlRunner = (args: readonly string[]) => Promise<string>;

/** The syscall groups the agent audits: executions, connections, privilege changes, module loads. */
const SYSCALL_GROUPS: readonly (readonly string[])[] = [
  ['execve', 'execveat'],
  ['connect', 'accept', 'accept4'],
  ['setuid', 'setreuid', 'setresuid', 'setgid', 'setregid', 'setresgid', 'capset'],
  ['init_module', 'finit_module', 'delete_module'],
];

/**
 * auditctl argument lists for `key`, one rule per syscall group, 64-bit. (32-bit syscalls on x86_64 would need
 * `arch=b32` rules with other names; the agent reports 64-bit processes.)
 *
 * ```ts
 * auditRuleArgs('vigil-agent')[0]; // ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-S', 'execveat', '-k', 'vigil-agent']
 * ```
 */
export function auditRuleArgs(key: string): string[][] {
  return SYSCALL_GROUPS.map((group) => ['-a', 'always,exit', '-F', 'arch=b64', ...group.flatMap((s) => ['-S', s]), '-k', key]);
}

/**
 * The kernel's queue of records waiting for auditd. The kernel's default (64) overflows within a burst of a few
 * hundred execs a second and the records are lost; 8192 is what auditd's own rules file sets.
 */
export const MIN_BACKLOG_LIMIT = 8192;

/** What installing changed, so that removing can put it back. */
export interface InstalledAuditRules {
  key: string;
  /** auditing was off (`enabled 0`) and the agent switched it on */
  enabledByAgent: boolean;
  /** the backlog limit the agent found and raised to {@link MIN_BACKLOG_LIMIT} */
  backlogLimitBefore?: number;
  /** the kernel's count of records lost (backlog full, rate limit) when the rules went in */
  lostAtInstall: number;
}

/** A number from `auditctl -s`'s `name value` lines. */
function statusNumber(status: string, name: string): number | undefined {
  const value = new RegExp(`^${name} (\\d+)`, 'm').exec(status)?.[1];
  return value === undefined ? undefined : Number(value);
}

/** The kernel's count of audit records lost since boot (`lost` in `auditctl -s`). */
export async function readLostCount(run: AuditctlRunner): Promise<number | undefined> {
  return statusNumber(await run(['-s']), 'lost');
}

/**
 * Switches auditing on if it is off, raises a small backlog limit, removes rules left under `key` by an
 * earlier run that did not exit cleanly, then adds the agent's rules.
 */
export async function installAuditRules(run: AuditctlRunner, key: string): Promise<InstalledAuditRules> {
  const status = await run(['-s']);
  const enabled = /^enabled (\d)/m.exec(status)?.[1];
  if (enabled === undefined) throw new Error(`auditctl -s answered something unexpected: ${status.split('\n')[0]}`);
  if (enabled === '2') throw new Error('the audit rules are locked (auditctl -e 2) until the next reboot; the agent cannot add its own');
  // Without auditd the kernel sends records to the kernel log, not to the file the agent reads.
  if (/^pid 0$/m.test(status)) throw new Error('auditd is not running (start it: systemctl start auditd, or run auditd)');
  const enabledByAgent = enabled === '0';
  if (enabledByAgent) await run(['-e', '1']);
  const backlogLimit = statusNumber(status, 'backlog_limit');
  const raiseBacklog = backlogLimit !== undefined && backlogLimit < MIN_BACKLOG_LIMIT;
  if (raiseBacklog) await run(['-b', String(MIN_BACKLOG_LIMIT)]);
  await removeRulesWithKey(run, key);
  for (const args of auditRuleArgs(key)) await run(args);
  return { key, enabledByAgent, ...(raiseBacklog ? { backlogLimitBefore: backlogLimit } : {}), lostAtInstall: statusNumber(status, 'lost') ?? 0 };
}

/** Removes the agent's rules and puts back the backlog limit and the audit switch the agent changed. */
export async function removeAuditRules(run: AuditctlRunner, installed: InstalledAuditRules): Promise<void> {
  await removeRulesWithKey(run, installed.key);
  if (installed.backlogLimitBefore !== undefined) await run(['-b', String(installed.backlogLimitBefore)]);
  if (installed.enabledByAgent) await run(['-e', '0']);
}

/** `auditctl -D -k` deletes the rules carrying the key (and says "No rules" when there are none). */
async function removeRulesWithKey(run: AuditctlRunner, key: string): Promise<void> {
  await run(['-D', '-k', key]);
}
