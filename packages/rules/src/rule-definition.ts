/**
 * The checks a rule definition must pass that belong to the rule language rather than to a request's
 * shape: the rule type in any spelling, a filter and suppressions that compile, aggregate fields from
 * the type's vocabulary, a File rule's watched paths and events. The server runs them after its schema
 * has checked the shape, and words the problem for its surface.
 * @module
 */
import { AGGREGATE_FIELDS } from './aggregate-fields.js';
import { compileFilter } from './compile-filter.js';
import { FilterError } from './errors.js';
import { RULE_TYPES, type RuleType } from './vocabulary.js';
import { VULNERABILITY_FIELDS } from './vulnerability-fields.js';

/** What a File rule can watch for, as Threat Stack spells it (`ALL` is every one). */
export const FILE_EVENTS = Object.freeze(['modify', 'delete', 'open', 'attrib', 'ALL'] as const);
export type FileEvent = (typeof FILE_EVENTS)[number];

/** The reason given for a rule type that is not one. */
export const RULE_TYPE_REASON = `Must be one of ${RULE_TYPES.join(', ')}.`;
/** The reason given for a File rule event that is not one. */
export const FILE_EVENT_REASON = `Must be one of ${FILE_EVENTS.join(', ')}.`;

/** A rule definition as written, its shape already checked (strings are strings, lists are lists). */
export interface RuleDefinitionInput {
  type: string;
  filter?: string | null;
  suppressions?: readonly string[] | null;
  aggregateFields?: readonly string[] | null;
  /** how many paths a File rule watches */
  watchedPaths?: number;
  eventsToMonitor?: readonly string[] | null;
}

/** The same definition in its stored form: canonical names, duplicates dropped, defaults applied. */
export interface RuleDefinition {
  type: RuleType;
  filter: string;
  suppressions: string[];
  aggregateFields: string[];
  /** File rules only (empty for the others); default `['ALL']` */
  eventsToMonitor: FileEvent[];
}

/** Why a definition is refused: `field` is `filter`, `suppressions[1]`, `eventsToMonitor[0]`, … */
export type RuleProblem =
  | { kind: 'missing'; field: string }
  | { kind: 'invalid'; field: string; reason: string }
  | { kind: 'filter'; field: string; error: FilterError };

/**
 * `Host`, `File`, `ThreatIntel` or `Vulnerability` from any spelling of them (`host`, `FILE`, `threat_intel`).
 * ```ts
 * ruleTypeNamed('threat-intel'); // 'ThreatIntel'
 * ```
 */
export function ruleTypeNamed(spelling: string): RuleType | undefined {
  const key = spelling.replace(/[\s_-]/g, '').toLowerCase();
  return RULE_TYPES.find((t) => t.toLowerCase() === key);
}

function fileEventNamed(spelling: string): FileEvent | undefined {
  const key = spelling.trim().toLowerCase();
  return FILE_EVENTS.find((e) => e.toLowerCase() === key);
}

function filterProblem(field: string, source: string, type: RuleType): RuleProblem | undefined {
  try {
    // Vulnerability rules filter findings, not agent events.
    compileFilter(source, type === 'Vulnerability' ? { fields: VULNERABILITY_FIELDS } : {});
    return undefined;
  } catch (err) {
    if (err instanceof FilterError) return { kind: 'filter', field, error: err };
    throw err;
  }
}

function aggregateProblem(type: RuleType, fields: readonly string[]): RuleProblem | undefined {
  const allowed = AGGREGATE_FIELDS[type];
  for (const field of fields) {
    if (field === 'rule_id') return { kind: 'invalid', field: 'aggregateFields', reason: '"rule_id" is deprecated and can no longer be set.' };
    if (!allowed.includes(field)) {
      return {
        kind: 'invalid',
        field: 'aggregateFields',
        reason: `"${field.slice(0, 64)}" is not an aggregate field of ${type} rules; use ${allowed.join(', ')}.`,
      };
    }
  }
  return undefined;
}

/**
 * Checks a rule definition in the order a reader meets its fields and answers its stored form, or the
 * first problem.
 * ```ts
 * const read = readRuleDefinition({ type: 'host', filter: 'command = "sudo"' });
 * if (read.ok) read.rule.type; // 'Host'
 * ```
 */
export function readRuleDefinition(input: RuleDefinitionInput): { ok: true; rule: RuleDefinition } | { ok: false; problem: RuleProblem } {
  const fail = (problem: RuleProblem) => ({ ok: false as const, problem });
  const type = ruleTypeNamed(input.type);
  if (!type) return fail({ kind: 'invalid', field: 'type', reason: RULE_TYPE_REASON });
  const aggregateFields = [...new Set(input.aggregateFields ?? [])];
  const aggregate = aggregateProblem(type, aggregateFields);
  if (aggregate) return fail(aggregate);
  const filter = input.filter ?? '';
  if (filter.trim() === '') {
    // File rules select events by path, threat-intel rules by indicator, vulnerability rules take every
    // new finding; a host rule needs a filter.
    if (type === 'Host') {
      return fail(input.filter == null ? { kind: 'missing', field: 'filter' } : { kind: 'invalid', field: 'filter', reason: 'Must not be empty for Host rules.' });
    }
  } else {
    const problem = filterProblem('filter', filter, type);
    if (problem) return fail(problem);
  }
  const suppressions = [...(input.suppressions ?? [])];
  for (const [i, source] of suppressions.entries()) {
    const problem = filterProblem(`suppressions[${i}]`, source, type);
    if (problem) return fail(problem);
  }
  let eventsToMonitor: FileEvent[] = [];
  if (type === 'File') {
    if (!input.watchedPaths) return fail({ kind: 'invalid', field: 'fileIntegrityPaths', reason: 'A File rule must watch at least one path.' });
    if (input.eventsToMonitor?.length === 0) {
      return fail({ kind: 'invalid', field: 'eventsToMonitor', reason: `Must list at least one of ${FILE_EVENTS.join(', ')}.` });
    }
    const events: FileEvent[] = [];
    for (const [i, spelling] of (input.eventsToMonitor ?? ['ALL']).entries()) {
      const event = fileEventNamed(spelling);
      if (!event) return fail({ kind: 'invalid', field: `eventsToMonitor[${i}]`, reason: FILE_EVENT_REASON });
      events.push(event);
    }
    eventsToMonitor = [...new Set(events)];
  }
  return { ok: true, rule: { type, filter, suppressions, aggregateFields, eventsToMonitor } };
}
