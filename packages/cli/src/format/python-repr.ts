/**
 * Python's `str()` and `repr()` of JSON values, because the Threat Stack scripts write lists and dicts
 * into CSV cells with `str()` (`['10.0.0.1/24']`, `{'key': 'Name'}`, `True`).
 * @module
 */

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** `repr()` of a Python str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && (cp < 0x20 || cp === 0x7f || NON_PRINTABLE.test(ch))) {
      if (cp <= 0xff) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

/** `repr()` of a number as Python's json module would have parsed it (ints stay ints). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  // Python pads exponents to two digits: 1e-07
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * `repr()` of a JSON value.
 * ```ts
 * pyRepr([{ key: 'Name', value: "it's" }]); // "[{'key': 'Name', 'value': \"it's\"}]"
 * ```
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ') + '}';
  }
  return pyStrRepr(String(v));
}

/** `str()` of a JSON value: strings as they are, everything else as `repr()`. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** What `csv.writer` writes for a value: `None` is an empty field, the rest `str()`. */
export function pyCsvCell(v: unknown): string {
  return v === null || v === undefined ? '' : pyStr(v);
}
