/**
 * Reads a line of a syslog file such as /var/log/auth.log in the two formats rsyslog writes: the classic
 * `Dec  7 10:00:00 host sshd[123]: …` (local time, no year) and the RFC 3339 `2026-12-07T10:00:00.123456+00:00
 * host sshd[123]: …` that Debian 12 and Ubuntu 24.04 use by default.
 * @module
 */
import type { AuthEntry } from './auth-entry.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLASSIC = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) (.*)$/;
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?) (\S+) (.*)$/;
/** `sshd[123]: text`, `sudo: text` (sudo logs without a pid), `gdm-password]: text` (gdm's own spelling) */
const TAG = /^([^\s[\]:]+)\]?(?:\[(\d+)\])?: ?(.*)$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The entry a syslog line holds, or `undefined` for a line in neither format. A classic timestamp has no year:
 * it is taken to be in the current year unless that puts it more than a day ahead of `now` (a December line
 * read in January).
 *
 * ```ts
 * parseSyslogLine('Feb 23 00:13:35 web sshd[7483]: Accepted password for vagrant from 192.168.33.1 port 58803 ssh2');
 * // { timestamp: …, program: 'sshd', pid: 7483, message: 'Accepted password for vagrant from …' }
 * ```
 */
export function parseSyslogLine(line: string, now: number = Date.now()): AuthEntry | undefined {
  let timestamp: number;
  let rest: string;
  const classic = CLASSIC.exec(line);
  if (classic !== null) {
    const month = MONTHS.indexOf(classic[1]!);
    if (month === -1) return undefined;
    const [day, hours, minutes, seconds] = [classic[2], classic[3], classic[4], classic[5]].map(Number) as [number, number, number, number];
    const year = new Date(now).getFullYear();
    timestamp = new Date(year, month, day, hours, minutes, seconds).getTime();
    if (timestamp > now + DAY_MS) timestamp = new Date(year - 1, month, day, hours, minutes, seconds).getTime();
    rest = classic[7]!;
  } else {
    const rfc = RFC3339.exec(line);
    if (rfc === null) return undefined;
    timestamp = Date.parse(rfc[1]!);
    rest = rfc[3]!;
  }
  const tag = TAG.exec(rest);
  if (tag === null || Number.isNaN(timestamp)) return undefined;
  return { timestamp, program: tag[1]!, ...(tag[2] !== undefined ? { pid: Number(tag[2]) } : {}), message: tag[3]! };
}
