/**
 * Imported HMAC keys. `createHmac(alg, string)` imports the key on every call, which costs about as much
 * as the MAC itself on a short Hawk message; a request's key is used twice (request MAC, response MAC) and
 * again on the caller's next request, so imported keys are kept, bounded.
 * @module
 */
import { createSecretKey, type KeyObject } from 'node:crypto';

const MAX_KEYS = 10_000;
const keys = new Map<string, KeyObject>();

/**
 * The key object for a Hawk key string (UTF-8, as `createHmac` would read it).
 * ```ts
 * createHmac('sha256', hmacKey(credentials.key)).update(message).digest('base64');
 * ```
 */
export function hmacKey(key: string): KeyObject {
  let imported = keys.get(key);
  if (imported === undefined) {
    // Rotated keys stop being looked up; clearing at the bound keeps the map from growing with them.
    if (keys.size >= MAX_KEYS) keys.clear();
    imported = createSecretKey(Buffer.from(key, 'utf8'));
    keys.set(key, imported);
  }
  return imported;
}
