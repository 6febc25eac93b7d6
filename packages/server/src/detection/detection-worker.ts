/**
 * Runs detection over stored event batches and writes its decisions. Each pass takes the oldest pending
 * batches (of every organization), runs the engine on them, and commits the new alerts, the attached
 * events and the "processed" marks of those batches in one transaction. A crash (even SIGKILL) between
 * passes or inside one therefore loses nothing and doubles nothing: uncommitted batches are simply
 * processed again on the next start. The worker polls, so batches stored by other processes are picked up
 * too; several processes may run it against one database (a batch is committed by exactly one of them,
 * though each counts thresholds only over the batches it processed).
 * @module
 */
import type { AgentTag, DetectionCommit, Rule, Store } from '@vigil/store';
import { disableRule, type RuleDisabled } from './disable-rule.js';
import { createDetectionEngine, type DetectionEngine } from './engine.js';
import type { RecentBatches } from './recent-batches.js';
import { createIntelCache, type IntelCache } from './intel-cache.js';
import { intelHits } from './intel-hits.js';
import type { IntelIndex } from './intel-index.js';
import { DEFAULT_RULE_BUDGET_MS, RuleMeter, type RuleOverrun } from './rule-meter.js';
import { createRuleSetCache, type RuleIndex, type RuleSetCache } from './rule-set-cache.js';

export interface DetectionWorker {
  /** processes pending batches until none is left; resolves to how many were processed */
  drain(): Promise<number>;
  /** asks for a pass now instead of at the next poll */
  nudge(): void;
  /** stops polling and waits for a pass in progress */
  stop(): Promise<void>;
}

export interface DetectionWorkerOptions {
  store: Store;
  /** time between polls when idle (default 250 ms) */
  intervalMs?: number;
  /** batches per transaction (default 50) */
  batchesPerPass?: number;
  /** a rule cache of the caller's (then rules whose filter no longer compiles are only skipped, not disabled) */
  rules?: RuleSetCache;
  /** indicators for ThreatIntel rules */
  intel?: IntelCache;
  engine?: DetectionEngine;
  /** where a failed pass is reported (it is retried at the next poll) */
  onError?: (err: unknown) => void;
  /** batches this process just stored, whose events need not be read back (and whose arrival wakes the worker) */
  recent?: RecentBatches;
  /** called after a pass committed new alerts (their webhook deliveries are in the outbox) */
  onCommitted?: () => void;
  /** ms an organization's rules may spend per 1,000 events of a pass (default 1000; 0 turns the budget off; see `rule-meter.ts`) */
  ruleBudgetMs?: number;
  /** a rule was disabled: its filter no longer compiles, or it overran the budget (stored and audited already) */
  onRuleDisabled?: (disabled: RuleDisabled) => void;
}

/** Agent tags change rarely (heartbeats); this staleness is inside the 5-second promise. */
const AGENT_TAGS_MAX_AGE_MS = 2000;

/**
 * Starts the worker (its timer does not keep the process alive).
 *
 * ```ts
 * const worker = startDetectionWorker({ store, onError: (err) => log.error({ err }) });
 * await worker.stop();
 * ```
 */
