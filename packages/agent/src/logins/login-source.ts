/**
 * The login source: logins, logouts, failed logins, sudo and su, read from the systemd journal when the host
 * has one the agent can read (`journalctl -o json -f`, the auth and authpriv facilities), else by following
 * /var/log/auth.log (Debian, Ubuntu) or /var/log/secure (RHEL and its kin) from its end. Like every source it
 * never throws: a host with neither is reported as `failed` with the reason.
 * @module
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';
import type { SourceStatus } from '../audit/audit-source.js';
import type { HostEvent } from '../audit/to-event.js';
import { followLines } from '../host/line-follower.js';
import type { AuthEntry } from './auth-entry.js';
import { followJournal } from './journal-follower.js';
import { parseJournalEntry } from './journal-entry.js';
import { LoginEvents, type UserDirectory } from './login-events.js';
import { parseSyslogLine } from './syslog-line.js';

/** `auto`: the journal if it can be read, else the log file; `journal` or `file`: that one only. */
export type LoginSourceMode = 'auto' | 'journal' | 'file';

export const LOGIN_SOURCE_MODES: readonly LoginSourceMode[] = ['auto', 'journal', 'file'];

/** The syslog files that hold authentication messages, the first that exists is followed. */
export const DEFAULT_AUTH_LOGS: readonly string[] = ['/var/log/auth.log', '/var/log/secure'];

/** auth (4) and authpriv (10): sshd, su, login and systemd-logind log to the first, sudo and PAM to the second */
const JOURNAL_MATCHES = ['SYSLOG_FACILITY=4', 'SYSLOG_FACILITY=10'];

export interface LoginSourceOptions {
  onEvent(event: HostEvent): void;
  /** uids of user names, and names of uids */
  users?: UserDirectory;
  mode?: LoginSourceMode;
  /** the journalctl to run (default `journalctl` from PATH) */
  journalctl?: string;
  /** default {@link DEFAULT_AUTH_LOGS} */
  authLogPaths?: readonly string[];
  now?: () => number;
}

export interface LoginSource {
  readonly status: SourceStatus;
  /** `the systemd journal` or the file followed; undefined when the source failed */
  readonly reading: string | undefined;
  /** lines read that reported nothing (other programs' messages, sshd's connection chatter, …) */
  readonly linesIgnored: number;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * ```ts
 * const logins = await startLoginSource({ users: procLookups(), onEvent: (e) => shipper.add(e) });
 * logins.reading; // 'the systemd journal'
 * ```
 */
export async function startLoginSource(options: LoginSourceOptions): Promise<LoginSource> {
  const mode = options.mode ?? 'auto';
  const now = options.now ?? Date.now;
  const status: SourceStatus = { state: 'starting', eventsRead: 0, errors: 0 };
  const events = new LoginEvents({ users: options.users });
  let unreadable = 0;
  let stopped = false;
  const deliver = (list: HostEvent[]) => {
    for (const event of list) {
      status.eventsRead += 1;
      options.onEvent(event);
    }
  };
  const push = (entry: AuthEntry | undefined) => {
    if (stopped) return;
    if (entry === undefined) unreadable += 1;
    else deliver(events.push(entry, now()));
  };
  const running = () => {
    if (status.state === 'stopped') return;
    status.state = 'running';
    delete status.message;
  };
  const trouble = (message: string) => {
    status.errors += 1;
    status.state = 'degraded';
    status.message = message;
  };
  const source = (reading: string | undefined, stopReading: () => Promise<void>): LoginSource => {
    const expiry = setInterval(() => deliver(events.expire(now())), 250);
    expiry.unref();
    return {
      status,
      reading,
      get linesIgnored() {
        return events.ignored + unreadable;
      },
      async stop() {
        clearInterval(expiry);
        await stopReading();
        stopped = true;
        deliver(events.drain());
        status.state = 'stopped';
      },
    };
  };

  const problems: string[] = [];
  if (mode !== 'file') {
    const problem = await journalProblem(options.journalctl ?? 'journalctl');
    if (problem === undefined) {
      const follower = followJournal({
        journalctl: options.journalctl,
        matches: JOURNAL_MATCHES,
        onRecord: (record) => push(parseJournalEntry(record)),
        onBadLine: () => push(undefined),
        onRunning: running,
        onStopped: (reason, restartInMs) => trouble(`${reason}; starting it again in ${restartInMs / 1000} s`),
      });
      return source('the systemd journal', () => follower.stop());
    }
    problems.push(`no readable systemd journal (${problem})`);
  }
  if (mode !== 'journal') {
    const paths = options.authLogPaths ?? DEFAULT_AUTH_LOGS;
    const path = paths.find((candidate) => fileProblem(candidate) === undefined);
    if (path !== undefined) {
      const follower = followLines(path, {
        onLines(lines) {
          for (const line of lines) push(parseSyslogLine(line, now()));
          if (status.state !== 'running') running();
        },
        onError: (err) => trouble(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`),
      });
      await follower.ready;
      if (status.state === 'starting') running();
      return source(path, () => follower.stop());
    }
    problems.push(paths.map((candidate) => `${candidate}: ${fileProblem(candidate)}`).join(', '));
  }
  status.state = 'failed';
  status.message = `logins are not read: ${problems.join('; ')}`;
  return source(undefined, async () => {});
}

/** why the journal cannot be read, or undefined when it can (journalctl answers with at least one entry) */
async function journalProblem(journalctl: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(journalctl, ['-n', '1', '-o', 'json', '-q', '--no-pager'], {
      timeout: 10_000,
      maxBuffer: 1024 * 1024,
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin`, SYSTEMD_PAGER: '' },
    });
    const first = stdout.split('\n').find((line) => line.trim() !== '');
    if (first === undefined) return 'journalctl finds no entries: journald does not run here, or the agent may not read its files';
    JSON.parse(first);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return `${journalctl} is not installed`;
    return (e.stderr?.trim() || e.message).split('\n')[0]!;
  }
}

function fileProblem(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'not found' : (code ?? (err as Error).message);
  }
}
