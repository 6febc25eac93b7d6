/**
 * Per-group counting state of the detection engine. A group is one rule, one agent and one combination of
 * the rule's aggregate field values. State lives in memory only: a restart forgets thresholds that were
 * partly counted and which alerts were open (later events then start a new alert), but it never loses or
 * doubles an alert that was created, because alerts are committed with the batches that raised them.
 * @module
 */
import type { EngineEvent } from './engine-types.js';

/** A matching event waiting for its group's threshold. */
export interface PendingMatch {
  timestamp: number;
  event: EngineEvent;
}

/** The alert a group's events currently attach to. */
export interface OpenAlert {
  alertId: string;
  /** events with a timestamp up to this (epoch ms) attach to the alert */
  windowEnd: number;
  /** events attached so far (including those that raised it) */
  events: number;
}

export interface GroupState {
  windowMs: number;
  /** matches within the window, oldest first; fewer than the rule's threshold */
  pending: PendingMatch[];
  open: OpenAlert | undefined;
  /** newest event timestamp seen by the group */
  lastSeen: number;
  /** wall-clock time (epoch ms) the group last saw an event; idle groups are pruned by it */
  touchedAt: number;
}

/**
 * The groups, with expiry of idle ones.
 *
 * ```ts
 * const state = new WindowState();
 * const group = state.group('rule-1|agent-1|["root"]', 60_000, Date.now());
 * ```
 */
export class WindowState {
  readonly #groups = new Map<string, GroupState>();

  /** the group's state, created empty when new */
  group(key: string, windowMs: number, now: number): GroupState {
    let g = this.#groups.get(key);
    if (g === undefined) {
      g = { windowMs, pending: [], open: undefined, lastSeen: Number.NEGATIVE_INFINITY, touchedAt: now };
      this.#groups.set(key, g);
    } else {
      g.windowMs = windowMs;
      g.touchedAt = now;
    }
    return g;
  }

  /**
   * Drops groups that saw no event for their window plus `slackMs` of wall-clock time. Wall clock rather
   * than event time, so one agent with a skewed clock cannot expire every other agent's groups.
   */
  prune(now: number, slackMs = 60_000): void {
    for (const [key, g] of this.#groups) {
      if (now - g.touchedAt > g.windowMs + slackMs) this.#groups.delete(key);
    }
  }

  clear(): void {
    this.#groups.clear();
  }

  get size(): number {
    return this.#groups.size;
  }
}
