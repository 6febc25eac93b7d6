/**
 * The evaluation budget of one organization's rules within one detection pass, so that one organization's
 * rules never hold up another's alerts for long. The organization may spend `budgetMs` per 1,000 events it
 * sent in the pass (and `budgetMs` at least); the default, 1,000 ms, is about a hundred times what a
 * hundred ordinary rules cost. Past that, the rule that used the most time is disabled for the rest of the
 * pass and reported (the worker stores and audits it), the account starts afresh, and detection goes on.
 *
 * Timing every rule test would cost as much as the tests themselves, so the engine times whole events
 * (`chargeEvent`) until the organization has used half its allowance or one event took `SPIKE_MS`; from
 * then on, for the rest of the pass, it times each test and charges it to its rule (`charge`), and only a
 * rule measured that way can be disabled.
 *
 * Matching is linear-time (RE2 for `matches`, linear LIKE and glob matchers), so no single test can stall;
 * this is the second line of defence, against rules that are merely expensive, such as a huge
 * alternation run over megabyte-long values.
 * @module
 */
import type { DetectionRule } from './rule-set-cache.js';

/** A rule the meter disabled: what it cost and what the organization was allowed. */
export interface RuleOverrun {
  rule: DetectionRule;
  /** time measured for this rule's tests since the last overrun of its organization in the pass */
  spentMs: number;
  /** time charged for all of the organization's rules over the same span (whole events included) */
  totalMs: number;
  /** what the organization was allowed over that span */
  allowedMs: number;
}

/** Default budget: milliseconds per 1,000 events (and per pass at least). */
export const DEFAULT_RULE_BUDGET_MS = 1000;

/** One event whose rules take this long makes the meter time rules one by one (an ordinary event: ~0.02 ms). */
export const SPIKE_MS = 20;

/**
 * One organization's account for one pass.
 *
 * ```ts
 * const meter = new RuleMeter(1000);
 * meter.allow(events.length);
 * engine.processBatch(orgId, agent, index, events, undefined, meter);
 * for (const overrun of meter.takeOverruns()) await disable(overrun);
 * ```
 */
export class RuleMeter {
  readonly budgetMs: number;
  readonly #spent = new Map<DetectionRule, number>();
  readonly #disabled = new Set<string>();
  #overruns: RuleOverrun[] = [];
  #total = 0;
  #events = 0;
  #detailed = false;

  constructor(budgetMs: number = DEFAULT_RULE_BUDGET_MS) {
    this.budgetMs = budgetMs;
  }

  /** adds the allowance for a batch of `events` about to be evaluated */
  allow(events: number): void {
    this.#events += events;
  }

  get allowedMs(): number {
    return Math.max(this.budgetMs, (this.#events * this.budgetMs) / 1000);
  }

  /** whether the rule was disabled earlier in this pass */
  isDisabled(rule: DetectionRule): boolean {
    return this.#disabled.has(rule.id);
  }

  /** whether rule tests are to be timed one by one (`charge`) rather than whole events (`chargeEvent`) */
  get detailed(): boolean {
    return this.#detailed;
  }

  /** charges one event's rule tests, timed as a whole */
  chargeEvent(ms: number): void {
    this.#total += ms;
    if (ms >= SPIKE_MS || this.#total > this.allowedMs / 2) this.#detailed = true;
  }

  /** charges one test of `rule`; over the allowance, disables the costliest rule measured */
  charge(rule: DetectionRule, ms: number): void {
    this.#spent.set(rule, (this.#spent.get(rule) ?? 0) + ms);
    this.#total += ms;
    const allowedMs = this.allowedMs;
    if (this.#total <= allowedMs) return;
    let worst = rule;
    let worstMs = -1;
    for (const [r, spent] of this.#spent) {
      if (spent > worstMs) {
        worst = r;
        worstMs = spent;
      }
    }
    this.#disabled.add(worst.id);
    this.#overruns.push({ rule: worst, spentMs: worstMs, totalMs: this.#total, allowedMs });
    // A fresh account; rules stay timed one by one for the rest of the pass.
    this.#spent.clear();
    this.#total = 0;
    this.#events = 0;
  }

  /** the overruns since the last call */
  takeOverruns(): RuleOverrun[] {
    const taken = this.#overruns;
    this.#overruns = [];
    return taken;
  }
}
