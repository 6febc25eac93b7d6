/**
 * Ships host events to the server: gathers them into batches (by count, bytes and time), writes each batch to
 * the spool, and drains the spool in order through the agent protocol. A batch leaves the spool only when the
 * server has it (or refused it for good: a 400 names a bad event, a 413 a batch it will never take; both are
 * counted as rejected). Anything else (no answer, 5xx, 429, revoked credentials) keeps the batch and waits:
 * exponential backoff with full jitter, or the server's `Retry-After` when it gives one.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { AuthenticationError, BadRequestError, encodeNdjsonLines, PayloadTooLargeError, type BatchResult, type EncodedBatch } from '@vigil/sdk';
import type { HostEvent } from '../audit/to-event.js';
import type { Spool } from './spool.js';

/** The part of the SDK's AgentClient the shipper uses. */
export interface EventSender {
  sendEvents(batchId: string, batch: EncodedBatch, options?: { signal?: AbortSignal }): Promise<BatchResult>;
}

export interface ShipperOptions {
  sender: EventSender;
  spool: Spool;
  /** events per batch at most (default 500) */
  maxEvents?: number;
  /** bytes of JSON per batch at most, before compression (default 1 MiB) */
  maxBytes?: number;
  /** how long the first event of a batch waits for company (default 1 s) */
  maxWaitMs?: number;
  /** backoff between failed sends: full jitter over base·2^n, capped (default 1 s to 60 s) */
  backoff?: {
    baseMs?: number;
    maxMs?: number;
    random?: () => number;
    /** how a wait is done (tests count the waits instead of timing them); ends early when the signal aborts */
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  };
  /** told about every failed send and every rejected batch */
  onProblem?: (message: string) => void;
}

export interface ShipperStats {
  /** events handed to the shipper */
  read: number;
  /** events the server has */
  sent: number;
  /** events in batches the server refused for good */
  rejected: number;
  /** the last failure while sending, until a send succeeds */
  lastError?: string;
}

/**
 * ```ts
 * const shipper = new Shipper({ sender: agentClient, spool });
 * shipper.start();
 * source.onEvent = (event) => shipper.add(event);
 * await shipper.stop(); // flushes what it holds into the spool
 * ```
 */
export class Shipper {
  readonly #options: Required<Pick<ShipperOptions, 'maxEvents' | 'maxBytes' | 'maxWaitMs'>> & ShipperOptions;
  readonly #batchPrefix = randomBytes(6).toString('hex');
  #batchSeq = 0;
  /** the gathered events, serialised once: their size counts towards maxBytes and they are sent as is */
  #pending: string[] = [];
  #pendingBytes = 0;
  #flushTimer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #stopping = new AbortController();
  #loop: Promise<void> | undefined;
  readonly stats: ShipperStats = { read: 0, sent: 0, rejected: 0 };

  constructor(options: ShipperOptions) {
    this.#options = { maxEvents: 500, maxBytes: 1024 * 1024, maxWaitMs: 1000, ...options };
  }

  /** Takes one event; it is in the spool within maxWaitMs. */
  add(event: HostEvent): void {
    this.stats.read += 1;
    const line = JSON.stringify(event);
    this.#pending.push(line);
    this.#pendingBytes += line.length + 1;
    if (this.#pending.length >= this.#options.maxEvents || this.#pendingBytes >= this.#options.maxBytes) this.flush();
    else this.#flushTimer ??= setTimeout(() => this.flush(), this.#options.maxWaitMs);
  }

  /** Writes what is gathered to the spool as one batch now. */
  flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    // Unique per agent: a random prefix per start, then a sequence (the server stores a batch id once).
    const batchId = `${this.#batchPrefix}-${++this.#batchSeq}`;
    this.#options.spool.append(batchId, lines.length, encodeNdjsonLines(lines, { gzip: true }));
    this.#wake?.();
  }

  /** Starts draining the spool (what earlier runs left in it first). */
  start(): void {
    this.#loop ??= this.#drain();
  }

  /** Stops sending and puts what is gathered into the spool; a send under way is abandoned, its batch kept. */
  async stop(): Promise<void> {
    this.flush();
    this.#stopping.abort();
    this.#wake?.();
    await this.#loop;
    this.#options.spool.sync();
  }

  async #drain(): Promise<void> {
    const { spool, sender } = this.#options;
    const signal = this.#stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      const batch = spool.oldest();
      if (batch === undefined) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      try {
        await sender.sendEvents(batch.batchId, batch.body, { signal });
        spool.remove(batch.seq);
        this.stats.sent += batch.events;
        delete this.stats.lastError;
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof BadRequestError || err instanceof PayloadTooLargeError) {
          spool.remove(batch.seq);
          this.stats.rejected += batch.events;
          this.#options.onProblem?.(`the server refused batch ${batch.batchId} (${batch.events} events) for good: ${err.message}`);
          continue;
        }
        failures += 1;
        // What waits for the server is on the disk from now on, whatever happens to this host meanwhile.
        spool.sync();
        const why = err instanceof AuthenticationError ? `the server refuses this agent's credentials: ${err.message}` : (err as Error).message;
        this.stats.lastError = why;
        this.#options.onProblem?.(`sending batch ${batch.batchId} failed (${why}); ${spool.stats.batches} batches wait in the spool`);
        const sleep = this.#options.backoff?.sleep ?? ((ms, abort) => delay(ms, undefined, { signal: abort }));
        await sleep(this.#waitMs(failures, (err as { retryAfterMs?: number }).retryAfterMs), signal).catch(() => {});
      }
    }
  }

  #waitMs(failures: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return retryAfterMs;
    const { baseMs = 1000, maxMs = 60_000, random = Math.random } = this.#options.backoff ?? {};
    return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30)));
  }
}
