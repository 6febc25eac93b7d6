/**
 * Joins audit records into events. The kernel writes every record of one event (SYSCALL, EXECVE, CWD, PATH,
 * SOCKADDR, …) under one `time:serial` and ends syscall events with a PROCTITLE record (or an EOE record, which
 * auditd does not log); records of different events may interleave. An event is complete at its PROCTITLE or
 * EOE, and otherwise once it has waited `maxWaitMs` (user-space records such as USER_LOGIN are one record long)
 * or `maxPending` events are waiting, oldest first, so memory stays bounded when records go missing.
 * @module
 */
import type { AuditRecord } from './record.js';

/** The records of one audit event, in arrival order. */
export interface AuditEvent {
  time: number;
  serial: number;
  records: AuditRecord[];
}

export interface AuditAssemblerOptions {
  /** how long an event without its closing record waits for more (default 500 ms) */
  maxWaitMs?: number;
  /** how many events may wait at once before the oldest is let go (default 1,024) */
  maxPending?: number;
}

interface Pending {
  event: AuditEvent;
  /** when its first record arrived (the caller's clock) */
  since: number;
}

const CLOSING = new Set(['PROCTITLE', 'EOE']);

/**
 * ```ts
 * const assembler = new AuditAssembler();
 * for (const record of records) for (const event of assembler.push(record, Date.now())) handle(event);
 * setInterval(() => assembler.expire(Date.now()).forEach(handle), 250);
 * ```
 */
export class AuditAssembler {
  readonly #maxWaitMs: number;
  readonly #maxPending: number;
  /** insertion order is arrival order */
  readonly #pending = new Map<string, Pending>();

  constructor(options: AuditAssemblerOptions = {}) {
    this.#maxWaitMs = options.maxWaitMs ?? 500;
    this.#maxPending = options.maxPending ?? 1024;
  }

  /** Adds a record; returns the events it completed (its own, and the oldest if too many wait). */
  push(record: AuditRecord, now: number): AuditEvent[] {
    const key = `${record.time}:${record.serial}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = { event: { time: record.time, serial: record.serial, records: [] }, since: now };
      this.#pending.set(key, pending);
    }
    const done: AuditEvent[] = [];
    if (record.type !== 'EOE') pending.event.records.push(record);
    if (CLOSING.has(record.type)) {
      this.#pending.delete(key);
      if (pending.event.records.length > 0) done.push(pending.event);
    }
    while (this.#pending.size > this.#maxPending) done.push(this.#takeOldest());
    return done;
  }

  /** Lets go of the events that have waited `maxWaitMs` or longer. */
  expire(now: number): AuditEvent[] {
    const done: AuditEvent[] = [];
    for (const [key, pending] of this.#pending) {
      if (now - pending.since < this.#maxWaitMs) break;
      this.#pending.delete(key);
      done.push(pending.event);
    }
    return done;
  }

  /** Everything still waiting, oldest first (at shutdown). */
  drain(): AuditEvent[] {
    const done = [...this.#pending.values()].map((p) => p.event);
    this.#pending.clear();
    return done;
  }

  /** How many events are waiting for more records. */
  get pending(): number {
    return this.#pending.size;
  }

  #takeOldest(): AuditEvent {
    const [key, pending] = this.#pending.entries().next().value as [string, Pending];
    this.#pending.delete(key);
    return pending.event;
  }
}
