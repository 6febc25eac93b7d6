/**
 * The agent's on-disk spool: every batch is written here before it is sent and removed once the server has it,
 * so nothing is lost while the server is unreachable or refusing, or when the agent restarts. Batches are files
 * named by a sequence number and drained in that order. The spool has a size cap: past it the oldest batches are
 * dropped and their events counted (the count survives restarts and goes out with the heartbeats), never
 * silently.
 *
 * A batch file is one JSON header line (`{"batchId","events","contentType","headers"}`) followed by the body
 * bytes exactly as they will be sent. Files are written to a temporary name and renamed, so a crash of the
 * agent leaves either the whole batch or none of it.
 *
 * Flushing to the disk (fsync) is a group commit: a batch still in the spool `syncDelayMs` after it was written
 * (the server is slow, down or refusing) is flushed then, together with every other such batch and the folder,
 * and `sync()` does it at once (the shipper calls it when a send fails and when it stops). While the server keeps
 * up, a batch is sent and removed within milliseconds and never costs an fsync; what a power cut can take is
 * the last `syncDelayMs` of batches, as it can take the events still gathered in memory. (A batch cut short that
 * way is refused by the server and counted as rejected; one without its header line is cleared at the start.)
 * @module
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedBatch } from '@vigil/sdk';

export interface SpoolOptions {
  dir: string;
  /** bytes of batch files kept at most (default 50 MiB) */
  maxBytes?: number;
  /** how long a written batch may wait before it is flushed to the disk if it is still there (default 1000 ms) */
  syncDelayMs?: number;
}

/** A batch waiting in the spool. */
export interface SpooledBatch {
  seq: number;
  batchId: string;
  /** how many events it holds */
  events: number;
  body: EncodedBatch;
}

export interface SpoolStats {
  batches: number;
  bytes: number;
  events: number;
  /** events dropped because the spool was full, since it was created */
  droppedEvents: number;
  droppedBatches: number;
}

interface Entry {
  seq: number;
  bytes: number;
  events: number;
}

const SUFFIX = '.batch';
const NAME = /^(\d{16})\.batch$/;
const DROPPED_FILE = 'dropped.json';

/**
 * ```ts
 * const spool = new Spool({ dir: '/var/lib/vigil-agent/spool', maxBytes: 50 * 2 ** 20 });
 * spool.append(batchId, events.length, encodeBatch(events, { gzip: true }));
 * for (let next = spool.oldest(); next; next = spool.oldest()) { await send(next); spool.remove(next.seq); }
 * ```
 */
export class Spool {
  readonly #dir: string;
  readonly #maxBytes: number;
  /** in sequence order */
  readonly #entries: Entry[] = [];
  #bytes = 0;
  #events = 0;
  #dropped = { events: 0, batches: 0 };
  #nextSeq = 1;
  readonly #syncDelayMs: number;
  /** batches written but not yet flushed to the disk */
  readonly #unsynced = new Set<number>();
  #syncTimer: NodeJS.Timeout | undefined;

