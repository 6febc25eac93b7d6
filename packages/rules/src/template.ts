/**
 * Alert title templates: `{{field}}` placeholders filled from the event that raised the alert, the way
 * Threat Stack titles read (`Sudo by {{user}} on {{hostname}}`).
 * @module
 */
import type { EventRecord } from './event-record.js';
import { getField } from './field-access.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/**
 * Fills `{{field}}` placeholders (spaces inside the braces allowed) from the event. Derived fields work
 * as in filters (`{{arguments}}`, `{{ip}}`, `{{port}}`); arrays are joined by single spaces; a missing
 * or null field renders as the empty string; objects render as JSON. Text outside placeholders, and
 * braces that are not a placeholder, are kept as written.
 *
 * ```ts
 * renderTemplate('Sudo by {{user}} on {{hostname}}', { user: 'kpatel', hostname: 'web-1' }); // 'Sudo by kpatel on web-1'
 * ```
 */
export function renderTemplate(template: string, event: EventRecord): string {
  return template.replace(PLACEHOLDER, (_, name: string) => display(getField(event, name)));
}

/**
 * Names of the placeholders in a template, in order of first use; for checking templates on rule save.
 *
 * ```ts
 * templateFields('{{user}} ran {{command}} as {{user}}'); // ['user', 'command']
 * ```
 */
export function templateFields(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

function display(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.map((v) => (v == null ? '' : display(v))).join(' ');
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      try {
        return JSON.stringify(value);
      } catch {
        return '';
      }
    default:
      return '';
  }
}
