import assert from 'node:assert/strict';
import { normalizeIndicatorValue } from '../src/index.js';

/** Asserts each [input, canonical] pair normalizes to exactly the canonical value. */
export function assertCanonical(typeName: string, pairs: ReadonlyArray<readonly [string, string]>): void {
  for (const [input, expected] of pairs) {
    assert.deepEqual(normalizeIndicatorValue(typeName, input), { ok: true, value: expected }, `${typeName} ${JSON.stringify(input)}`);
  }
}

/** Asserts each input is rejected with a reason matching the pattern (a sentence naming what is wrong). */
export function assertRejected(typeName: string, inputs: readonly string[], reason: RegExp): void {
  for (const input of inputs) {
    const result = normalizeIndicatorValue(typeName, input);
    assert.equal(result.ok, false, `${typeName} ${JSON.stringify(input)} should be rejected, got ${JSON.stringify(result)}`);
    if (!result.ok) assert.match(result.reason, reason, `${typeName} ${JSON.stringify(input)}`);
  }
}
