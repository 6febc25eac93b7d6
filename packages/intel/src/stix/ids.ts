/**
 * Deterministic STIX 2.1 identifiers: UUIDv5 over RFC 8785 canonical JSON (spec §2.9, the python `stix2`
 * library's `_generate_id`). SCOs use the spec's namespace and their ID-contributing properties; Vigil's SDOs
 * use Vigil's own namespace with the organization and the object's stable key, so two organizations never
 * share an id and a re-export gives the same ids.
 * @module
 */
import { createHash } from 'node:crypto';

/** The namespace the STIX 2.1 specification fixes for SCO ids. */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Vigil's namespace for the SDOs and SROs it emits (a random v4 UUID, fixed forever). */
export const VIGIL_NAMESPACE = '6f1f2d8e-3c1a-4b7e-9a52-0d6c1e4b8f31';

/**
 * RFC 8785 (JCS) canonical JSON for the values STIX ids are built from (strings, integers, objects,
 * arrays): keys sorted by UTF-16 code units, no whitespace; ECMAScript's JSON.stringify already emits
 * JCS's string and number forms.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** RFC 4122 name-based UUID (version 5, SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `<type>--<uuid>` of an SCO from its ID-contributing properties, e.g. `{ value: '198.51.100.3' }`. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(SCO_NAMESPACE, canonicalJson(contributing))}`;
}

/** `<type>--<uuid>` of an object Vigil owns: the organization and a key that never changes for the object. */
export function vigilId(type: string, orgId: string, key: string): string {
  return `${type}--${uuidV5(VIGIL_NAMESPACE, canonicalJson({ org: orgId, key }))}`;
}

/** STIX identifiers: `type--` then a lower-case RFC 4122 UUID. */
export const STIX_ID = /^([a-z][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
