/**
 * One server per SQLite file: `vigil serve` holds `<database>.lock` (its pid and host) while it runs, so
 * a second server on the same file — perhaps with other settings — is refused instead of starting
 * silently. A lock left by a process that no longer runs on this host is taken over.
 * @module
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface SqliteLock {
  file: string;
  release(): void;
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/**
 * Takes the lock of the SQLite database at `path`, or throws a message naming the file and the holder.
 * ```ts
 * const lock = lockSqliteDatabase('./data/vigil.db');
 * // … serve …
 * lock.release();
 * ```
 */
export function lockSqliteDatabase(path: string): SqliteLock {
  const database = resolve(path);
  const file = `${database}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      return {
        file,
        release() {
          const holder = readHolder(file);
          if (holder?.pid === me.pid && holder.startedAt === me.startedAt) unlinkSync(file);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.host === me.host && !running(holder.pid)) {
      unlinkSync(file); // stale: its server died without removing it
      continue;
    }
    const who = holder ? `another Vigil server (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})` : 'another Vigil server';
    throw new Error(
      `${who} is using the SQLite database ${database} (lock file ${file}). Two servers on one SQLite file may run with different settings: ` +
        'stop that server first, or use PostgreSQL (VIGIL_DATABASE_URL=postgres://…) to run several. If that server is gone, delete the lock file.',
    );
  }
  throw new Error(`could not take the lock file ${file}: it keeps reappearing; another server is starting on the same database`);
}
