/**
 * WAL checkpoints on a worker thread. SQLite's own checkpoint runs inside the commit that crosses
 * `wal_autocheckpoint`: it copies every changed page into the database file and fsyncs it, on the event
 * loop. A bulk indicator load changes thousands of scattered index pages per commit, so that was a third
 * of its time (an fsync of 4,000 scattered pages takes 30–60 ms here). A second connection on a worker
 * thread can checkpoint while the writer goes on (WAL allows both), so the writer connection keeps only a
 * far-off fallback threshold, used if the worker is gone.
 * @module
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The writer checkpoints itself only past this many WAL pages (64 MiB): the worker stopped or fell behind. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;
/** SQLite's default, restored on the writer when the worker fails */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** the worker looks this often while pages wait, backing off to {@link IDLE_MS} when there is nothing to do */
const BUSY_MS = 20;
const IDLE_MS = 200;

// Plain CommonJS evaluated in the worker (no TypeScript loader there): a PASSIVE checkpoint never waits
// for readers or the writer, it copies what it can and the next look continues.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
let delay = workerData.busyMs;
let lastLog = -1;
let timer;
function look() {
  let active = false;
  try {
    // log: frames in the WAL, checkpointed: frames copied. Busy pace while the WAL changes or lags.
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    active = r !== undefined && (r.log !== lastLog || r.checkpointed < r.log);
    lastLog = r === undefined ? -1 : r.log;
  } catch {
    // the file is busy or going away: look again later
  }
  delay = active ? workerData.busyMs : Math.min(delay * 2, workerData.idleMs);
  timer = setTimeout(look, delay);
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  // The writer waits for this before it closes: the last connection to close removes the WAL.
  Atomics.store(workerData.closed, 0, 1);
  Atomics.notify(workerData.closed, 0);
  parentPort.close();
});
look();
`;

/** how long closing waits for the worker's connection to close */
const STOP_WAIT_MS = 2000;

export interface Checkpointer {
  /**
   * Stops the worker, waiting (synchronously, as closing a better-sqlite3 connection is) until its
   * connection is closed, so that the writer, closing last, checkpoints and removes the WAL.
   */
  stop(): void;
}

/**
 * Starts checkpointing `path` (a WAL-mode database file) on a worker thread and sets the writer's
 * automatic checkpoint to the fallback threshold.
 *
 * ```ts
 * const checkpointer = startCheckpointer(raw, './data/vigil.db');
 * checkpointer.stop();
 * ```
 */
export function startCheckpointer(writer: Database.Database, path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const closed = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Not the parent's flags: `--import tsx` would load a TypeScript loader into the worker for nothing.
    execArgv: [],
    workerData: { driver, path: resolve(path), busyMs: BUSY_MS, idleMs: IDLE_MS, closed },
  });
  worker.unref();
  writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let running = true;
  const fallBack = () => {
    if (!running) return;
    running = false;
    // Checkpoint on commits again, as SQLite does by default.
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    stop() {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
      Atomics.wait(closed, 0, 0, STOP_WAIT_MS);
    },
  };
}
