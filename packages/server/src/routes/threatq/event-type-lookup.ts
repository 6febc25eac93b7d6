/**
 * Event types as one organization sees them: ThreatQ's 14 defaults (@vigil/intel) plus its custom types
 * (`POST /api/event/types`), looked up by id, by a digit string, or by name ignoring case.
 * @module
 */
import { EVENT_TYPES, eventType } from '@vigil/intel';
import type { Store } from '@vigil/store';

export interface EventTypeLookup {
  /** every type, defaults first */
  readonly all: ReadonlyArray<{ id: number; name: string }>;
  find(key: unknown): { id: number; name: string } | undefined;
  /** id → name of the custom types, for presenting `type` */
  readonly customNames: ReadonlyMap<number, string>;
}

/**
 * Loads an organization's event types (one query).
 * ```ts
 * const types = await eventTypesOf(store, orgId);
 * types.find('Phishing Campaign')?.id;
 * ```
 */
export async function eventTypesOf(store: Store, orgId: string): Promise<EventTypeLookup> {
  const custom = await store.eventTypes.list(orgId);
  const byName = new Map(custom.map((t) => [t.name.toLowerCase(), t]));
  const byId = new Map(custom.map((t) => [t.id, t]));
  return {
    all: [...EVENT_TYPES.map((t) => ({ id: t.id, name: t.name })), ...custom.map((t) => ({ id: t.id, name: t.name }))],
    customNames: new Map(custom.map((t) => [t.id, t.name])),
    find(key) {
      const k = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
      if (typeof k === 'number') return eventType(k) ?? byId.get(k);
      if (typeof k === 'string') return eventType(k) ?? byName.get(k.trim().toLowerCase());
      return undefined;
    },
  };
}
