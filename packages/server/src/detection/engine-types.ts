/**
 * What the detection engine reads: an event and the agent that sent it. Kept apart from `engine.ts` so
 * the modules the engine uses (window state, intel hits) can name them without importing the engine.
 * @module
 */
import type { AgentTag } from '@vigil/store';

/** An event as detection sees it (a stored event, or a test's literal). */
export interface EngineEvent {
  id?: string;
  eventType: string;
  /** epoch ms */
  timestamp: number;
  /** the event object as stored; filters and templates read it */
  data: Record<string, unknown>;
}

/** The agent that sent a batch. */
export interface EngineAgent {
  id: string;
  tags: readonly AgentTag[];
}
