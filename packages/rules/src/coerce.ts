/**
 * How event values are read as each field type. Agents differ (a session id may arrive as 4294967295 or
 * "4294967295"), so values are coerced leniently, and a value that cannot be read as the field's type
 * simply does not match.
 * @module
 */

const DECIMAL = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Text of a scalar: strings as they are, numbers, booleans and bigints in their usual spelling.
 *
 * ```ts
 * toText(4294967295); // '4294967295'
 * ```
 */
export function toText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/**
 * Number of a scalar: numbers, decimal strings (not hex, not empty) and bigints.
 *
 * ```ts
 * toNumber(' 22 '); // 22
 * toNumber('0x16'); // undefined
 * ```
 */
export function toNumber(value: unknown): number | undefined {
  switch (typeof value) {
    case 'number':
      return value;
    case 'string':
      return DECIMAL.test(value) ? Number(value) : undefined;
    case 'bigint':
      return Number(value);
    default:
      return undefined;
  }
}

/**
 * Truth value of a scalar: booleans, 1 and 0, and the strings true, false, 1 and 0.
 *
 * ```ts
 * toBoolean('false'); // false
 * ```
 */
export function toBoolean(value: unknown): boolean | undefined {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value === 1 ? true : value === 0 ? false : undefined;
    case 'string': {
      const s = value.trim().toLowerCase();
      return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : undefined;
    }
    default:
      return undefined;
  }
}
