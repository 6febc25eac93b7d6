/**
 * ThreatQ's default event types, ids as ThreatQ ships them.
 * @module
 */

export interface EventType {
  id: number;
  name: string;
}

export const EVENT_TYPES: readonly EventType[] = Object.freeze(
  [
    'Spearphish',
    'Watering Hole',
    'SQL Injection Attack',
    'DoS Attack',
    'Malware',
    'Watchlist',
    'Command and Control',
    'Anonymization',
    'Exfiltration',
    'Host Characteristics',
    'Compromised PKI Certificate',
    'Login Compromise',
    'Incident',
    'Sighting',
  ].map((name, i) => Object.freeze({ id: i + 1, name })),
);

const byName = new Map(EVENT_TYPES.map((t) => [t.name.toLowerCase(), t]));
const byId = new Map(EVENT_TYPES.map((t) => [t.id, t]));

/** Looks a type up by id, or by name ignoring case and surrounding whitespace. */
export function eventType(nameOrId: string | number): EventType | undefined {
  if (typeof nameOrId === 'number') return byId.get(nameOrId);
  if (typeof nameOrId !== 'string') return undefined;
  return byName.get(nameOrId.trim().toLowerCase());
}
