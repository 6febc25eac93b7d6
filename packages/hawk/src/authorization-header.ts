/**
 * Parsing of `Authorization`, `Server-Authorization` and `WWW-Authenticate` values of the Hawk scheme.
 * @module
 */
import { isAttributeValue } from './attribute-value.js';
import { HawkError } from './errors.js';

/** Longer headers are refused before any parsing, as node hawk does, to bound the work per request. */
export const MAX_HEADER_LENGTH = 4096;

/** The attributes a request `Authorization` header may carry. */
export const REQUEST_HEADER_KEYS: readonly string[] = ['id', 'ts', 'nonce', 'hash', 'ext', 'mac', 'app', 'dlg'];

const SPACE = 0x20;
const TAB = 0x09;

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

function badHeader(message: string): HawkError {
  return new HawkError('HAWK_BAD_HEADER', message);
}

/**
 * Parses `Hawk key="value", key="value"` into a null-prototype record. It is a single left-to-right
 * scan rather than a regex, so its cost is linear whatever the input. A missing header or a scheme
 * other than Hawk is `HAWK_MISSING` (401 with a bare `Hawk` challenge, so the client learns which
 * scheme to use); everything else that is malformed (too long, unknown or duplicate attribute, empty
 * value, a character outside the Hawk set, missing comma) is `HAWK_BAD_HEADER` (400).
 *
 * ```ts
 * parseAuthorizationHeader('Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", mac="6R4r…"');
 * // { id: 'dh37fgj492je', ts: '1353832234', nonce: 'j4h3g2', mac: '6R4r…' }
 * parseAuthorizationHeader(serverAuthorization, ['mac', 'hash', 'ext']);
 * ```
 */
export function parseAuthorizationHeader(
  header: string,
  allowedKeys: readonly string[] = REQUEST_HEADER_KEYS,
): Record<string, string> {
  if (!header) throw new HawkError('HAWK_MISSING', 'Missing Hawk authorization');
  if (header.length > MAX_HEADER_LENGTH) throw badHeader('Header length too long');

  let pos = 0;
  while (pos < header.length && isWordChar(header.charCodeAt(pos))) pos++;
  if (pos === 0 || (pos < header.length && !isSpace(header.charCodeAt(pos)))) {
    throw badHeader('Invalid header syntax');
  }
  if (header.slice(0, pos).toLowerCase() !== 'hawk') {
    throw new HawkError('HAWK_MISSING', 'Not the Hawk authentication scheme');
  }
  while (pos < header.length && isSpace(header.charCodeAt(pos))) pos++;
  if (pos === header.length) throw badHeader('Invalid header syntax');

  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  while (pos < header.length) {
    const keyStart = pos;
    while (pos < header.length && isWordChar(header.charCodeAt(pos))) pos++;
    const key = header.slice(keyStart, pos);
    if (key.length === 0 || header[pos] !== '=' || header[pos + 1] !== '"') throw badHeader('Bad header format');
    const valueStart = pos + 2;
    const valueEnd = header.indexOf('"', valueStart);
    if (valueEnd === -1) throw badHeader('Bad header format');
    const value = header.slice(valueStart, valueEnd);

    if (!allowedKeys.includes(key)) throw badHeader(`Unknown attribute: ${key}`);
    if (!isAttributeValue(value)) throw badHeader(`Bad attribute value: ${key}`);
    if (Object.hasOwn(attributes, key)) throw badHeader(`Duplicate attribute: ${key}`);
    attributes[key] = value;

    pos = valueEnd + 1;
    while (pos < header.length && isSpace(header.charCodeAt(pos))) pos++;
    if (pos === header.length) break;
    if (header[pos] !== ',') throw badHeader('Bad header format');
    pos++;
    // A trailing comma is tolerated because node hawk's parser tolerates it.
    while (pos < header.length && isSpace(header.charCodeAt(pos))) pos++;
  }
  return attributes;
}
