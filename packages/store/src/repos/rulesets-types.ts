/**
 * Types of the rulesets repository (`rulesets.ts`).
 * @module
 */
import type { RuleType, Severity } from '@vigil/rules';
import type { AgentTag } from './agents-types.js';

export interface Ruleset {
  id: string;
  orgId: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
}

export interface Rule {
  id: string;
  orgId: string;
  rulesetId: string;
  name: string;
  type: RuleType;
  title: string;
  severityOfAlerts: Severity;
  alertDescription: string;
  aggregateFields: string[];
  filter: string;
  window: number;
  threshold: number;
  suppressions: string[];
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** File rules: watched paths; present (possibly empty) on File rules, and on others only when non-empty */
  fileIntegrityPaths?: FileIntegrityPath[];
  /** File rules: paths whose events are ignored; present like fileIntegrityPaths */
  ignoreFiles?: string[];
  /** File rules: `modify`, `delete`, `open`, `attrib` or `ALL`; present like fileIntegrityPaths */
  eventsToMonitor?: string[];
  /** agents the rule applies to (see {@link RuleTags}); absent when the rule has no tags */
  tags?: RuleTags;
  /**
   * why detection disabled the rule by itself (see `RulesetsRepo.disableRule`); absent otherwise, and
   * cleared when the rule is enabled again
   */
  disabledReason?: string;
}

/** One path a File rule watches. */
export interface FileIntegrityPath {
  path: string;
  recursive: boolean;
}

/**
 * Which agents a rule applies to: every agent when `inclusion` is empty, else agents carrying any inclusion
 * tag; never agents carrying an exclusion tag. Tags match on key and value, and on source when the rule's
 * tag names one (an empty source matches any).
 */
export interface RuleTags {
  inclusion: AgentTag[];
  exclusion: AgentTag[];
}

/** Fields of a rule that `updateRule` may change; omitted fields keep their value. */
export type RuleChanges = Partial<Omit<NewRule, 'orgId' | 'rulesetId' | 'id' | 'createdAt'>>;

/** Fields of a ruleset that `update` may change; omitted fields keep their value. */
export interface RulesetChanges {
  name?: string;
  description?: string;
  /**
   * The complete set of rules of the ruleset: listed rules of other rulesets of the organization move in,
   * rules of this ruleset not listed are deleted. Omitted = rules unchanged.
   */
  ruleIds?: string[];
}

/** What `update` did to the ruleset's rules. */
export interface RulesetUpdate {
  ruleset: Ruleset;
  /** rules that moved in from other rulesets */
  movedRuleIds: string[];
  /** rules of this ruleset that were not listed and were deleted */
  deletedRuleIds: string[];
}

export type NewRuleset = Pick<Ruleset, 'orgId' | 'name' | 'description'> & { id?: string; createdAt?: number };

export type NewRule = Omit<Rule, 'id' | 'createdAt' | 'updatedAt'> & { id?: string; createdAt?: number };

export interface RulesetsRepo {
  create(input: NewRuleset): Promise<Ruleset>;
  get(orgId: string, id: string): Promise<Ruleset | undefined>;
  list(orgId: string): Promise<Ruleset[]>;
  createRule(input: NewRule): Promise<Rule>;
  listRules(orgId: string, rulesetId: string): Promise<Rule[]>;
  getRule(orgId: string, id: string): Promise<Rule | undefined>;
  /** the enabled rules of one type across all the org's rulesets (e.g. the File rules agents watch paths for) */
  enabledRulesOfType(orgId: string, type: RuleType): Promise<Rule[]>;
  /** the ruleset named `name`, compared trimmed and case-insensitively (names are unique that way) */
  getByName(orgId: string, name: string): Promise<Ruleset | undefined>;
  /**
   * Creates a ruleset and moves the listed rules of other rulesets of the org into it, in one transaction.
   * Throws StoreConflictError for a duplicate name, StoreNotFoundError when a rule id is not in the org.
   */
  createWithRules(input: NewRuleset, ruleIds: string[]): Promise<RulesetUpdate>;
  /**
   * Changes a ruleset (see {@link RulesetChanges} for `ruleIds`) in one transaction; undefined when the
   * ruleset is not in the org. Throws like createWithRules.
   */
  update(orgId: string, id: string, changes: RulesetChanges): Promise<RulesetUpdate | undefined>;
  /** deletes the ruleset and its rules; false when it is not in the org */
  delete(orgId: string, id: string): Promise<boolean>;
  /** rule ids per ruleset (ordered like listRules), for every ruleset of the org or only those listed */
  ruleIdsByRuleset(orgId: string, rulesetIds?: string[]): Promise<Map<string, string[]>>;
  /** ids of this org's rules among `ids` (to report unknown ids) */
  existingRuleIds(orgId: string, ids: string[]): Promise<string[]>;
  /**
   * Moves the listed rules of the org into `rulesetId`; returns how many changed ruleset. Throws
   * StoreNotFoundError when the ruleset or a rule is not in the org (and then moves nothing).
   */
  moveRules(orgId: string, ruleIds: string[], rulesetId: string): Promise<number>;
  /** changes a rule; undefined when it is not in the org */
  updateRule(orgId: string, id: string, changes: RuleChanges): Promise<Rule | undefined>;
  /**
   * Disables an enabled rule on detection's behalf and stores why; the rule with its new state, or
   * undefined when it is not in the org or was already disabled (so one overrun is reported once, whichever
   * process saw it).
   */
  disableRule(orgId: string, id: string, reason: string, at?: number): Promise<Rule | undefined>;
  /** false when the rule is not in the org */
  deleteRule(orgId: string, id: string): Promise<boolean>;
  /** replaces the rule's tags; undefined when the rule is not in the org */
  setRuleTags(orgId: string, ruleId: string, tags: RuleTags): Promise<RuleTags | undefined>;
  /**
   * Rulesets (ordered like list) with at least one rule that applies to the agent by its tags (see
   * {@link RuleTags}); undefined when the agent is not in the org.
   */
  listRulesetsForAgent(orgId: string, agentId: string): Promise<Ruleset[] | undefined>;
}
