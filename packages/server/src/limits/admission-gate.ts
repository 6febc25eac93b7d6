/**
 * A counting gate in front of expensive requests (event batches): at most `capacity` are read, decoded and
 * stored at once, and the next one is refused at once with 503 and `Retry-After` instead of queueing. Agents
 * keep unsent events on disk and retry, so refusing costs them a second; queueing would cost the server
 * memory without bound when the database falls behind.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

export interface AdmissionGate {
  readonly capacity: number;
  readonly inFlight: number;
  /** takes a slot; false when all are taken */
  tryEnter(): boolean;
  /** gives a slot back (once per successful tryEnter) */
  leave(): void;
}

/**
 * Creates a gate with `capacity` slots (at least one).
 * ```ts
 * const gate = createAdmissionGate(8);
 * if (gate.tryEnter()) { try { await work(); } finally { gate.leave(); } }
 * ```
 */
export function createAdmissionGate(capacity: number): AdmissionGate {
  const slots = Math.max(1, Math.floor(capacity));
  let inFlight = 0;
  return {
    capacity: slots,
    get inFlight() {
      return inFlight;
    },
    tryEnter() {
      if (inFlight >= slots) return false;
      inFlight += 1;
      return true;
    },
    leave() {
      if (inFlight > 0) inFlight -= 1;
    },
  };
}

/**
 * An `onRequest` hook that holds a slot of `gate` from before the body is read until the response is
 * finished or the connection is gone, and answers 503 with `Retry-After` when none is free.
 * ```ts
 * app.post('/events', { onRequest: admissionHook(gate, 1) }, handler);
 * ```
 */
export function admissionHook(gate: AdmissionGate, retryAfterSec = 1) {
  return async function admit(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!gate.tryEnter()) {
      throw new ApiError(
        'VIGIL_UNAVAILABLE',
        `Service unavailable: ${gate.capacity} event batches are already being processed; retry in ${retryAfterSec} s`,
        { 'retry-after': String(retryAfterSec) },
      );
    }
    // 'close' fires both after the last byte of the response and when the client goes away mid-request,
    // so an aborted upload cannot leak its slot.
    reply.raw.once('close', () => gate.leave());
  };
}
