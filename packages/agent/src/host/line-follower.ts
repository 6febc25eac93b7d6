/**
 * Follows a log file that another program appends to (auditd's log, /var/log/auth.log), line by line, from
 * a given offset or from its end. Survives rotation (the path now names a new file: the rest of the old one is
 * read first, then the new one from its start) and truncation (read again from the start). Polls, because
 * inotify misses writes on some filesystems and a poll every 100 ms costs one stat.
 * @module
 */
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface LineFollowerOptions {
  /** where to start: a byte offset in the current file, or `end` (default) */
  from?: number | 'end';
  /** poll interval (default 100 ms) */
  intervalMs?: number;
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
  const intervalMs = options.intervalMs ?? 100;
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  let handle: FileHandle | undefined;
  let inode = -1;
  let offset = 0;
  let partial = Buffer.alloc(0);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const buffer = Buffer.alloc(256 * 1024);

  async function openCurrent(first: boolean): Promise<void> {
    const next = await open(path, 'r');
    const info = await next.stat();
    await handle?.close();
    handle = next;
    inode = info.ino;
    partial = Buffer.alloc(0);
    if (first && options.from !== undefined && options.from !== 'end') offset = Math.min(options.from, info.size);
    else offset = first ? info.size : 0;
  }

  async function readAvailable(): Promise<void> {
    if (handle === undefined) return;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      const chunk = Buffer.concat([partial, buffer.subarray(0, bytesRead)]);
      const lines: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        lines.push(chunk.subarray(start, Math.min(nl, start + maxLineBytes)).toString('utf8'));
        start = nl + 1;
      }
      partial = chunk.subarray(start);
      if (partial.length > maxLineBytes) partial = partial.subarray(0, maxLineBytes);
      if (lines.length > 0) options.onLines(lines, { inode, offset: offset - partial.length });
    }
  }

  async function tick(first = false): Promise<void> {
    try {
      if (first || handle === undefined) {
        await openCurrent(first);
      } else {
        const current = await stat(path).catch(() => undefined);
        if (current !== undefined && current.ino !== inode) {
          await readAvailable(); // the rest of the rotated file
          await openCurrent(false);
        } else if (current !== undefined && current.size < offset) {
          offset = 0; // truncated in place
          partial = Buffer.alloc(0);
        }
      }
      await readAvailable();
    } catch (err) {
      options.onError?.(err);
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
  };
  running = tick(true).finally(schedule);
  const ready = running;

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await handle?.close();
      handle = undefined;
    },
  };
}
