/**
 * The enabled rules of each organization, compiled once and bucketed by the event types their filters
 * can match, so an event is only tested against rules that could fire on it. Reloaded when the rules'
 * fingerprint (count, newest update) changes, which catches creates, deletes and edits at once, and in any
 * case when older than `maxAgeMs` (default 2 s), which catches what the fingerprint cannot see: a saved
 * change takes effect within that time plus one detection pass, inside the 5-second promise, whichever
 * process made it.
 *
 * File rules (`type` "File") also carry their file-integrity settings, compiled here into one predicate
 * (`DetectionRule.file`) that the engine tests before the filter; they only ever see `file` events:
 * - `fileIntegrityPaths`: the event's `filename` (normalised: `.`/`..`/`//` resolved) must be a watched path
 *   itself or lie beneath one at a path-segment boundary (`/etc/cron.d` covers `/etc/cron.d/x`, not
 *   `/etc/cron.daily`); `recursive: false` covers direct children only. An empty list (rules stored
 *   without paths, which the REST API refuses) does not restrict.
 * - `ignoreFiles`: an entry without `*` is an exact path; in an entry with `*`, `*` matches any run of
 *   characters within one path segment and `**` any run across segments (`/var/log/*.gz`, `/tmp/**`);
 *   compiled by `compileGlob` (@vigil/rules), which matches in time linear in the path.
 * - `eventsToMonitor`: the event's action — its `type`, else derived from `syscall` as the filter's
 *   `type` field is (`FILE_ACTION_BY_SYSCALL`) — must be listed, case-insensitively; `ALL` (or an empty
 *   list) admits any action.
 * @module
 */
import { posix } from 'node:path';
import { compileGlob, compileRule, FILE_ACTION_BY_SYSCALL, type CompiledRule, type GlobMatcher, type Severity } from '@vigil/rules';
import type { FileIntegrityPath, Rule, RuleTags, Store } from '@vigil/store';
import { INTEL_FIELDS } from './intel-hits.js';

/** One enabled rule, ready for the engine. */
export interface DetectionRule {
  id: string;
  rulesetId: string;
  name: string;
  title: string;
  severity: Severity;
  aggregateFields: readonly string[];
  windowMs: number;
  threshold: number;
  tags: RuleTags;
  compiled: CompiledRule;
  /** File rules: whether a `file` event passes the rule's paths, ignores and monitored actions */
  file?: (data: Record<string, unknown>) => boolean;
  /** ThreatIntel rules: fire only on events naming an active indicator (`intel-hits.ts`), filter still applying */
  intel?: true;
}

/** An organization's enabled rules by event type. */
export interface RuleIndex {
  /** rules whose filter names its event types */
  byType: ReadonlyMap<string, readonly DetectionRule[]>;
  /** rules that may match any event type */
  anyType: readonly DetectionRule[];
  size: number;
  /** how many of them are ThreatIntel rules (0: no indicator lookups needed) */
  intel: number;
}

const NO_TAGS: RuleTags = { inclusion: [], exclusion: [] };
const EMPTY: readonly DetectionRule[] = [];

/** A ThreatIntel rule without a filter: every event passes unless a suppression matches it. */
function matchAllBut(suppressions: readonly string[]): CompiledRule {
  const compiled = suppressions.map((s) => compileRule({ filter: s }));
  const suppressedBy = (event: Record<string, unknown>) => compiled.findIndex((c) => c.test(event));
  return Object.freeze({
    filter: { eventTypes: undefined, test: () => true } as unknown as CompiledRule['filter'],
    suppressions: Object.freeze(compiled.map((c) => c.filter)),
    eventTypes: undefined,
    test: (event: Record<string, unknown>) => suppressedBy(event) < 0,
    suppressedBy,
  });
}

