/**
 * Vigil's detection filter language (Threat Stack-compatible), the host and file event vocabulary,
 * alert title templates and the default "Base Rule Set". Runtime dependencies: re2js, the linear-time
 * engine behind `matches`, and @vigil/intel for IP addresses and CIDR blocks (`ip` fields).
 * @module
 */
export { AGGREGATE_FIELDS } from './aggregate-fields.js';
export type { Comparison, ComparisonOperator, FilterNode, Literal } from './ast.js';
export { BASE_RULE_SET, type DefaultRule } from './base-rule-set.js';
export { compileFilter, validateFilter, type CompileOptions, type CompiledFilter } from './compile-filter.js';
export { FilterError } from './errors.js';
export type { EventRecord } from './event-record.js';
export { EVENT_TYPES, FILE_ACTION_BY_SYSCALL, type FileAction } from './event-types.js';
export { DERIVED_FIELDS, getField } from './field-access.js';
export { compileGlob, type GlobMatcher } from './glob.js';
export { EVENT_FIELDS, type FieldSpec, type FieldType } from './fields.js';
export { compileLike } from './like.js';
export { MAX_FILTER_LENGTH, MAX_NESTING_DEPTH, MAX_REGEX_LENGTH } from './limits.js';
export { parseFilter } from './parser.js';
export { compileRegex, type Regex } from './regex.js';
export {
  FILE_EVENT_REASON,
  FILE_EVENTS,
  readRuleDefinition,
  RULE_TYPE_REASON,
  ruleTypeNamed,
  type FileEvent,
  type RuleDefinition,
  type RuleDefinitionInput,
  type RuleProblem,
} from './rule-definition.js';
export { compileRule, type CompiledRule, type RuleFilters } from './rule.js';
export { renderTemplate, templateFields } from './template.js';
export { isRuleType, isSeverity, RULE_TYPES, SEVERITIES, type RuleType, type Severity } from './vocabulary.js';
export { VULNERABILITY_FIELDS } from './vulnerability-fields.js';
