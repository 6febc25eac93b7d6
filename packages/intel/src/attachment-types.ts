/**
 * ThreatQ's default attachment (file) types, ids as ThreatQ ships them.
 * @module
 */

export interface AttachmentType {
  id: number;
  name: string;
}

export const ATTACHMENT_TYPES: readonly AttachmentType[] = Object.freeze(
  [
    'Cuckoo',
    'CrowdStrike Intelligence',
    'Early Warning and Indicator Notice (EWIN)',
    'FireEye Analysis',
    'FBI FLASH',
    'Generic Text',
    'Intelligence Whitepaper',
    'iSight Report',
    'iSight ThreatScape Intelligence Report',
    'JIB',
    'MAEC',
    'Malware Analysis Report',
    'Malware Initial Findings Report (MFIR)',
    'Malware Sample',
    'Packet Capture',
    'Palo Alto Networks WildFire XML',
    'PCAP',
    'PDF',
    'Private Industry Notification (PIN)',
    'Spearphish Attachment',
    'STIX',
    'ThreatAnalyzer Analysis',
    'ThreatQ CSV File',
    'Whitepaper',
  ].map((name, i) => Object.freeze({ id: i + 1, name })),
);

const byName = new Map(ATTACHMENT_TYPES.map((t) => [t.name.toLowerCase(), t]));
const byId = new Map(ATTACHMENT_TYPES.map((t) => [t.id, t]));

/** Looks a type up by id, or by name ignoring case and surrounding whitespace. */
export function attachmentType(nameOrId: string | number): AttachmentType | undefined {
  if (typeof nameOrId === 'number') return byId.get(nameOrId);
  if (typeof nameOrId !== 'string') return undefined;
  return byName.get(nameOrId.trim().toLowerCase());
}