  constructor(options: SpoolOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
    this.#syncDelayMs = options.syncDelayMs ?? 1000;
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.#dir).sort()) {
      const match = NAME.exec(name);
      if (match === null) {
        // A temporary file is a write that did not finish; it was never acknowledged to anyone.
        if (name.endsWith('.tmp')) rmSync(join(this.#dir, name), { force: true });
        continue;
      }
      const path = join(this.#dir, name);
      const header = readHeader(path);
      if (header === undefined) {
        rmSync(path, { force: true });
        continue;
      }
      const entry = { seq: Number(match[1]), bytes: statSync(path).size, events: header.events };
      this.#entries.push(entry);
      this.#bytes += entry.bytes;
      this.#events += entry.events;
      this.#nextSeq = entry.seq + 1;
    }
    try {
      const saved = JSON.parse(readFileSync(join(this.#dir, DROPPED_FILE), 'utf8')) as { events?: unknown; batches?: unknown };
      if (Number.isSafeInteger(saved.events) && Number.isSafeInteger(saved.batches)) {
        this.#dropped = { events: saved.events as number, batches: saved.batches as number };
      }
    } catch {
      // none dropped yet
    }
  }

  /**
   * Writes a batch (flushed to the disk within syncDelayMs if it is still here then), then makes room by
   * dropping the oldest if the spool is over its size.
   */
  append(batchId: string, events: number, body: EncodedBatch): SpooledBatch {
    const seq = this.#nextSeq++;
    const header = Buffer.from(JSON.stringify({ batchId, events, contentType: body.contentType, headers: body.headers }) + '\n');
    const path = this.#path(seq);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, header);
      writeSync(fd, body.bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    this.#unsynced.add(seq);
    if (this.#syncTimer === undefined) {
      this.#syncTimer = setTimeout(() => {
        try {
          this.sync();
        } catch {
          // A disk that refuses the flush refuses the next write too, which the shipper reports; sync() tries again.
        }
      }, this.#syncDelayMs);
      this.#syncTimer.unref();
    }
    const entry = { seq, bytes: header.length + body.bytes.length, events };
    this.#entries.push(entry);
    this.#bytes += entry.bytes;
    this.#events += events;
    let droppedNow = false;
    // The newest batch is never dropped for its own sake: one batch larger than the cap is still kept.
    while (this.#bytes > this.#maxBytes && this.#entries.length > 1) {
      const oldest = this.#entries[0]!;
      this.remove(oldest.seq);
      this.#dropped.events += oldest.events;
      this.#dropped.batches += 1;
      droppedNow = true;
    }
    if (droppedNow) writeFileSync(join(this.#dir, DROPPED_FILE), JSON.stringify(this.#dropped), { mode: 0o600 });
    return { seq, batchId, events, body };
  }

  /** The oldest batch, read from disk; `undefined` when the spool is empty. */
  oldest(): SpooledBatch | undefined {
    const entry = this.#entries[0];
    if (entry === undefined) return undefined;
    const raw = readFileSync(this.#path(entry.seq));
    const newline = raw.indexOf(10);
    const header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as { batchId: string; events: number; contentType: string; headers: Record<string, string> };
    return {
      seq: entry.seq,
      batchId: header.batchId,
      events: header.events,
      body: { bytes: raw.subarray(newline + 1), contentType: header.contentType, headers: header.headers },
    };
  }

  /** Forgets a batch (the server has it, or it can never be sent). */
  remove(seq: number): void {
    const at = this.#entries.findIndex((e) => e.seq === seq);
    if (at === -1) return;
    const [entry] = this.#entries.splice(at, 1);
    this.#bytes -= entry!.bytes;
    this.#events -= entry!.events;
    this.#unsynced.delete(seq);
    try {
      unlinkSync(this.#path(seq));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** Flushes every batch not yet on the disk, and the folder (their names), in one pass. */
  sync(): void {
    clearTimeout(this.#syncTimer);
    this.#syncTimer = undefined;
    if (this.#unsynced.size === 0) return;
    for (const seq of this.#unsynced) {
      let fd: number;
      try {
        fd = openSync(this.#path(seq), 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        this.#unsynced.delete(seq);
        continue;
      }
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      this.#unsynced.delete(seq);
    }
    const dir = openSync(this.#dir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** How many batches are written but not yet flushed to the disk. */
  get unsynced(): number {
    return this.#unsynced.size;
  }

  get stats(): SpoolStats {
    return { batches: this.#entries.length, bytes: this.#bytes, events: this.#events, droppedEvents: this.#dropped.events, droppedBatches: this.#dropped.batches };
  }

  #path(seq: number): string {
    return join(this.#dir, `${String(seq).padStart(16, '0')}${SUFFIX}`);
  }
}

/** The header of a batch file, `undefined` for a file that is not one (cut short, or not ours). */
function readHeader(path: string): { events: number } | undefined {
  try {
    const raw = readFileSync(path);
    const newline = raw.indexOf(10);
    if (newline === -1) return undefined;
    const header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as { events?: unknown; batchId?: unknown };
    return Number.isSafeInteger(header.events) && typeof header.batchId === 'string' ? { events: header.events as number } : undefined;
  } catch {
    return undefined;
  }
}
