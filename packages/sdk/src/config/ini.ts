/**
 * A small INI reader with Python configparser's defaults, because threatstack.cfg files are written
 * for it: `key = value` or `key: value`, keys case-insensitive, full-line `#`/`;` comments, indented
 * continuation lines, `%(name)s` interpolation, and `[DEFAULT]` inherited by every section. (The npm
 * `ini` package differs on all but the first.)
 * @module
 */

/** Parsed sections: `DEFAULT` plus named ones, each with lowercased keys. Values are raw (uninterpolated). */
export interface IniDocument {
  defaults: Map<string, string>;
  sections: Map<string, Map<string, string>>;
}

/**
 * A syntax problem, with its 1-based line number.
 *
 * ```ts
 * try { parseIni(text); } catch (err) { if (err instanceof IniSyntaxError) console.error(err.line); }
 * ```
 */
export class IniSyntaxError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'IniSyntaxError';
  }
}

const SECTION = /^\[([^\]]+)\]\s*$/;
const OPTION = /^([^=:]+?)\s*[=:]\s*(.*)$/;

/**
 * Parses INI text; duplicate sections or keys are errors, as in configparser's strict mode.
 *
 * ```ts
 * const doc = parseIni('[DEFAULT]\nTS_ORGANIZATION_ID = abc\n');
 * doc.defaults.get('ts_organization_id'); // 'abc'
 * ```
 */
export function parseIni(text: string): IniDocument {
  const doc: IniDocument = { defaults: new Map(), sections: new Map() };
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') lastKey = undefined;
      return;
    }
    if (/^\s/.test(raw) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${trimmed}`);
      return;
    }
    const section = SECTION.exec(trimmed);
    if (section) {
      const name = section[1]!;
      if (name === 'DEFAULT') current = doc.defaults;
      else {
        if (doc.sections.has(name)) throw new IniSyntaxError(lineNo, `section [${name}] appears twice`);
        current = new Map();
        doc.sections.set(name, current);
      }
      lastKey = undefined;
      return;
    }
    const option = OPTION.exec(trimmed);
    if (!option) throw new IniSyntaxError(lineNo, 'expected "[SECTION]" or "KEY = value"');
    if (!current) throw new IniSyntaxError(lineNo, 'a key before any [SECTION] header');
    const key = option[1]!.trim().toLowerCase();
    if (current.has(key)) throw new IniSyntaxError(lineNo, `key ${option[1]!.trim()} appears twice in its section`);
    current.set(key, option[2]!.trim());
    lastKey = key;
  });
  return doc;
}

/**
 * A key's value in a section, falling back to `[DEFAULT]`, with `%(name)s` and `%%` interpolated.
 * Undefined when neither has the key.
 *
 * ```ts
 * iniValue(doc, 'STAGING', 'TS_ORGANIZATION_ID'); // the STAGING value, else the DEFAULT one
 * ```
 */
export function iniValue(doc: IniDocument, section: string, key: string, depth = 0): string | undefined {
  const own = section === 'DEFAULT' ? undefined : doc.sections.get(section);
  const raw = own?.get(key.toLowerCase()) ?? doc.defaults.get(key.toLowerCase());
  if (raw === undefined || !raw.includes('%')) return raw;
  if (depth > 10) throw new IniSyntaxError(0, `interpolation of ${key} is too deeply nested`);
  return raw.replace(/%(%|\(([^)]+)\)s)/g, (_match, token: string, name: string | undefined) => {
    if (token === '%') return '%';
    const value = iniValue(doc, section, name!, depth + 1);
    if (value === undefined) throw new IniSyntaxError(0, `${key} refers to %(${name})s, which is not set`);
    return value;
  });
}

/**
 * True when the section itself (not `[DEFAULT]`) sets the key.
 *
 * ```ts
 * iniHasOwn(doc, 'STAGING', 'TS_USER_ID');
 * ```
 */
export function iniHasOwn(doc: IniDocument, section: string, key: string): boolean {
  return (section === 'DEFAULT' ? doc.defaults : doc.sections.get(section))?.has(key.toLowerCase()) ?? false;
}
