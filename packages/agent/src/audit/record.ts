/**
 * One line of the kernel audit stream, as auditd writes it to its log or hands it to an af_unix dispatcher
 * plugin: `[node=<host> ]type=<TYPE> msg=audit(<seconds>.<ms>:<serial>): <name>=<value> …`, optionally
 * followed by a 0x1d byte and auditd's "enriched" fields (`UID="root"`, `SYSCALL=execve`, …).
 *
 * Values come in three spellings: `"quoted"` (a string with nothing unusual in it), bare (numbers, flags,
 * `(null)`, or a string auditd hex-encoded because it held spaces, quotes or non-ASCII bytes), and, in user-space
 * records, `msg='op=… acct="…" res=success'`, whose inner fields are read as the record's own.
 * @module
 */

/** A parsed audit record. */
export interface AuditRecord {
  /** record type, e.g. SYSCALL, EXECVE, PATH, USER_LOGIN */
  type: string;
  /** event time, milliseconds since the Unix epoch */
  time: number;
  /** the event's serial number; every record of one event shares time and serial */
  serial: number;
  /** the fields as written, quotes removed */
  fields: Record<string, string>;
  /** names of the fields that were written in double quotes (the others may be hex-encoded strings) */
  quoted: ReadonlySet<string>;
  /** auditd's interpretations after the 0x1d separator (`UID: "root"`), quotes removed */
  enriched: Record<string, string>;
}

const HEADER = /^(?:node=\S+ )?type=(\S+) msg=audit\((\d+)\.(\d{3}):(\d+)\):\s?/;
const ENRICHED_SEPARATOR = '\x1d';

/**
 * Parses one line; `undefined` for a line that is not an audit record (blank, truncated header).
 *
 * ```ts
 * parseAuditRecord('type=CWD msg=audit(1796655440.237:503): cwd="/tmp"');
 * // { type: 'CWD', time: 1796655440237, serial: 503, fields: { cwd: '/tmp' }, … }
 * ```
 */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  const header = HEADER.exec(line);
  if (header === null) return undefined;
  const body = line.slice(header[0].length);
  const split = body.indexOf(ENRICHED_SEPARATOR);
  const fields: Record<string, string> = {};
  const quoted = new Set<string>();
  readFields(split === -1 ? body : body.slice(0, split), fields, quoted);
  const enriched: Record<string, string> = {};
  if (split !== -1) readFields(body.slice(split + 1), enriched, new Set());
  return {
    type: header[1]!,
    time: Number(header[2]) * 1000 + Number(header[3]),
    serial: Number(header[4]),
    fields,
    quoted,
    enriched,
  };
}

/** Reads `name=value` pairs into `out`; a `msg='…'` value is read as more fields. */
function readFields(text: string, out: Record<string, string>, quoted: Set<string>): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    if (eq === -1) return;
    const name = text.slice(i, eq);
    i = eq + 1;
    const open = text[i];
    if (open === '"' || open === "'" || open === '{') {
      const close = open === '{' ? '}' : open;
      const end = text.indexOf(close, i + 1);
      const stop = end === -1 ? n : end;
      const value = text.slice(i + 1, stop);
      i = stop + 1;
      if (open === "'") readFields(value, out, quoted);
      else {
        out[name] = open === '{' ? value.trim() : value;
        if (open === '"') quoted.add(name);
      }
      continue;
    }
    const space = text.indexOf(' ', i);
    const stop = space === -1 ? n : space;
    out[name] = text.slice(i, stop);
    i = stop;
  }
}

const HEX = /^(?:[0-9A-F]{2})+$/;

/**
 * A string field: the quoted text, or the bytes of a hex-encoded one decoded as UTF-8, `undefined` when the
 * field is missing or `(null)`. Fields that are never strings (numbers, flags) should be read from `fields`.
 *
 * ```ts
 * auditString(record, 'a1'); // 'héllo wörld' from a1=68C3A96C6C6F…
 * ```
 */
export function auditString(record: AuditRecord, name: string): string | undefined {
  const value = record.fields[name];
  if (value === undefined || value === '(null)') return undefined;
  if (record.quoted.has(name)) return value;
  return HEX.test(value) ? Buffer.from(value, 'hex').toString('utf8') : value;
}

/** A numeric field, `undefined` when missing or not a decimal number. */
export function auditNumber(record: AuditRecord, name: string): number | undefined {
  const value = record.fields[name];
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}
