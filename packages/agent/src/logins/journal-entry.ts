/**
 * Reads an entry of `journalctl -o json`: one JSON object per line whose values are strings (or, for a
 * message that is not valid UTF-8, an array of bytes). Fields that begin with `_` come from the kernel, not
 * from the program, so the sender's executable and audit session can be trusted.
 * @module
 */
import type { AuthEntry } from './auth-entry.js';

const NO_SESSION = '4294967295';

/**
 * The entry a journal record holds, or `undefined` for one without a message or time.
 *
 * ```ts
 * parseJournalEntry(JSON.parse(line));
 * // { timestamp: 1721560922218, program: 'sshd', pid: 1304, message: 'Accepted password for lab from …', exe: '/usr/sbin/sshd' }
 * ```
 */
export function parseJournalEntry(record: Record<string, unknown>): AuthEntry | undefined {
  const message = text(record.MESSAGE);
  const realtime = text(record.__REALTIME_TIMESTAMP);
  const program = text(record.SYSLOG_IDENTIFIER) ?? text(record._COMM);
  if (message === undefined || realtime === undefined || program === undefined || !/^\d+$/.test(realtime)) return undefined;
  const pid = text(record.SYSLOG_PID) ?? text(record._PID);
  const session = text(record._AUDIT_SESSION);
  const exe = text(record._EXE);
  return {
    timestamp: Math.floor(Number(realtime) / 1000), // microseconds
    program: program.replace(/\]$/, ''), // gdm's `gdm-password]`
    ...(pid !== undefined && /^\d+$/.test(pid) ? { pid: Number(pid) } : {}),
    message,
    ...(session !== undefined && /^\d+$/.test(session) && session !== NO_SESSION ? { session: Number(session) } : {}),
    ...(exe !== undefined ? { exe } : {}),
  };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) return Buffer.from(value as number[]).toString('utf8');
  return undefined;
}
