/**
 * The enabled rules of each organization, compiled once and bucketed by the event types their filters
 * can match, so an event is only tested against rules that could fire on it. Reloaded when the rules'
 * fingerprint (count, newest update) changes, which catches creates, deletes and edits at once, and in any
 * case when older than `maxAgeMs` (default 2 s), which catches what the fingerprint cannot see: a saved
 * change takes effect within that time plus one detection pass, inside the 5-second promise, whichever
 * process made it.
 * @module
 */
import { compileRule, type CompiledRule } from '@vigil/rules';
import type { Rule, RuleTags, Store } from '@vigil/store';

/** One enabled rule, ready for the engine. */
export interface DetectionRule {
  id: string;
  rulesetId: string;
  name: string;
  title: string;
  severity: 1 | 2 | 3;
  aggregateFields: readonly string[];
  windowMs: number;
  threshold: number;
  tags: RuleTags;
  compiled: CompiledRule;
}

/** An organization's enabled rules by event type. */
export interface RuleIndex {
  /** rules whose filter names its event types */
  byType: ReadonlyMap<string, readonly DetectionRule[]>;
  /** rules that may match any event type */
  anyType: readonly DetectionRule[];
  size: number;
}

const NO_TAGS: RuleTags = { inclusion: [], exclusion: [] };
const EMPTY: readonly DetectionRule[] = [];

/**
 * Compiles the enabled rules into an index. A rule whose filter does not compile (saved before a language
 * change, or written straight to the database) is skipped and reported, never fatal for the others.
 *
 * ```ts
 * const index = buildRuleIndex(await store.rulesets.listRules(orgId, rulesetId));
 * rulesForType(index, 'audit');
 * ```
 */
export function buildRuleIndex(
  rules: readonly Rule[],
  onError: (rule: Rule, err: unknown) => void = () => {},
  compiledCache?: Map<string, CompiledRule>,
): RuleIndex {
  const byType = new Map<string, DetectionRule[]>();
  const anyType: DetectionRule[] = [];
  let size = 0;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    // Keyed by the filter text: recompiling hundreds of rules every reload would be wasted work.
    const key = JSON.stringify([rule.filter, rule.suppressions]);
    let compiled = compiledCache?.get(key);
    if (compiled === undefined) {
      try {
        compiled = compileRule({ filter: rule.filter, suppressions: rule.suppressions });
      } catch (err) {
        onError(rule, err);
        continue;
      }
      compiledCache?.set(key, compiled);
    }
    const detection: DetectionRule = {
      id: rule.id,
      rulesetId: rule.rulesetId,
      name: rule.name,
      title: rule.title,
      severity: rule.severityOfAlerts,
      aggregateFields: rule.aggregateFields,
      windowMs: Math.max(1, rule.window) * 1000,
      threshold: Math.max(1, rule.threshold),
      tags: rule.tags ?? NO_TAGS,
      compiled,
    };
    size++;
    if (compiled.eventTypes === undefined) anyType.push(detection);
    else {
      for (const type of compiled.eventTypes) {
        let bucket = byType.get(type);
        if (bucket === undefined) byType.set(type, (bucket = []));
        bucket.push(detection);
      }
    }
  }
  return { byType, anyType, size };
}

/**
 * The rules that may fire on an event of `eventType` (typed rules first, then untyped ones).
 *
 * ```ts
 * for (const rule of rulesForType(index, event.eventType)) if (rule.compiled.test(event.data)) fire(rule);
 * ```
 */
export function rulesForType(index: RuleIndex, eventType: string): readonly DetectionRule[] {
  const typed = index.byType.get(eventType) ?? EMPTY;
  if (index.anyType.length === 0) return typed;
  if (typed.length === 0) return index.anyType;
  return [...typed, ...index.anyType];
}

export interface RuleSetCache {
  /** the organization's index, reloaded when older than maxAgeMs */
  get(orgId: string): Promise<RuleIndex>;
  /** forgets one organization (or all), so the next get reloads */
  invalidate(orgId?: string): void;
}

export interface RuleSetCacheOptions {
  store: Store;
  /** default 2000 */
  maxAgeMs?: number;
  onError?: (rule: Rule, err: unknown) => void;
  now?: () => number;
}

/**
 * Creates the cache.
 *
 * ```ts
 * const rules = createRuleSetCache({ store });
 * const index = await rules.get(orgId);
 * ```
 */
export function createRuleSetCache(options: RuleSetCacheOptions): RuleSetCache {
  const { store } = options;
  const maxAgeMs = options.maxAgeMs ?? 2000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { index: RuleIndex; loadedAt: number; fingerprint: string }>();
  const compiled = new Map<string, CompiledRule>();

  async function load(orgId: string): Promise<RuleIndex> {
    const rulesets = await store.rulesets.list(orgId);
    const rules: Rule[] = [];
    for (const rs of rulesets) rules.push(...(await store.rulesets.listRules(orgId, rs.id)));
    // Bounded: filters no longer in use are dropped wholesale rather than tracked one by one.
    if (compiled.size > 20_000) compiled.clear();
    return buildRuleIndex(rules, options.onError, compiled);
  }

  return {
    async get(orgId) {
      const entry = entries.get(orgId);
      const fingerprint = await store.detection.rulesFingerprint(orgId);
      if (entry !== undefined && entry.fingerprint === fingerprint && now() - entry.loadedAt < maxAgeMs) return entry.index;
      const loadedAt = now();
      const index = await load(orgId);
      entries.set(orgId, { index, loadedAt, fingerprint });
      return index;
    },
    invalidate(orgId) {
      if (orgId === undefined) entries.clear();
      else entries.delete(orgId);
    },
  };
}
