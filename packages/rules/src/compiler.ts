/**
 * Turns a parsed filter into a tree of closures. Everything that depends only on the filter (type
 * checks, literal conversion, sets for `in`, CIDR blocks, LIKE matchers, regular expressions) happens
 * here, once; evaluating an event is then only field reads and comparisons.
 * @module
 */
import { cidrContains, parseCidr, parseIp, type Cidr, type IpAddress } from '@vigil/intel';
import type { Comparison, FilterNode, Literal } from './ast.js';
import type { EventRecord } from './event-record.js';
import { toBoolean, toNumber, toText } from './coerce.js';
import { FilterError } from './errors.js';
import { fieldGetter } from './field-access.js';
import { compileLike } from './like.js';
import { compileRegex, type Regex } from './regex.js';

export type Predicate = (event: EventRecord) => boolean;

/** A test of one non-null scalar value. */
type ScalarTest = (value: unknown) => boolean;

/**
 * Compiles a syntax tree into a predicate, type-checking every comparison against its field. Throws
 * `FilterError` pointing at the operator or value that does not fit.
 *
 * ```ts
 * const test = compileNode(parseFilter('dst_port >= 1024', EVENT_FIELDS), 'dst_port >= 1024');
 * test({ dst_port: 4444 }); // true
 * ```
 */
export function compileNode(node: FilterNode, source: string): Predicate {
  switch (node.kind) {
    case 'and':
      return all(node.children.map((c) => compileNode(c, source)));
    case 'or':
      return any(node.children.map((c) => compileNode(c, source)));
    case 'not': {
      const inner = compileNode(node.child, source);
      return (e) => !inner(e);
    }
    case 'compare':
      return compileComparison(node, source);
  }
}

function all(preds: Predicate[]): Predicate {
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (e) => a(e) && b(e);
  }
  if (preds.length === 3) {
    const [a, b, c] = preds as [Predicate, Predicate, Predicate];
    return (e) => a(e) && b(e) && c(e);
  }
  return (e) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(e)) return false;
    return true;
  };
}

function any(preds: Predicate[]): Predicate {
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (e) => a(e) || b(e);
  }
  return (e) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(e)) return true;
    return false;
  };
}

function compileComparison(node: Comparison, source: string): Predicate {
  const { test, nullMatches } = scalarTest(node, source);
  const get = fieldGetter(node.field);
  // A missing field is null; an array matches when any element does (and `not …` when none does,
  // since negation wraps the whole comparison).
  const base: Predicate = (e) => {
    const v = get(e);
    if (v == null) return nullMatches;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x != null && test(x)) return true;
      }
      return false;
    }
    return test(v);
  };
  return node.negated ? (e) => !base(e) : base;
}

interface Checked {
  test: ScalarTest;
  nullMatches: boolean;
}

const never: ScalarTest = () => false;

