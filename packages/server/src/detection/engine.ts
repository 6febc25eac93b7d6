/**
 * The detection engine: pure logic deciding, for a batch of one agent's events, which alerts to create
 * and which events to attach to alerts already open. It touches no database; `detection-worker.ts`
 * applies its decisions.
 *
 * Semantics: a rule fires when `threshold` matching events (filter matches, no suppression does) of one
 * group (rule, agent, aggregate field values) fall within `window` seconds of each other. The alert is
 * created at the timestamp of the event that reached the threshold and carries those events; it stays
 * open for `window` seconds from then, and further matching events of the group in that time attach to
 * it. After that, counting starts afresh. Rules apply to the agent by their tags (`ruleAppliesTo`). A File
 * rule's event must also pass its paths, ignores and monitored actions (`DetectionRule.file`). Given a
 * `RuleMeter`, the rules' tests are timed and charged to the organization's budget, and a rule the meter
 * disabled is skipped from then on.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { getField, renderTemplate } from '@vigil/rules';
import { ruleAppliesTo, type AlertAggregate, type DetectionCommit } from '@vigil/store';
import type { EngineAgent, EngineEvent } from './engine-types.js';
import type { RuleMeter } from './rule-meter.js';
import { rulesForType, type DetectionRule, type RuleIndex, type RuleTests } from './rule-set-cache.js';
import { WindowState, type GroupState } from './window-state.js';

export type { EngineAgent, EngineEvent } from './engine-types.js';

/** What the engine decided for one batch (the shape `DetectionRepo.commit` takes, without the batches). */
export type Decisions = Pick<DetectionCommit, 'newAlerts' | 'attach'>;

export interface DetectionEngineOptions {
  /** alert ids (default random UUIDs) */
  newId?: () => string;
  /** events kept per alert; later ones are counted but not attached (default 1000) */
  maxEventsPerAlert?: number;
  /** wall clock, for expiring idle groups */
  now?: () => number;
}

export interface DetectionEngine {
  /** decides alerts for one agent's events (processed in timestamp order) and updates the window state */
  processBatch(
    orgId: string,
    agent: EngineAgent,
    rules: RuleIndex,
    events: readonly EngineEvent[],
    /** ThreatIntel rules: the events naming an active indicator, with the indicator's fields added (`intel-hits.ts`) */
    intel?: ReadonlyMap<EngineEvent, Record<string, unknown>>,
    /** the organization's evaluation budget for this pass: rules' tests are timed and charged to it (`rule-meter.ts`) */
    meter?: RuleMeter,
  ): Decisions;
  /** forgets every window (after decisions could not be committed, so memory matches the database) */
  reset(): void;
  /** groups held in memory */
  readonly groups: number;
}

/** Prune idle groups after this many processed events. */
const PRUNE_EVERY = 10_000;

/** The rule's own tests: its File conditions, then its filter and suppressions (the dry run applies them too). */
export function passesRule(rule: RuleTests, data: Record<string, unknown>): boolean {
  return (rule.file === undefined || rule.file(data)) && rule.compiled.test(data);
}

function aggregatesOf(rule: DetectionRule, data: Record<string, unknown>): AlertAggregate[] {
  return rule.aggregateFields.map((fieldName) => {
    const value = getField(data, fieldName);
    return { fieldName, fieldValue: value === undefined ? null : value };
  });
}

/**
 * Creates an engine with empty windows.
 *
 * ```ts
 * const engine = createDetectionEngine();
 * const { newAlerts, attach } = engine.processBatch(orgId, { id: agentId, tags: [] }, index, events);
 * ```
 */
export function createDetectionEngine(options: DetectionEngineOptions = {}): DetectionEngine {
  const newId = options.newId ?? randomUUID;
  const maxEvents = options.maxEventsPerAlert ?? 1000;
  const state = new WindowState();
  const now = options.now ?? Date.now;
  let sincePrune = 0;

  return {
    processBatch(orgId, agent, rules, events, intel, meter) {
      const decisions: Decisions = { newAlerts: [], attach: [] };
      if (rules.size === 0 || events.length === 0) return decisions;
      meter?.allow(events.length);
      const attachByAlert = new Map<string, Decisions['attach'][number]>();
      const applies = new Map<DetectionRule, boolean>();
      // Stable: events with equal timestamps keep the order the agent sent them in.
      const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp);
      const wall = now();

      for (const original of ordered) {
        const t = original.timestamp;
        const intelData = intel?.get(original);
        const withIntel = intelData === undefined ? undefined : { ...original, data: intelData };
        // Timing every test costs as much as an ordinary test, so only a meter that saw this organization's
        // rules turn expensive (`detailed`) times them one by one; otherwise the event is timed as a whole.
        const detailed = meter?.detailed === true;
        const eventStarted = meter === undefined || detailed ? 0 : performance.now();
        for (const rule of rulesForType(rules, original.eventType)) {
          let ok = applies.get(rule);
          if (ok === undefined) applies.set(rule, (ok = ruleAppliesTo(rule.tags, agent.tags)));
          if (!ok || (rule.intel && withIntel === undefined)) continue;
          if (!detailed) {
            if (meter?.isDisabled(rule) === true || !passesRule(rule, original.data)) continue;
          } else {
            if (meter!.isDisabled(rule)) continue;
            const started = performance.now();
            const hit = passesRule(rule, original.data);
            meter!.charge(rule, performance.now() - started);
            if (!hit) continue;
          }
          // ThreatIntel rules group, title and keep the event with the matched indicator's fields.
          const event = rule.intel ? withIntel! : original;

          const aggregates = aggregatesOf(rule, event.data);
          const key = JSON.stringify([rule.id, agent.id, aggregates.map((a) => a.fieldValue)]);
          const group: GroupState = state.group(key, rule.windowMs, wall);
          if (t > group.lastSeen) group.lastSeen = t;
          const stored = { timestamp: t, data: event.data };

          if (group.open !== undefined && t <= group.open.windowEnd) {
            if (group.open.events++ < maxEvents) {
              let entry = attachByAlert.get(group.open.alertId);
              if (entry === undefined) {
                entry = { orgId, alertId: group.open.alertId, events: [] };
                attachByAlert.set(group.open.alertId, entry);
                decisions.attach.push(entry);
              }
              entry.events.push(stored);
            }
            continue;
          }
          group.open = undefined;
          group.pending.push({ timestamp: t, event });
          const horizon = t - rule.windowMs;
          if (group.pending[0]!.timestamp <= horizon) group.pending = group.pending.filter((p) => p.timestamp > horizon);
          if (group.pending.length < rule.threshold) continue;

          const first = group.pending[0]!.event;
          const id = newId();
          decisions.newAlerts.push({
            alert: {
              id,
              orgId,
              title: (rule.title ? renderTemplate(rule.title, first.data) : '').trim() || rule.name,
              dataSource: 'agent',
              createdAt: t,
              severity: rule.severity,
              agentId: agent.id,
              ruleId: rule.id,
              rulesetId: rule.rulesetId,
              aggregates,
            },
            events: group.pending.slice(0, maxEvents).map((p) => ({ timestamp: p.timestamp, data: p.event.data })),
          });
          group.open = { alertId: id, windowEnd: t + rule.windowMs, events: group.pending.length };
          group.pending = [];
        }
        if (meter !== undefined && !detailed) meter.chargeEvent(performance.now() - eventStarted);
      }
      sincePrune += events.length;
      if (sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        state.prune(wall);
      }
      return decisions;
    },
    reset() {
      state.clear();
    },
    get groups() {
      return state.size;
    },
  };
}
