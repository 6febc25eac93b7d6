/**
 * Small /proc files (a process's comm, cmdline, cgroup; a socket table), read for every event: through one
 * reused buffer instead of a new one per read (no fstat either: /proc files say size 0), and, when the process
 * is already gone (most of the short-lived ones an exec event names), without building an exception.
 * @module
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

let buffer = Buffer.allocUnsafe(16 * 1024);

/**
 * The text of the file, `undefined` when it cannot be read (the process exited, no permission).
 *
 * ```ts
 * readProcText('/proc/1/comm'); // 'systemd\n'
 * ```
 */
export function readProcText(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // gone since, or not ours to read
  }
  try {
    let length = 0;
    // A short read is not the end of a /proc file (its records are handed out a few at a time): read to 0.
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