function scalarTest(node: Comparison, source: string): Checked {
  const fail = (reason: string, at: number, hint?: string): never => {
    throw new FilterError(reason, source, at, hint);
  };
  const { op, spec, field } = node;
  const type = spec.type;
  const typeName = `${type} field "${field}"`;

  // null only makes sense for presence tests.
  let nullMatches = false;
  const values: Literal[] = [];
  for (const lit of node.values) {
    if (lit.kind !== 'null') {
      values.push(lit);
      continue;
    }
    if (op !== '=' && op !== 'in') fail(`null cannot be used with "${node.opText}"`, lit.start, 'null works with =, != and in');
    nullMatches = true;
  }
  if (values.length === 0) return { test: never, nullMatches };

  const isStringOp = op === 'starts_with' || op === 'ends_with' || op === 'contains' || op === 'like' || op === 'matches';
  const isOrder = op === '<' || op === '<=' || op === '>' || op === '>=';

  if (type === 'boolean' && op !== '=' && op !== 'in') {
    fail(`operator "${node.opText}" is not valid for ${typeName}`, node.opStart, 'boolean fields take =, != and in');
  }
  if (type === 'number' && isStringOp) fail(`operator "${node.opText}" is not valid for ${typeName}`, node.opStart, 'number fields take =, !=, <, <=, >, >= and in');
  if (type === 'ip' && isOrder) fail(`operator "${node.opText}" is not valid for ${typeName}`, node.opStart, 'compare addresses with =, != or in, e.g. dst_ip in (10.0.0.0/8)');

  for (const lit of values) {
    if (lit.kind === 'address' && type !== 'ip') {
      fail(`IP address or CIDR ${lit.raw} is only valid for ip fields, and "${field}" is a ${type} field`, lit.start, `quote it to compare text: "${lit.raw}"`);
    }
    if (lit.kind === 'address' && isStringOp) fail(`"${node.opText}" needs a quoted string, found address ${lit.raw}`, lit.start);
  }

  if (isStringOp) {
    const lit = values[0]!;
    if (lit.kind === 'boolean') fail(`"${node.opText}" needs a string, found ${lit.raw}`, lit.start);
    if (lit.kind === 'number' && (op === 'like' || op === 'matches')) fail(`"${node.opText}" needs a quoted string, found number ${lit.raw}`, lit.start);
    const text = lit.kind === 'number' ? String(lit.value) : (lit.value as string);
    return { test: stringOpTest(op, text, lit, source), nullMatches };
  }

  if (isOrder) {
    const lit = values[0]!;
    if (lit.kind === 'boolean') fail(`"${node.opText}" cannot compare ${lit.raw}`, lit.start);
    if (type === 'number' || lit.kind === 'number') {
      const n = lit.kind === 'number' ? (lit.value as number) : toNumber(lit.value);
      if (n === undefined) fail(`expected a number for ${typeName}, found ${lit.raw}`, lit.start);
      return { test: numericOrder(op, n!), nullMatches };
    }
    return { test: textOrder(op, lit.value as string), nullMatches };
  }

  // = and in
  switch (type) {
    case 'number': {
      const set = new Set<number>();
      for (const lit of values) {
        const n = lit.kind === 'number' ? (lit.value as number) : lit.kind === 'string' ? toNumber(lit.value) : undefined;
        if (n === undefined) fail(`expected a number for ${typeName}, found ${lit.raw}`, lit.start);
        set.add(n!);
      }
      if (set.size === 1) {
        const only = [...set][0]!;
        return { test: (v) => (typeof v === 'number' ? v === only : toNumber(v) === only), nullMatches };
      }
      return {
        test: (v) => {
          const n = typeof v === 'number' ? v : toNumber(v);
          return n !== undefined && set.has(n);
        },
        nullMatches,
      };
    }
    case 'boolean': {
      const set = new Set<boolean>();
      for (const lit of values) {
        const b = lit.kind === 'boolean' ? (lit.value as boolean) : toBoolean(lit.value);
        if (b === undefined) fail(`expected true or false for ${typeName}, found ${lit.raw}`, lit.start);
        set.add(b!);
      }
      return { test: (v) => { const b = toBoolean(v); return b !== undefined && set.has(b); }, nullMatches };
    }
    case 'ip': {
      const blocks: Cidr[] = [];
      for (const lit of values) {
        if (lit.kind !== 'address' && lit.kind !== 'string') fail(`expected an IP address or CIDR for ${typeName}, found ${lit.raw}`, lit.start);
        try {
          blocks.push(parseCidr(lit.value as string));
        } catch (err) {
          const why = err instanceof RangeError ? err.message : String(err);
          fail(
            lit.kind === 'string' ? `expected an IP address or CIDR for ${typeName}, found ${lit.raw}: ${why}` : why,
            lit.start,
            lit.kind === 'string' ? 'use starts_with, like or matches to compare the address as text' : undefined,
          );
        }
      }
      return { test: ipTest(blocks), nullMatches };
    }
    default: {
      // string and string[]
      const set = new Set<string>();
      for (const lit of values) {
        if (lit.kind === 'boolean') fail(`expected a string for ${typeName}, found ${lit.raw}`, lit.start, `quote it: "${lit.raw}"`);
        set.add(lit.kind === 'number' ? String(lit.value) : (lit.value as string));
      }
      if (set.size === 1) {
        const only = [...set][0]!;
        return { test: (v) => (typeof v === 'string' ? v === only : toText(v) === only), nullMatches };
      }
      return {
        test: (v) => {
          const s = typeof v === 'string' ? v : toText(v);
          return s !== undefined && set.has(s);
        },
        nullMatches,
      };
    }
  }
}

function stringOpTest(op: Comparison['op'], text: string, lit: Literal, source: string): ScalarTest {
  switch (op) {
    case 'starts_with':
      return (v) => (typeof v === 'string' ? v : toText(v))?.startsWith(text) === true;
    case 'ends_with':
      return (v) => (typeof v === 'string' ? v : toText(v))?.endsWith(text) === true;
    case 'contains':
      return (v) => (typeof v === 'string' ? v : toText(v))?.includes(text) === true;
    case 'like': {
      const match = compileLike(text);
      return (v) => {
        const s = typeof v === 'string' ? v : toText(v);
        return s !== undefined && match(s);
      };
    }
    default: {
      let re: Regex;
      try {
        re = compileRegex(text);
      } catch (err) {
        throw new FilterError(err instanceof Error ? err.message : String(err), source, lit.start);
      }
      return (v) => {
        const s = typeof v === 'string' ? v : toText(v);
        return s !== undefined && re.test(s);
      };
    }
  }
}

function numericOrder(op: string, n: number): ScalarTest {
  const read = (v: unknown): number => (typeof v === 'number' ? v : (toNumber(v) ?? Number.NaN));
  switch (op) {
    case '<':
      return (v) => read(v) < n;
    case '<=':
      return (v) => read(v) <= n;
    case '>':
      return (v) => read(v) > n;
    default:
      return (v) => read(v) >= n;
  }
}

function textOrder(op: string, s: string): ScalarTest {
  switch (op) {
    case '<':
      return (v) => { const t = toText(v); return t !== undefined && t < s; };
    case '<=':
      return (v) => { const t = toText(v); return t !== undefined && t <= s; };
    case '>':
      return (v) => { const t = toText(v); return t !== undefined && t > s; };
    default:
      return (v) => { const t = toText(v); return t !== undefined && t >= s; };
  }
}

function ipTest(blocks: readonly Cidr[]): ScalarTest {
  // Agents repeat the same few addresses, so remembering the last parse skips most of the work.
  let lastText: string | undefined;
  let lastIp: IpAddress | undefined;
  const read = (v: unknown): IpAddress | undefined => {
    const s = typeof v === 'string' ? v : toText(v);
    if (s === undefined) return undefined;
    if (s !== lastText) {
      lastText = s;
      lastIp = parseIp(s);
    }
    return lastIp;
  };
  if (blocks.length === 1) {
    const block = blocks[0]!;
    return (v) => {
      const ip = read(v);
      return ip !== undefined && cidrContains(block, ip);
    };
  }
  return (v) => {
    const ip = read(v);
    if (ip === undefined) return false;
    for (let i = 0; i < blocks.length; i++) if (cidrContains(blocks[i]!, ip)) return true;
    return false;
  };
}
