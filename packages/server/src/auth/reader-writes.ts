/**
 * The one role rule every REST v2 caller meets, whatever proved who they are (Hawk or a console session):
 * a reader may read but not change anything, except on routes marked `config: { anyRole: true }` (a
 * reader accepting their own invite).
 * @module
 */
import type { Role } from '@vigil/store';
import type { FastifyRequest } from 'fastify';
import { apiError } from '../errors.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the method only reads.
 * ```ts
 * isReadMethod('GET'); // true
 * ```
 */
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method);
}

/**
 * Throws 403 when a reader calls a write route.
 * ```ts
 * refuseReaderWrite(request, found.role);
 * ```
 */
export function refuseReaderWrite(request: FastifyRequest, role: Role): void {
  if (role === 'reader' && !isReadMethod(request.method) && request.routeOptions.config.anyRole !== true) {
    throw apiError('VIGIL_FORBIDDEN', 'readers cannot change anything');
  }
}
