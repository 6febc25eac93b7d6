/**
 * The ThreatQ 4.x indicator type vocabulary with ids Vigil keeps stable across instances.
 * @module
 */

/** Whether an indicator is observed on the wire (`network`) or on a host (`host`). */
export type IndicatorClass = 'network' | 'host';

export interface IndicatorType {
  id: number;
  name: string;
  class: IndicatorClass;
}

/**
 * ThreatQ ids differ per instance, so clients resolve them by name. We number the 4.x list in its published
 * (alphabetical) order, which reproduces the ids seen in public samples: IP Address 15, MD5 18, SHA-1 23, URL 30.
 * Class follows threatqsdk where it names the type; the rest are our choice (wire/mail artefacts are `network`,
 * artefacts found on a machine are `host`). Never renumber: ids are stored and exported.
 */
export const INDICATOR_TYPES: readonly IndicatorType[] = Object.freeze(
  (
    [
      [1, 'ASN', 'network'],
      [2, 'Binary String', 'host'],
      [3, 'CIDR Block', 'network'],
      [4, 'CVE', 'host'],
      [5, 'Email Address', 'network'],
      [6, 'Email Attachment', 'network'],
      [7, 'Email Subject', 'network'],
      [8, 'File Mapping', 'host'],
      [9, 'File Path', 'host'],
      [10, 'Filename', 'host'],
      [11, 'FQDN', 'network'],
      [12, 'Fuzzy Hash', 'host'],
      [13, 'GOST Hash', 'host'],
      [14, 'Hash ION', 'host'],
      [15, 'IP Address', 'network'],
      [16, 'IPv6 Address', 'network'],
      [17, 'MAC Address', 'network'],
      [18, 'MD5', 'host'],
      [19, 'Mutex', 'host'],
      [20, 'Password', 'host'],
      [21, 'Registry Key', 'host'],
      [22, 'Service Name', 'host'],
      [23, 'SHA-1', 'host'],
      [24, 'SHA-256', 'host'],
      [25, 'SHA-384', 'host'],
      [26, 'SHA-512', 'host'],
      [27, 'String', 'host'],
      [28, 'x509 Serial', 'network'],
      [29, 'x509 Subject', 'network'],
      [30, 'URL', 'network'],
      [31, 'URL Path', 'network'],
      [32, 'User-agent', 'network'],
      [33, 'Username', 'host'],
      [34, 'X-Mailer', 'network'],
    ] as const
  ).map(([id, name, cls]) => Object.freeze({ id, name, class: cls })),
);

const byName = new Map(INDICATOR_TYPES.map((t) => [t.name.toLowerCase(), t]));
const byId = new Map(INDICATOR_TYPES.map((t) => [t.id, t]));

/** Looks a type up by id, or by name ignoring case and surrounding whitespace. */
export function indicatorType(nameOrId: string | number): IndicatorType | undefined {
  if (typeof nameOrId === 'number') return byId.get(nameOrId);
  if (typeof nameOrId !== 'string') return undefined;
  return byName.get(nameOrId.trim().toLowerCase());
}
