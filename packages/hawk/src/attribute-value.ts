/**
 * The character set Hawk allows inside a quoted header attribute value.
 * @module
 */

/**
 * True when `value` is non-empty and uses only printable ASCII other than `"` and `\`, i.e. the
 * set `[ \w!#$%&'()*+,\-./:;<=>?@[\]^`{|}~]` that node hawk and mohawk accept. Quotes and backslashes
 * are excluded, so no escaping is ever needed and header parsing stays a single linear scan.
 *
 * ```ts
 * isAttributeValue('org-123');   // true
 * isAttributeValue('a"b');       // false
 * ```
 */
export function isAttributeValue(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * Throws a TypeError when a value we are about to put into a header is outside the Hawk charset.
 * node hawk would backslash-escape `"` and `\`, but its own parser (and mohawk's) rejects the result,
 * so refusing early turns a guaranteed remote 400 into a local, debuggable error.
 *
 * ```ts
 * assertAttributeValue('ext', options.ext);
 * ```
 */
export function assertAttributeValue(name: string, value: string): void {
  if (!isAttributeValue(value)) {
    throw new TypeError(`Hawk ${name} must be non-empty printable ASCII without '"' or '\\'`);
  }
}