export function startDetectionWorker(options: DetectionWorkerOptions): DetectionWorker {
  const { store, recent } = options;
  const intervalMs = options.intervalMs ?? 250;
  const limit = options.batchesPerPass ?? 50;
  const budgetMs = options.ruleBudgetMs ?? DEFAULT_RULE_BUDGET_MS;
  /** enabled rules whose filter did not compile at the last load, to be disabled */
  const broken: Array<{ rule: Rule; err: unknown }> = [];
  const rules = options.rules ?? createRuleSetCache({ store, onError: (rule, err) => broken.push({ rule, err }) });
  const intel = options.intel ?? createIntelCache({ store });
  const engine = options.engine ?? createDetectionEngine();
  const agentTags = new Map<string, { tags: readonly AgentTag[]; at: number }>();
  let running: Promise<number> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // A nudge during a pass: run again as soon as it ends instead of after the poll interval.
  let nudged = false;

  async function tagsOf(orgId: string, agentId: string): Promise<readonly AgentTag[]> {
    const cached = agentTags.get(agentId);
    if (cached !== undefined && Date.now() - cached.at < AGENT_TAGS_MAX_AGE_MS) return cached.tags;
    const agent = await store.agents.get(orgId, agentId);
    const tags = agent?.tags ?? [];
    if (agentTags.size > 100_000) agentTags.clear();
    agentTags.set(agentId, { tags, at: Date.now() });
    return tags;
  }

  async function disable(what: RuleDisabled): Promise<void> {
    if (await disableRule(store, what)) options.onRuleDisabled?.(what);
    rules.invalidate(what.orgId);
  }

  /** A stored rule the language no longer accepts (say, a backreference saved before RE2) is turned off. */
  async function disableBroken(): Promise<void> {
    for (const { rule, err } of broken.splice(0)) {
      const why = err instanceof Error ? err.message : String(err);
      await disable({ orgId: rule.orgId, ruleId: rule.id, name: rule.name, reason: `its filter no longer compiles: ${why}` });
    }
  }

  async function disableOverrun(orgId: string, o: RuleOverrun): Promise<void> {
    const ms = (v: number) => `${Math.round(v)} ms`;
    const reason =
      `evaluating it took ${ms(o.spentMs)} (all of the organization's rules ${ms(o.totalMs)}) where the organization's ` +
      `rules may take ${ms(o.allowedMs)} on those events; make its filter or ignoreFiles cheaper, then enable it again`;
    await disable({ orgId, ruleId: o.rule.id, name: o.rule.name, reason });
  }

  async function pass(): Promise<number> {
    const batches = await store.detection.pendingBatches(limit);
    if (batches.length === 0) return 0;
    const commit: DetectionCommit = { batches, newAlerts: [], attach: [] };
    // Once per organization and pass: one fingerprint query, and one consistent rule set for the pass.
    const indexes = new Map<string, RuleIndex>();
    const intelIndexes = new Map<string, IntelIndex>();
    // Each organization's rules are timed against its own budget, so one cannot hold up the others.
    const meters = new Map<string, RuleMeter>();
    try {
      for (const batch of batches) {
        let index = indexes.get(batch.orgId);
        if (index === undefined) {
          indexes.set(batch.orgId, (index = await rules.get(batch.orgId)));
          if (broken.length > 0) await disableBroken();
        }
        const held = recent?.take(batch);
        if (index.size === 0) continue;
        const events = held ?? (await store.detection.batchEvents(batch));
        if (events.length === 0) continue;
        const agent = { id: batch.agentId, tags: await tagsOf(batch.orgId, batch.agentId) };
        let hits: Awaited<ReturnType<typeof intelHits>> | undefined;
        if (index.intel > 0) {
          let indicators = intelIndexes.get(batch.orgId);
          if (indicators === undefined) intelIndexes.set(batch.orgId, (indicators = await intel.get(batch.orgId)));
          hits = await intelHits(store, batch.orgId, indicators, events);
        }
        let meter = meters.get(batch.orgId);
        if (meter === undefined && budgetMs > 0) meters.set(batch.orgId, (meter = new RuleMeter(budgetMs)));
        const decided = engine.processBatch(batch.orgId, agent, index, events, hits, meter);
        // Stored at once, outside the pass's transaction: a crash later in the pass keeps the rule off.
        for (const overrun of meter?.takeOverruns() ?? []) await disableOverrun(batch.orgId, overrun);
        commit.newAlerts.push(...decided.newAlerts);
        commit.attach.push(...decided.attach);
      }
      // false: another process committed one of these batches first; our windows now count events it
      // owns, so start them afresh and take what is still pending on the next pass.
      if (!(await store.detection.commit(commit))) engine.reset();
      else if (commit.newAlerts.length > 0) options.onCommitted?.();
    } catch (err) {
      // The windows may reference alerts that were never written.
      engine.reset();
      throw err;
    }
    return batches.length;
  }

  async function drainLoop(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await pass();
      total += n;
      if (n < limit || stopped) return total;
    }
  }

  const drain = (): Promise<number> => {
    running ??= drainLoop().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  };

  function tick(): void {
    nudged = false;
    drain()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => schedule(nudged ? 0 : intervalMs));
  }

  const nudge = () => {
    if (running !== undefined) nudged = true;
    else schedule(0);
  };
  recent?.onArrival(nudge);
  schedule(0);

  return {
    drain,
    nudge,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
