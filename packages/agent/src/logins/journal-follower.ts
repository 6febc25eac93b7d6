/**
 * Follows the systemd journal through `journalctl -o json -f`, one parsed record per line. journalctl is a
 * child process that can exit (journald restarted, the journal rotated away, killed): it is started again
 * after a growing pause, from the cursor of the last record read, so nothing is read twice or skipped.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface JournalFollowerOptions {
  /** the journalctl to run (default `journalctl` from PATH) */
  journalctl?: string;
  /** journal matches, e.g. `SYSLOG_FACILITY=4` (several of one field are alternatives) */
  matches: readonly string[];
  onRecord(record: Record<string, unknown>): void;
  /** a line that is not a JSON object */
  onBadLine(line: string): void;
  /** journalctl is running (again) */
  onRunning(): void;
  /** journalctl could not start or exited; it is started again after `restartInMs` */
  onStopped(reason: string, restartInMs: number): void;
  /** how long journalctl must run before a later exit counts as a first failure again (default 30 s) */
  stableAfterMs?: number;
}

export interface JournalFollower {
  stop(): Promise<void>;
}

/**
 * The pause before restart number `attempt` (1, 2, …): 1 s doubling to at most a minute, so a journalctl that
 * exits at once costs one start a minute, never a busy loop.
 *
 * ```ts
 * journalRestartDelayMs(1); // 1000
 * journalRestartDelayMs(10); // 60000
 * ```
 */
export function journalRestartDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 60_000);
}

/**
 * ```ts
 * const follower = followJournal({ matches: ['SYSLOG_FACILITY=4'], onRecord: (r) => handle(r), … });
 * await follower.stop();
 * ```
 */
export function followJournal(options: JournalFollowerOptions): JournalFollower {
  const journalctl = options.journalctl ?? 'journalctl';
  const stableAfterMs = options.stableAfterMs ?? 30_000;
  let cursor: string | undefined;
  let child: { proc: ChildProcess; done: Promise<void> } | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let stableTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let stopped = false;

  const start = () => {
    // From where the last journalctl stopped; the first starts at the end (history is not this agent's news).
    const from = cursor !== undefined ? [`--after-cursor=${cursor}`] : ['-n', '0'];
    const proc = spawn(journalctl, ['-o', 'json', '-f', '-q', '--no-pager', ...from, ...options.matches], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin`, SYSTEMD_PAGER: '' },
    });
    let stderr = '';
    let exited = false;
    let finished!: () => void;
    const current = { proc, done: new Promise<void>((resolve) => (finished = resolve)) };
    child = current;
    proc.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    createInterface({ input: proc.stdout!, crlfDelay: Infinity }).on('line', (line) => {
      if (line === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        options.onBadLine(line);
        return;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        options.onBadLine(line);
        return;
      }
      const at = (record as Record<string, unknown>).__CURSOR;
      if (typeof at === 'string') cursor = at;
      options.onRecord(record as Record<string, unknown>);
    });
    proc.once('spawn', () => {
      options.onRunning();
      stableTimer = setTimeout(() => (failures = 0), stableAfterMs);
    });
    const ended = (reason: string) => {
      if (exited) return;
      exited = true;
      finished();
      clearTimeout(stableTimer);
      if (child === current) child = undefined;
      if (stopped) return;
      failures += 1;
      const delay = journalRestartDelayMs(failures);
      options.onStopped(reason, delay);
      restartTimer = setTimeout(start, delay);
    };
    proc.once('error', (err: NodeJS.ErrnoException) => ended(err.code === 'ENOENT' ? `${journalctl} is not installed` : err.message));
    proc.once('close', (code, signal) => {
      const said = stderr.trim().split('\n')[0];
      ended(`journalctl exited (${signal ?? `status ${code}`})${said ? `: ${said}` : ''}`);
    });
  };
  start();

  return {
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      clearTimeout(stableTimer);
      if (child === undefined) return;
      child.proc.kill('SIGTERM');
      await child.done;
    },
  };
}
