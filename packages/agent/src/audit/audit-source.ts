/**
 * The kernel audit source: installs the agent's tagged audit rules, follows auditd's log, joins records into
 * events and hands each host event on; on stop it removes its rules (and switches auditing off again if it
 * switched it on). Its status says honestly what it is doing, for `vigil-agent status` and the server's
 * `agentModuleHealth`.
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { followLines } from '../host/line-follower.js';
import { AuditAssembler } from './assembler.js';
import { installAuditRules, readLostCount, removeAuditRules, type AuditctlRunner, type InstalledAuditRules } from './audit-rules.js';
import { parseAuditRecord } from './record.js';
import { toHostEvent, type HostEvent, type HostLookups } from './to-event.js';

export type SourceState = 'starting' | 'running' | 'degraded' | 'failed' | 'stopped';

export interface SourceStatus {
  state: SourceState;
  /** why it is not simply running */
  message?: string;
  eventsRead: number;
  errors: number;
  /** records the kernel dropped since the source started (its backlog was full): events never seen */
  lostInKernel?: number;
}

export interface AuditSourceOptions {
  lookups: HostLookups;
  onEvent(event: HostEvent): void;
  /** the tag on the agent's rules (default `vigil-agent`) */
  key?: string;
  /** auditd's log (default {@link AUDITD_LOG}) */
  logPath?: string;
  auditctl?: AuditctlRunner;
  now?: () => number;
  /** how often the kernel's lost-record count is read (default 10 s) */
  lostCheckMs?: number;
}

const run = promisify(execFile);

/** Where auditd writes its log unless its configuration says otherwise. */
export const AUDITD_LOG = '/var/log/audit/audit.log';

/** auditctl from PATH (or /sbin), its output as text. */
export const systemAuditctl: AuditctlRunner = async (args) => {
  const { stdout } = await run('auditctl', [...args], { env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  return stdout;
};

export interface AuditSource {
  readonly status: SourceStatus;
  stop(): Promise<void>;
}

/**
 * Starts the source. It never throws: a host without audit (no auditctl, no permission, rules locked, no
 * auditd log) answers a source whose status is `failed` with the reason, and the agent falls back to the
 * /proc scanner.
 *
 * ```ts
 * const source = await startAuditSource({ lookups: procLookups(), onEvent: (e) => batcher.add(e) });
 * ```
 */
export async function startAuditSource(options: AuditSourceOptions): Promise<AuditSource> {
  const auditctl = options.auditctl ?? systemAuditctl;
  const key = options.key ?? 'vigil-agent';
  const now = options.now ?? Date.now;
  const status: SourceStatus = { state: 'starting', eventsRead: 0, errors: 0 };
  const assembler = new AuditAssembler();
  const emit = (events: ReturnType<AuditAssembler['expire']>) => {
    for (const auditEvent of events) {
      // Only what the agent's own rules recorded: other rules (an administrator's) are theirs to read.
      if (auditEvent.records.find((r) => r.type === 'SYSCALL')?.fields.key !== key) continue;
      const event = toHostEvent(auditEvent, options.lookups);
      if (event === undefined) continue;
      status.eventsRead += 1;
      options.onEvent(event);
    }
  };
  const follower = followLines(options.logPath ?? AUDITD_LOG, {
    onLines(lines) {
      const at = now();
      for (const line of lines) {
        const record = parseAuditRecord(line);
        if (record === undefined) continue;
        emit(assembler.push(record, at));
      }
      if (status.state !== 'running' && status.state !== 'stopped') {
        status.state = 'running';
        delete status.message;
      }
    },
    onError(err) {
      status.errors += 1;
      status.state = 'degraded';
      status.message = `cannot read auditd's log: ${describe(err)}`;
    },
  });
  // The log is open (at its end) before the rules go in, so nothing they record is missed.
  await follower.ready;
  let installed: InstalledAuditRules | undefined;
  try {
    installed = await installAuditRules(auditctl, key);
  } catch (err) {
    status.state = 'failed';
    const missing = (err as { code?: string }).code === 'ENOENT';
    status.message = `kernel audit is not available: ${missing ? 'auditctl is not installed (apt-get install auditd)' : describe(err)}`;
    await follower.stop();
    return { status, stop: async () => {} };
  }

  const expiry = setInterval(() => emit(assembler.expire(now())), 250);
  expiry.unref();
  if (status.state === 'starting') status.state = 'running';
  status.lostInKernel = 0;
  const rules = installed;
  // Records the kernel drops never reach the log: counting them is how a burst stays accounted for.
  const countLost = async () => {
    const lost = await readLostCount(auditctl).catch(() => undefined);
    if (lost !== undefined) status.lostInKernel = Math.max(0, lost - rules.lostAtInstall);
  };
  const lostCheck = setInterval(() => void countLost(), options.lostCheckMs ?? 10_000);
  lostCheck.unref();

  return {
    status,
    async stop() {
      clearInterval(expiry);
      clearInterval(lostCheck);
      await countLost();
      await follower.stop();
      emit(assembler.drain());
      if (installed) await removeAuditRules(auditctl, installed).catch(() => {});
      status.state = 'stopped';
    },
  };
}

function describe(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n')[0]!;
}
