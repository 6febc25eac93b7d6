/**
 * The shape filters are evaluated against.
 * @module
 */

/** One event as the agent reported it (JSON-parsed); fields are looked up by name. */
export type EventRecord = Record<string, unknown>;