/** Strips trailing slashes (keeping `/` itself), so `/etc/cron.d/` and `/etc/cron.d` watch the same tree. */
function trimSlash(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** A watched path as detection compares it (and agents are told to watch it): `.`/`..`/`//` resolved, no trailing slash. */
export function normalizeWatchedPath(path: string): string {
  return trimSlash(posix.normalize(path.trim()));
}

/**
 * Compiles a File rule's file-integrity settings into one predicate over an event's data (see the module
 * comment for the semantics). Done once per rule when the index is built, not per event.
 *
 * ```ts
 * const passes = compileFileConditions({ fileIntegrityPaths: [{ path: '/etc', recursive: false }], eventsToMonitor: ['modify'] });
 * passes({ event_type: 'file', filename: '/etc/passwd', syscall: 'write' }); // true
 * ```
 */
export function compileFileConditions(
  rule: Pick<Rule, 'fileIntegrityPaths' | 'ignoreFiles' | 'eventsToMonitor'>,
): (data: Record<string, unknown>) => boolean {
  const watched = (rule.fileIntegrityPaths ?? []).map((p: FileIntegrityPath) => {
    const path = normalizeWatchedPath(p.path);
    // As the REST API reads it: only an explicit `true` is recursive.
    return { path, prefix: path === '/' ? '/' : `${path}/`, recursive: p.recursive === true };
  });
  const ignoredExact = new Set<string>();
  const ignoredGlobs: GlobMatcher[] = [];
  for (const entry of rule.ignoreFiles ?? []) {
    if (entry.includes('*')) ignoredGlobs.push(compileGlob(entry));
    else ignoredExact.add(trimSlash(posix.normalize(entry)));
  }
  const actions = new Set((rule.eventsToMonitor ?? []).map((a) => a.toLowerCase()));
  const anyAction = actions.size === 0 || actions.has('all');

  return (data) => {
    if (data.event_type !== 'file' || typeof data.filename !== 'string' || data.filename === '') return false;
    if (!anyAction) {
      const action = typeof data.type === 'string' ? data.type : typeof data.syscall === 'string' ? FILE_ACTION_BY_SYSCALL[data.syscall] : undefined;
      if (action === undefined || !actions.has(action.toLowerCase())) return false;
    }
    // Normalised so `/etc/cron.d/../passwd` cannot pass as a path under /etc/cron.d.
    const filename = trimSlash(posix.normalize(data.filename));
    if (watched.length > 0) {
      let under = false;
      for (const w of watched) {
        if (filename === w.path) under = true;
        else if (filename.startsWith(w.prefix)) under = w.recursive || !filename.includes('/', w.prefix.length);
        if (under) break;
      }
      if (!under) return false;
    }
    if (ignoredExact.has(filename)) return false;
    for (const glob of ignoredGlobs) if (glob(filename)) return false;
    return true;
  };
}

/** What a rule's tests are compiled from (a stored rule, or a rule body a dry run is given). */
export type RuleTestInput = Pick<Rule, 'type' | 'filter' | 'suppressions' | 'fileIntegrityPaths' | 'ignoreFiles' | 'eventsToMonitor'>;

/** How detection tests an event against one rule; `passesRule` (engine.ts) applies them. */
export type RuleTests = Pick<DetectionRule, 'compiled' | 'file' | 'intel'>;

/**
 * Compiles one rule's tests as detection runs them: its filter and suppressions (a ThreatIntel or File
 * rule without a filter matches every event its indicator or paths select), a File rule's paths, ignores
 * and actions, a ThreatIntel rule's mark. Throws when something does not compile. The dry run
 * (routes/console/dry-run.ts) calls it too, so it evaluates what detection would.
 * ```ts
 * const tests = compileRuleTests({ type: 'File', filter: '', suppressions: [], fileIntegrityPaths: [{ path: '/etc', recursive: true }], ignoreFiles: [], eventsToMonitor: ['ALL'] });
 * ```
 */
export function compileRuleTests(rule: RuleTestInput, compiledCache?: Map<string, CompiledRule>): RuleTests {
  const isIntel = rule.type === 'ThreatIntel';
  const isFile = rule.type === 'File';
  // Keyed by the filter text: recompiling hundreds of rules every reload would be wasted work.
  const key = JSON.stringify([rule.filter, rule.suppressions]);
  let compiled = compiledCache?.get(key);
  if (compiled === undefined) {
    compiled = (isIntel || isFile) && rule.filter.trim() === '' ? matchAllBut(rule.suppressions) : compileRule({ filter: rule.filter, suppressions: rule.suppressions });
    compiledCache?.set(key, compiled);
  }
  const tests: RuleTests = { compiled };
  if (isFile) tests.file = compileFileConditions(rule);
  if (isIntel) tests.intel = true;
  return tests;
}

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
  let intel = 0;
  for (const rule of rules) {
    // Vulnerability rules judge findings (vulnerability-alerts.ts), never agent events.
    if (!rule.enabled || rule.type === 'Vulnerability') continue;
    let tests: RuleTests;
    try {
      tests = compileRuleTests(rule, compiledCache);
    } catch (err) {
      onError(rule, err);
      continue;
    }
    const { compiled } = tests;
    const detection: DetectionRule = {
      id: rule.id,
      rulesetId: rule.rulesetId,
      name: rule.name,
      title: rule.title,
      severity: rule.severityOfAlerts,
      // A ThreatIntel alert always names the indicator it matched (and is grouped by it).
      aggregateFields: tests.intel ? [...rule.aggregateFields, ...INTEL_FIELDS.filter((f) => !rule.aggregateFields.includes(f))] : rule.aggregateFields,
      windowMs: Math.max(1, rule.window) * 1000,
      threshold: Math.max(1, rule.threshold),
      tags: rule.tags ?? NO_TAGS,
      ...tests,
    };
    let types: Iterable<string> | undefined = compiled.eventTypes;
    if (tests.file) {
      // A File rule only ever passes `file` events, so it is bucketed there alone (or nowhere, when its
      // filter names only other event types and so can never fire).
      if (compiled.eventTypes !== undefined && !compiled.eventTypes.has('file')) continue;
      types = ['file'];
    }
    if (tests.intel) intel++;
    size++;
    if (types === undefined) anyType.push(detection);
    else {
      for (const type of types) {
        let bucket = byType.get(type);
        if (bucket === undefined) byType.set(type, (bucket = []));
        bucket.push(detection);
      }
    }
  }
  return { byType, anyType, size, intel };
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
  // Merged once per index and event type: an untyped rule (a ThreatIntel rule without a filter) is common.
  let merged = mergedByIndex.get(index)?.get(eventType);
  if (merged === undefined) {
    let byType = mergedByIndex.get(index);
    if (byType === undefined) mergedByIndex.set(index, (byType = new Map()));
    byType.set(eventType, (merged = [...typed, ...index.anyType]));
  }
  return merged;
}
const mergedByIndex = new WeakMap<RuleIndex, Map<string, readonly DetectionRule[]>>();

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
