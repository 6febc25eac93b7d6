/**
 * The entry points of the filter language: compile a filter once into a reusable predicate, or only
 * check that it would compile (for rule saves).
 * @module
 */
import type { FilterNode } from './ast.js';
import type { EventRecord } from './event-record.js';
import type { FieldSpec } from './fields.js';
import { compileNode } from './compiler.js';
import { FilterError } from './errors.js';
import { EVENT_FIELDS } from './fields.js';
import { parseFilter } from './parser.js';

/** A filter compiled into a predicate. Compile once, call `test` for every event. */
export interface CompiledFilter {
  readonly source: string;
  /** Whether the event matches. Safe to detach: `const t = filter.test; t(event)`. */
  test(event: EventRecord): boolean;
  /** field names the filter reads, in order of first use */
  readonly fields: readonly string[];
  /**
   * The event_type values the filter can match when it requires `event_type = x` or `event_type in (…)`
   * (through `and`, and through `or` when every branch does), else undefined. For bucketing rules.
   */
  readonly eventTypes: ReadonlySet<string> | undefined;
}

/** Options of `compileFilter` and `validateFilter`. */
export interface CompileOptions {
  /** the field table to resolve names against; replaces `EVENT_FIELDS` (spread it to extend it) */
  fields?: Readonly<Record<string, FieldSpec>>;
}

/**
 * Compiles a filter into a predicate. Throws `FilterError` (with position, line and column) for syntax
 * errors, unknown fields, operators or values that do not fit a field's type, invalid regular
 * expressions, and filters over 10,000 characters or nested more than 64 levels.
 *
 * ```ts
 * const filter = compileFilter('event_type = "audit" and command in ("nc", "ncat") and args = "-e"');
 * filter.test({ event_type: 'audit', command: 'nc', args: ['nc', '-e', '/bin/sh'] }); // true
 * filter.eventTypes; // Set { 'audit' }
 * ```
 */
export function compileFilter(source: string, options: CompileOptions = {}): CompiledFilter {
  if (typeof source !== 'string') throw new FilterError('filter must be a string', '', 0);
  const fields = options.fields ?? EVENT_FIELDS;
  const ast = parseFilter(source, fields);
  const test = compileNode(ast, source);
  const used: string[] = [];
  collectFields(ast, used);
  const types = eventTypesOf(ast);
  return Object.freeze({
    source,
    test,
    fields: Object.freeze(used),
    eventTypes: types === undefined ? undefined : new FrozenSet(types),
  });
}

/**
 * Checks a filter without keeping the predicate; for validating rule bodies before saving them.
 *
 * ```ts
 * validateFilter('comand = "sudo"');
 * // { ok: false, message: 'unknown field "comand" at 0 (did you mean "command"?)', position: 0, line: 1, column: 1 }
 * ```
 */
export function validateFilter(
  source: string,
  options: CompileOptions = {},
): { ok: true } | { ok: false; message: string; position: number; line: number; column: number } {
  try {
    compileFilter(source, options);
    return { ok: true };
  } catch (err) {
    if (err instanceof FilterError) return { ok: false, message: err.message, position: err.position, line: err.line, column: err.column };
    throw err;
  }
}

function collectFields(node: FilterNode, out: string[]): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const c of node.children) collectFields(c, out);
      return;
    case 'not':
      collectFields(node.child, out);
      return;
    case 'compare':
      if (!out.includes(node.field)) out.push(node.field);
  }
}

/** The event types a node can match, or undefined when it could match any. */
function eventTypesOf(node: FilterNode): Set<string> | undefined {
  switch (node.kind) {
    case 'compare': {
      if (node.field !== 'event_type' || node.negated || (node.op !== '=' && node.op !== 'in')) return undefined;
      const out = new Set<string>();
      for (const lit of node.values) {
        // event_type = null (or a number) could match events bucketed under no type at all.
        if (lit.kind !== 'string') return undefined;
        out.add(lit.value as string);
      }
      return out;
    }
    case 'and': {
      let acc: Set<string> | undefined;
      for (const c of node.children) {
        const s = eventTypesOf(c);
        if (s === undefined) continue;
        acc = acc === undefined ? s : new Set([...acc].filter((x) => s.has(x)));
      }
      return acc;
    }
    case 'or': {
      const acc = new Set<string>();
      for (const c of node.children) {
        const s = eventTypesOf(c);
        if (s === undefined) return undefined;
        for (const x of s) acc.add(x);
      }
      return acc;
    }
    case 'not':
      return undefined;
  }
}

/** A Set that refuses changes, so a shared compiled filter cannot be altered by one consumer. */
class FrozenSet<T> extends Set<T> {
  #sealed = false;

  constructor(values: Iterable<T>) {
    // Filled through Set's own add: the override below would read #sealed before it exists.
    super();
    for (const v of values) super.add(v);
    this.#sealed = true;
  }

  override add(value: T): this {
    if (this.#sealed) throw new TypeError('eventTypes is read-only');
    return super.add(value);
  }

  override delete(): boolean {
    throw new TypeError('eventTypes is read-only');
  }

  override clear(): void {
    throw new TypeError('eventTypes is read-only');
  }
}
