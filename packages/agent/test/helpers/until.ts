/**
 * Polls `find` every `intervalMs` until it answers something (not undefined, not false), failing the test
 * with `what` after `timeoutMs`.
 */
import assert from 'node:assert/strict';

export async function until<T>(find: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000, intervalMs = 10): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const found = await find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
