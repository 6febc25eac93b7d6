/**
 * Id generation and validation of caller-chosen ids.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { StoreValidationError } from '../errors.js';

const GIVEN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Returns `given` after checking it is 1–64 characters of `[A-Za-z0-9_-]`, or a fresh UUID when absent.
 * The character set keeps ids safe in URLs, Hawk headers and log lines.
 *
 * ```ts
 * idOrNew(undefined, 'user'); // '3f0c…'
 * idOrNew('bad id', 'user');  // throws StoreValidationError
 * ```
 */
export function idOrNew(given: string | undefined, what: string): string {
  if (given === undefined) return randomUUID();
  if (typeof given !== 'string' || !GIVEN_ID.test(given)) {
    throw new StoreValidationError(`${what} id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'`);
  }
  return given;
}
