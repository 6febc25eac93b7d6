/**
 * STIX 2.1 Cyber-observable objects (SCOs) for indicator values, and the way back: which indicator type
 * and value an SCO or a pattern comparison stands for. Ids follow the spec's ID-contributing properties
 * (§6: `value` for addresses, domains and URLs; `hashes`/`name` for files; `name` for mutexes; `number`
 * for autonomous systems).
 * @module
 */
import { INDICATOR_TYPES } from '../indicator-types.js';
import { customObjectPath, joinFilePath, OBJECT_PATHS } from '../stix-pattern.js';
import { scoId } from './ids.js';
import { parseStixPattern, type StixComparison } from './pattern-parser.js';

export interface StixObservable {
  type: string;
  spec_version: '2.1';
  id: string;
  [property: string]: unknown;
}

const VALUE_TYPES: Readonly<Record<string, string>> = {
  'IP Address': 'ipv4-addr',
  'IPv6 Address': 'ipv6-addr',
  FQDN: 'domain-name',
  URL: 'url',
  'Email Address': 'email-addr',
  'MAC Address': 'mac-addr',
};

/** Indicator hash types with a name in the STIX hash-algorithm vocabulary. */
const HASH_NAMES: Readonly<Record<string, string>> = { MD5: 'MD5', 'SHA-1': 'SHA-1', 'SHA-256': 'SHA-256', 'SHA-512': 'SHA-512' };

function sco(type: string, contributing: Record<string, unknown>): StixObservable {
  return { type, spec_version: '2.1', id: scoId(type, contributing), ...contributing };
}

/**
 * The SCO an indicator value describes, or undefined when there is none (e.g. CVE, String, SHA-384).
 * ```ts
 * observableFor('IP Address', '198.51.100.3'); // { type: 'ipv4-addr', id: 'ipv4-addr--28bb3599-…', value: '198.51.100.3', … }
 * ```
 */
export function observableFor(typeName: string, normalizedValue: string): StixObservable | undefined {
  const valueType = VALUE_TYPES[typeName];
  if (valueType) return sco(valueType, { value: normalizedValue });
  if (typeName === 'CIDR Block') return sco(normalizedValue.includes(':') ? 'ipv6-addr' : 'ipv4-addr', { value: normalizedValue });
  const hash = HASH_NAMES[typeName];
  if (hash) return sco('file', { hashes: { [hash]: normalizedValue } });
  if (typeName === 'Filename') return sco('file', { name: normalizedValue });
  if (typeName === 'Mutex') return sco('mutex', { name: normalizedValue });
  if (typeName === 'ASN') {
    const digits = /^AS(\d+)$/i.exec(normalizedValue)?.[1];
    return digits === undefined ? undefined : sco('autonomous-system', { number: Number(digits) });
  }
  return undefined;
}

/** An indicator to import: a type name and a raw value (normalized later). */
export interface IndicatorCandidate {
  type: string;
  value: string;
}

const SCO_VALUE_TYPES: Readonly<Record<string, string>> = {
  'ipv6-addr': 'IPv6 Address',
  'domain-name': 'FQDN',
  url: 'URL',
  'email-addr': 'Email Address',
  'mac-addr': 'MAC Address',
};

const ipv4Type = (value: string) => (value.includes('/') ? 'CIDR Block' : 'IP Address');

/** The indicators an SCO carries (a file can carry several hashes and a name); [] for other objects. */
export function candidatesFromObservable(object: Record<string, unknown>): IndicatorCandidate[] {
  const out: IndicatorCandidate[] = [];
  const type = object.type;
  const value = object.value;
  if (type === 'ipv4-addr' && typeof value === 'string') out.push({ type: ipv4Type(value), value });
  else if (type === 'ipv6-addr' && typeof value === 'string' && value.includes('/')) out.push({ type: 'CIDR Block', value });
  else if (typeof type === 'string' && SCO_VALUE_TYPES[type] && typeof value === 'string') out.push({ type: SCO_VALUE_TYPES[type]!, value });
  else if (type === 'file') {
    const hashes = object.hashes;
    if (hashes && typeof hashes === 'object') {
      for (const [name, hash] of Object.entries(hashes as Record<string, unknown>)) {
        const typeName = Object.keys(HASH_NAMES).find((k) => k.toLowerCase() === name.toLowerCase());
        if (typeName && typeof hash === 'string') out.push({ type: typeName, value: hash });
      }
    }
    if (typeof object.name === 'string') out.push({ type: 'Filename', value: object.name });
  } else if (type === 'mutex' && typeof object.name === 'string') out.push({ type: 'Mutex', value: object.name });
  else if (type === 'autonomous-system' && Number.isInteger(object.number)) out.push({ type: 'ASN', value: `AS${object.number}` });
  return out;
}

/** `objectType:steps` of a comparison, lower case: quoting and `[*]` vs `.` do not matter. */
const comparisonKey = (c: Pick<StixComparison, 'objectType' | 'steps'>) => `${c.objectType}:${c.steps.join('.')}`.toLowerCase();

/**
 * Simple equality comparisons → indicator type: every path the export writes (stixPattern's object paths and
 * Vigil's custom objects), plus the spellings other producers use.
 */
const COMPARISON_TYPES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    INDICATOR_TYPES.flatMap((t) => [OBJECT_PATHS[t.name], customObjectPath(t.name)].filter((p) => p !== undefined).map((p) => [comparisonKey(parseStixPattern(`[${p} = '']`).comparisons[0]!), t.name])),
  ),
  'file:hashes.sha1': 'SHA-1',
  'file:hashes.sha256': 'SHA-256',
  'file:hashes.sha512': 'SHA-512',
  'file:hashes.ssdeep': 'Fuzzy Hash',
  'directory:path': 'File Path',
};

/**
 * The indicator an equality comparison names, e.g. `[domain-name:value = 'example.com']` → FQDN; undefined
 * for other operators, negations and paths without an indicator type.
 */
export function candidateFromComparison(c: StixComparison): IndicatorCandidate | undefined {
  if (c.operator !== '=' || c.negated) return undefined;
  const key = comparisonKey(c);
  if (key === 'autonomous-system:number' && c.literal.kind === 'int') return { type: 'ASN', value: `AS${c.literal.value}` };
  if (c.literal.kind !== 'string') return undefined;
  if (key === 'ipv4-addr:value') return { type: ipv4Type(c.literal.value), value: c.literal.value };
  if (key === 'ipv6-addr:value' && c.literal.value.includes('/')) return { type: 'CIDR Block', value: c.literal.value };
  const type = COMPARISON_TYPES[key];
  return type === undefined ? undefined : { type, value: c.literal.value };
}

const isStringEquality = (c: StixComparison) => c.operator === '=' && !c.negated && c.literal.kind === 'string';

/**
 * The File Path that `[file:parent_directory_ref.path = 'dir' AND file:name = 'name']` (the export's form)
 * names, or undefined for any other list of comparisons.
 */
export function filePathFromComparisons(comparisons: readonly StixComparison[]): IndicatorCandidate | undefined {
  if (comparisons.length !== 2 || !comparisons.every(isStringEquality)) return undefined;
  const directory = comparisons.find((c) => comparisonKey(c) === 'file:parent_directory_ref.path');
  const name = comparisons.find((c) => comparisonKey(c) === 'file:name');
  if (!directory || !name || directory.literal.kind !== 'string' || name.literal.kind !== 'string') return undefined;
  return { type: 'File Path', value: joinFilePath(directory.literal.value, name.literal.value) };
}
