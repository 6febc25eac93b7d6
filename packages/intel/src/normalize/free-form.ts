/**
 * Types whose values are free text (String, Mutex, Filename, File Path, Registry Key, User-agent, ...).
 * @module
 */
import { fail, ok, type Normalized } from '../normalized.js';

/**
 * Kept exactly as sent after the trim (case matters in mutex names and on most file systems). Rejects NUL,
 * which PostgreSQL cannot store in text, and unpaired UTF-16 surrogates, which cannot be encoded as UTF-8.
 * The value itself is not echoed in the reason: these types include passwords.
 */
export function normalizeFreeForm(typeName: string, value: string): Normalized {
  if (value.includes('\u0000')) return fail(`The ${typeName} value contains a NUL character`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    return fail(`The ${typeName} value contains an unpaired UTF-16 surrogate (invalid Unicode)`);
  }
  return ok(value);
}
