/**
 * Follows a log file that another program appends to (auditd's log, /var/log/auth.log), line by line, from
 * a given offset or from its end. Survives rotation (the path now names a new file: the rest of the old one is
 * read first, then the new one from its start) and truncation (read again from the start).
 *
 * Driven by inotify on the file's folder: a quiet file costs nothing, and a busy one is read once per
 * `batchMs` (the writes of that moment gathered into one read) instead of once per write. Because inotify
 * misses writes on some filesystems (network ones), the file is also looked at every `intervalMs`, and only
 * that way where the folder cannot be watched. Reads are synchronous: a log in the page cache answers in
 * microseconds, far less than a round trip through the thread pool.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface LineFollowerOptions {
  /** where to start: a byte offset in the current file, or `end` (default) */
  from?: number | 'end';
  /** how often the file is looked at without a word from inotify (default 1000 ms) */
  intervalMs?: number;
  /** how long after inotify names the file it is read (default 100 ms) */
  batchMs?: number;
  /** longest line kept; a longer one is cut there (default 1 MiB) */
  maxLineBytes?: number;
  onLines(lines: string[], position: { inode: number; offset: number }): void;
  onError?(err: unknown): void;
}

export interface LineFollower {
  /** settles once the first attempt to open and read the file is over (whether or not the file was there) */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * ```ts
 * const follower = followLines('/var/log/audit/audit.log', { onLines: (lines) => lines.forEach(handle) });
 * await follower.stop();
 * ```
 */
export function followLines(path: string, options: LineFollowerOptions): LineFollower {
  const intervalMs = options.intervalMs ?? 1000;
  const batchMs = options.batchMs ?? 100;
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  const name = basename(path);
  let fd: number | undefined;
  let inode = -1;
  let offset = 0;
  let partial = Buffer.alloc(0);
  let stopped = false;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let due = Infinity;
  const buffer = Buffer.alloc(256 * 1024);

  function openCurrent(first: boolean): void {
    const next = openSync(path, 'r');
    const info = fstatSync(next);
    if (fd !== undefined) closeSync(fd);
    fd = next;
    inode = info.ino;
    partial = Buffer.alloc(0);
    if (first && options.from !== undefined && options.from !== 'end') offset = Math.min(options.from, info.size);
    else offset = first ? info.size : 0;
  }

  function readAvailable(): void {
    if (fd === undefined) return;
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      const chunk = partial.length === 0 ? buffer.subarray(0, bytesRead) : Buffer.concat([partial, buffer.subarray(0, bytesRead)]);
      const lines: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        lines.push(chunk.toString('utf8', start, Math.min(nl, start + maxLineBytes)));
        start = nl + 1;
      }
      // A copy: the read buffer is used again.
      partial = Buffer.from(chunk.subarray(start, start + Math.min(chunk.length - start, maxLineBytes)));
      if (lines.length > 0) options.onLines(lines, { inode, offset: offset - partial.length });
      // A short read is the end of what is there now; a later write makes inotify (or the next check) say so.
      if (bytesRead < buffer.length) return;
    }
  }

  function tick(first = false): void {
    try {
      if (first || fd === undefined) {
        openCurrent(first);
      } else {
        const current = statOrUndefined(path);
        if (current !== undefined && current.ino !== inode) {
          readAvailable(); // the rest of the rotated file
          openCurrent(false);
        } else if (current !== undefined && current.size < offset) {
          offset = 0; // truncated in place
          partial = Buffer.alloc(0);
        }
      }
      readAvailable();
    } catch (err) {
      options.onError?.(err);
    }
  }

  /** Looks at the file in `ms` (or sooner, if that is already planned). */
  function wake(ms: number): void {
    if (stopped) return;
    const at = Date.now() + ms;
    if (timer !== undefined && due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      timer = undefined;
      due = Infinity;
      watchFolder();
      tick();
      wake(watcher ? intervalMs : Math.min(intervalMs, batchMs));
    }, ms);
  }

  /** Watches the folder (rotation creates a new file there); without a watch the file is polled every batchMs. */
  function watchFolder(): void {
    if (watcher !== undefined || stopped) return;
    try {
      watcher = watch(dirname(path), { persistent: false }, (_type, changed) => {
        if (changed === null || changed.toString() === name) wake(batchMs);
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        wake(batchMs);
      });
    } catch {
      watcher = undefined;
    }
  }

  const ready = new Promise<void>((resolve) => {
    setImmediate(() => {
      if (!stopped) {
        watchFolder();
        tick(true);
        wake(watcher ? intervalMs : Math.min(intervalMs, batchMs));
      }
      resolve();
    });
  });

  return {
    ready,
    async stop() {
      await ready;
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function statOrUndefined(path: string): { ino: number; size: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
