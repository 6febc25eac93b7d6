/**
 * A rule's filter and suppressions compiled together: the rule fires on an event its filter matches
 * unless one of its suppressions (filters too) matches the same event.
 * @module
 */
import type { CompileOptions, CompiledFilter } from './compile-filter.js';
import type { EventRecord } from './event-record.js';
import { compileFilter } from './compile-filter.js';
import { FilterError } from './errors.js';

/** The parts of a rule that decide whether an event fires it. */
export interface RuleFilters {
  filter: string;
  suppressions?: readonly string[];
}

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly filter: CompiledFilter;
  readonly suppressions: readonly CompiledFilter[];
  /** the filter's event types, for bucketing (see `CompiledFilter.eventTypes`) */
  readonly eventTypes: ReadonlySet<string> | undefined;
  /** The filter matches and no suppression does. */
  test(event: EventRecord): boolean;
  /** Index of the first suppression matching the event, or -1; the filter is not consulted. */
  suppressedBy(event: EventRecord): number;
}

/**
 * Compiles a rule's filter and suppressions. A `FilterError` from a suppression has its reason prefixed
 * with `suppressions[i]: ` and its position relative to that suppression.
 *
 * ```ts
 * const rule = compileRule({ filter: 'event_type = "sudo"', suppressions: ['user = "ansible"'] });
 * rule.test({ event_type: 'sudo', user: 'ansible' }); // false
 * ```
 */
export function compileRule(rule: RuleFilters, options: CompileOptions = {}): CompiledRule {
  const filter = compileFilter(rule.filter, options);
  const suppressions = (rule.suppressions ?? []).map((source, i) => {
    try {
      return compileFilter(source, options);
    } catch (err) {
      if (err instanceof FilterError) throw new FilterError(`suppressions[${i}]: ${err.reason}`, source, err.position, err.hint);
      throw err;
    }
  });
  const matches = filter.test;
  const tests = suppressions.map((s) => s.test);
  const suppressedBy = (event: EventRecord): number => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(event)) return i;
    return -1;
  };
  return Object.freeze({
    filter,
    suppressions: Object.freeze(suppressions),
    eventTypes: filter.eventTypes,
    test: (event: EventRecord) => matches(event) && suppressedBy(event) < 0,
    suppressedBy,
  });
}
