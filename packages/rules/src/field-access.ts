/**
 * Reading a field from an event, including the derived fields (`arguments`, `parent_arguments`, `ip`,
 * `port`, and `type` of file events) that older agents and raw audit records do not send. Filters,
 * templates and aggregates all read through here, so a title shows what the filter compared.
 * @module
 */
import type { EventRecord } from './event-record.js';
import { FILE_ACTION_BY_SYSCALL } from './event-types.js';

/** Reads one field of an event; `undefined` when the event has no value for it. */
export type FieldGetter = (event: EventRecord) => unknown;

// One-entry memo per derived field: the engine runs every rule against the same event in a row, and a
// rule set mentions `arguments` many times, so the join happens once per event instead of once per rule.
// Keyed on the array itself, so a replaced args array is never served stale.
function joinedArgs(key: 'args' | 'parent_args'): FieldGetter {
  let lastArray: unknown = undefined;
  let lastJoined: string | undefined = undefined;
  return (event) => {
    const value = event[key];
    if (value === lastArray) return lastJoined;
    const joined = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : undefined;
    lastArray = value;
    lastJoined = joined;
    return joined;
  };
}

const joinArgs = joinedArgs('args');
const joinParentArgs = joinedArgs('parent_args');

const DERIVED: Readonly<Record<string, FieldGetter>> = Object.assign(Object.create(null) as Record<string, FieldGetter>, {
  arguments: joinArgs,
  parent_arguments: joinParentArgs,
  ip: (event: EventRecord) => (event.event_type === 'connect' ? event.dst_ip : (event.src_ip ?? event.dst_ip)),
  port: (event: EventRecord) => event.dst_port,
  type: (event: EventRecord) =>
    event.event_type === 'file' && typeof event.syscall === 'string' ? FILE_ACTION_BY_SYSCALL[event.syscall] : undefined,
});

/** Names whose value is computed from other fields when the event does not carry them. */
export const DERIVED_FIELDS: readonly string[] = Object.freeze(Object.keys(DERIVED));

/**
 * A reader for one field, built once per compiled filter. An event's own value always wins over a
 * derived one; `undefined` and `null` both mean "missing".
 *
 * ```ts
 * const get = fieldGetter('arguments');
 * get({ args: ['nc', '-e', '/bin/sh'] }); // 'nc -e /bin/sh'
 * ```
 */
export function fieldGetter(name: string): FieldGetter {
  const derive = DERIVED[name];
  // Names like "constructor" must not read Object.prototype members off a plain event object.
  const own = name in Object.prototype;
  if (derive !== undefined) {
    return own
      ? (event) => (Object.hasOwn(event, name) && event[name] != null ? event[name] : derive(event))
      : (event) => {
          const value = event[name];
          return value != null ? value : derive(event);
        };
  }
  return own ? (event) => (Object.hasOwn(event, name) ? event[name] : undefined) : (event) => event[name];
}

const getters = new Map<string, FieldGetter>();

/**
 * The value of a field of an event as filters see it, derived fields included. For aggregates and
 * display; compiled filters use their own prebuilt readers.
 *
 * ```ts
 * getField({ event_type: 'connect', dst_ip: '203.0.113.7', dst_port: 4444 }, 'port'); // 4444
 * ```
 */
export function getField(event: EventRecord, name: string): unknown {
  let get = getters.get(name);
  if (get === undefined) {
    get = fieldGetter(name);
    if (getters.size < 1_000) getters.set(name, get);
  }
  return get(event);
}
