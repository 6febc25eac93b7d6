/**
 * Reads rule fields (the Host rule vocabulary: exe, user, arguments, ip, port, …) out of event objects and
 * fills `{{field}}` placeholders of alert title templates.
 * @module
 */

import type { EventData } from './events.js';

/**
 * The value of a rule field in one event, or undefined. `arguments` is the argv joined by spaces, `port`
 * the destination port and `ip` the remote address.
 *
 * ```ts
 * fieldValue({ args: ['sudo', '-i'] }, 'arguments'); // 'sudo -i'
 * ```
 */
export function fieldValue(event: EventData, field: string): string | number | undefined {
  const direct = event[field];
  if (typeof direct === 'string' || typeof direct === 'number') return direct;
  switch (field) {
    case 'arguments':
      return Array.isArray(event.args) ? event.args.join(' ') : undefined;
    case 'port':
      return scalar(event.dst_port);
    case 'ip':
      return scalar(event.dst_ip) ?? scalar(event.src_ip);
    case 'src_user':
    case 'dst_user':
      return scalar(event.user);
    default:
      return undefined;
  }
}

/** The first value of `field` among `events` (events in time order). */
export function firstFieldValue(events: readonly EventData[], field: string): string | number | undefined {
  for (const event of events) {
    const value = fieldValue(event, field);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Fills `{{field}}` placeholders from the alert's events; unknown fields render as `unknown`.
 *
 * ```ts
 * renderTitle('Sudo by {{user}} on {{hostname}}', [{ user: 'deploy', hostname: 'bastion-01' }]);
 * // 'Sudo by deploy on bastion-01'
 * ```
 */
export function renderTitle(template: string, events: readonly EventData[]): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, field: string) => String(firstFieldValue(events, field) ?? 'unknown'));
}

function scalar(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
