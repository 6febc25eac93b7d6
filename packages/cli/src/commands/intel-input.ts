/**
 * Reads indicator files for `vigil intel indicators consume`: a JSON array, NDJSON (one object a line) or
 * CSV with a header row. Items without a type get the `--type` default or the type the value looks like;
 * every refusal names the line or item, before anything is sent.
 * @module
 */
import { detectIndicatorType } from '@vigil/intel';
import type { TqIndicatorInput } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';
import { parseCsv } from '../format/csv.js';

export const INPUT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** What applies to items that do not say. */
export interface ItemDefaults {
  type?: string;
  status?: string;
  source?: string;
}

/** CSV columns; list columns (`sources`, `tags`) separate their entries with `;`. */
export const CSV_COLUMNS = ['value', 'type', 'type_id', 'status', 'description', 'source', 'sources', 'tlp', 'tags', 'published_at', 'last_detected_at', 'expires_at'] as const;

/** The format from the flag, the file name, or the first character. */
export function inputFormat(flag: string | undefined, path: string, text: string): InputFormat {
  if (flag !== undefined) {
    if (!(INPUT_FORMATS as readonly string[]).includes(flag)) throw new UsageError(`--input-format must be one of ${INPUT_FORMATS.join(', ')} (got "${flag}")`);
    return flag as InputFormat;
  }
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'ndjson';
  return 'csv';
}

/**
 * Parses and completes the items of a file.
 * ```ts
 * readIndicatorItems('[{"value":"1.2.3.4"}]', 'json', { status: 'Review' }); // [{ value: '1.2.3.4', type: 'IP Address', status: 'Review' }]
 * ```
 */
export function readIndicatorItems(text: string, format: InputFormat, defaults: ItemDefaults): TqIndicatorInput[] {
  const raw = format === 'json' ? fromJson(text) : format === 'ndjson' ? fromNdjson(text) : fromCsv(text);
  return raw.map(({ item, where }) => completeIndicator(item, where, defaults));
}

interface Located {
  item: Record<string, unknown>;
  where: string;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where}: must be an indicator object`);
  return value as Record<string, unknown>;
}

function fromJson(text: string): Located[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item, i) => ({ item: asObject(item, `item ${i + 1}`), where: `item ${i + 1}` }));
}

function fromNdjson(text: string): Located[] {
  const out: Located[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`line ${i + 1}: not valid JSON: ${(err as Error).message}`);
    }
    out.push({ item: asObject(parsed, `line ${i + 1}`), where: `line ${i + 1}` });
  });
  return out;
}

const splitList = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);

function fromCsv(text: string): Located[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header || !header.includes('value')) throw new UsageError('the CSV needs a header row with a value column');
  for (const h of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(h)) throw new UsageError(`unknown CSV column "${h}"; known: ${CSV_COLUMNS.join(', ')}`);
  }
  const out: Located[] = [];
  rows.forEach((row, i) => {
    const where = `line ${i + 2}`;
    if (row.every((cell) => cell.trim() === '')) return;
    if (row.length > header.length) throw new UsageError(`${where}: ${row.length} fields, the header has ${header.length}`);
    const item: Record<string, unknown> = {};
    const sources: string[] = [];
    let tlp: string | undefined;
    header.forEach((name, c) => {
      const cell = (row[c] ?? '').trim();
      if (cell === '') return;
      if (name === 'source' || name === 'sources') sources.push(...splitList(cell));
      else if (name === 'tlp') tlp = cell;
      else if (name === 'tags') item.tags = splitList(cell);
      else if (name === 'type_id') item.type_id = /^\d+$/.test(cell) ? Number(cell) : cell;
      else item[name] = cell;
    });
    if (sources.length > 0) item.sources = sources.map((name) => ({ name, ...(tlp ? { tlp: { name: tlp } } : {}) }));
    out.push({ item, where });
  });
  return out;
}

/**
 * One item with its type (given, the default, or detected from the value), status and source defaults.
 * ```ts
 * completeIndicator({ value: 'evil.example' }, 'argument', {}); // { value: 'evil.example', type: 'FQDN' }
 * ```
 */
export function completeIndicator(item: Record<string, unknown>, where: string, defaults: ItemDefaults): TqIndicatorInput {
  if (typeof item.value !== 'string' || item.value.trim() === '') throw new UsageError(`${where}: value is required (a string)`);
  const out = { ...item } as TqIndicatorInput;
  if (out.type === undefined && out.type_id === undefined) {
    const type = defaults.type ?? detectIndicatorType(out.value);
    if (!type) throw new UsageError(`${where}: cannot tell the type of ${JSON.stringify(out.value.slice(0, 80))}; add a type column or --type`);
    out.type = type;
  }
  if (out.status === undefined && out.status_id === undefined && defaults.status !== undefined) out.status = defaults.status;
  if (out.sources === undefined && defaults.source !== undefined) out.sources = [{ name: defaults.source }];
  return out;
}
