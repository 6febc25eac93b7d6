/**
 * The fallback when kernel audit is not available: /proc is listed at an interval and every process that was
 * not there before is reported as an execution (`audit`/`start`), with what /proc still says about it. It is
 * marked degraded because it cannot see what audit sees: a process that starts and ends between two scans is
 * missed, and connections, privilege changes and module loads are not reported at all.
 * @module
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { SourceStatus } from '../audit/audit-source.js';
import type { HostEvent, HostLookups } from '../audit/to-event.js';

export interface ProcScannerOptions {
  lookups: HostLookups;
  onEvent(event: HostEvent): void;
  /** default 1 s */
  intervalMs?: number;
  /** why audit is not used, for the status */
  reason?: string;
  procRoot?: string;
}

export interface ProcScanner {
  readonly status: SourceStatus;
  stop(): void;
}

/** The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and parentheses). */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * ```ts
 * const scanner = startProcScanner({ lookups: procLookups(), onEvent: (e) => shipper.add(e), reason: audit.status.message });
 * ```
 */
export function startProcScanner(options: ProcScannerOptions): ProcScanner {
  const procRoot = options.procRoot ?? '/proc';
  const ticksPerSecond = 100; // USER_HZ on every Linux architecture the agent runs on
  const bootMs = Number(/^btime (\d+)$/m.exec(readFileSync(`${procRoot}/stat`, 'utf8'))?.[1] ?? 0) * 1000;
  const status: SourceStatus = {
    state: 'degraded',
    message: `${options.reason ? `${options.reason}; ` : ''}/proc is scanned every ${(options.intervalMs ?? 1000) / 1000} s instead: short-lived processes are missed, connections are not seen`,
    eventsRead: 0,
    errors: 0,
  };
  /** pid → start time in ticks, so a reused pid counts as a new process */
  let known = new Map<number, string>();

  const scan = (report: boolean) => {
    const seen = new Map<number, string>();
    let pids: number[];
    try {
      pids = readdirSync(procRoot).filter((name) => /^\d+$/.test(name)).map(Number);
    } catch {
      status.errors += 1;
      return;
    }
    for (const pid of pids) {
      let fields: string[];
      try {
        fields = statFields(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
      } catch {
        continue; // gone already
      }
      const startTicks = fields[19]!;
      seen.set(pid, startTicks);
      if (!report || known.get(pid) === startTicks) continue;
      const event = processEvent(pid, Number(fields[1]), bootMs + (Number(startTicks) * 1000) / ticksPerSecond);
      if (event) {
        status.eventsRead += 1;
        options.onEvent(event);
      }
    }
    known = seen;
  };

  const processEvent = (pid: number, ppid: number, startedAt: number): HostEvent | undefined => {
    const facts = options.lookups.process(pid);
    if (facts?.args === undefined) return undefined; // a kernel thread
    const event: HostEvent = { event_type: 'audit', type: 'start', syscall: 'execve', success: true, timestamp: Math.round(startedAt), pid, ppid };
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`${procRoot}/${pid}/status`, 'utf8'))?.[1]);
      if (Number.isInteger(uid)) {
        event.uid = uid;
        const user = options.lookups.userName(uid);
        if (user !== undefined) event.user = user;
      }
      event.cwd = readlinkSync(`${procRoot}/${pid}/cwd`);
    } catch {
      // what could not be read is left out
    }
    if (facts.exe !== undefined) event.exe = facts.exe;
    if (facts.command !== undefined) event.command = facts.command;
    event.args = facts.args;
    const parent = options.lookups.process(ppid);
    if (parent?.exe !== undefined) event.parent_exe = parent.exe;
    if (parent?.command !== undefined) event.parent_command = parent.command;
    if (parent?.args !== undefined) event.parent_args = parent.args;
    const container = options.lookups.containerId(pid);
    if (container !== undefined) event.container_id = container;
    return event;
  };

  scan(false); // what runs already is the baseline, not news
  const timer = setInterval(() => scan(true), options.intervalMs ?? 1000);
  timer.unref();
  return {
    status,
    stop() {
      clearInterval(timer);
      status.state = 'stopped';
    },
  };
}
