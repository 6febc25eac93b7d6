/**
 * STIX 2.1 objects for threat-library indicators: the `indicator` SDO (its pattern from stixPattern), the
 * SCO it is based on and the `based-on` relationship between them, and bundles of those.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { stixPattern } from '../stix-pattern.js';
import { vigilId } from './ids.js';
import { observableFor, type StixObservable } from './observables.js';
import { stixTimestamp } from './timestamps.js';

/** What the STIX mapping needs of a stored indicator (names resolved by the caller). */
export interface StixIndicatorInput {
  orgId: string;
  /** the stable per-organization key: the indicator hash */
  hash: string;
  typeName: string;
  statusName: string;
  value: string;
  description: string | null;
  /** the effective score, 0–10 */
  score: number;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  expiresAt: number | null;
  expiredAt: number | null;
  tags?: string[];
}

export interface StixObject {
  type: string;
  spec_version: '2.1';
  id: string;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The id of an indicator's SDO: stable per organization and indicator hash. */
export function indicatorStixId(orgId: string, hash: string): string {
  return vigilId('indicator', orgId, hash);
}

/**
 * The indicator SDO, or undefined for an unknown type (types without an observable use Vigil's custom
 * object, see stixPattern). `confidence` is the score scaled to 0–100; labels are the status and tags;
 * Whitelisted is `indicator_types: ["benign"]`; the validity ends at the expiry (expired_at, else
 * expires_at) when that is after valid_from.
 */
export function indicatorObject(input: StixIndicatorInput): StixObject | undefined {
  const pattern = stixPattern(input.typeName, input.value);
  if (pattern === undefined) return undefined;
  const validFrom = input.publishedAt ?? input.createdAt;
  const end = input.expiredAt ?? input.expiresAt;
  const created = Math.min(input.createdAt, input.updatedAt);
  const object: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: indicatorStixId(input.orgId, input.hash),
    created: stixTimestamp(created),
    modified: stixTimestamp(input.updatedAt),
    name: input.value,
    pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTimestamp(validFrom),
    confidence: Math.max(0, Math.min(100, Math.round(input.score * 10))),
    labels: [input.statusName.toLowerCase(), ...(input.tags ?? [])],
    x_vigil_type: input.typeName,
    x_vigil_status: input.statusName,
    x_vigil_score: input.score,
  };
  if (input.description) object.description = input.description;
  if (end !== null && end > validFrom) object.valid_until = stixTimestamp(end);
  if (input.statusName === 'Whitelisted') object.indicator_types = ['benign'];
  return object;
}

/** The indicator SDO with its observable and the `based-on` relationship (SDO only when there is no SCO). */
export function indicatorObjects(input: StixIndicatorInput): StixObject[] {
  const indicator = indicatorObject(input);
  if (!indicator) return [];
  const observable: StixObservable | undefined = observableFor(input.typeName, input.value);
  if (!observable) return [indicator];
  const relationship: StixObject = {
    type: 'relationship',
    spec_version: '2.1',
    id: vigilId('relationship', input.orgId, `${indicator.id} based-on ${observable.id}`),
    created: indicator.created,
    modified: indicator.modified,
    relationship_type: 'based-on',
    source_ref: indicator.id,
    target_ref: observable.id,
  };
  return [indicator, observable, relationship];
}

/** What the STIX mapping needs of an adversary. */
export interface StixAdversaryInput {
  orgId: string;
  /** the adversary's id in the store: names can change, ids do not */
  id: number;
  name: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

/** An adversary as a `threat-actor` SDO. */
export function threatActorObject(input: StixAdversaryInput): StixObject {
  const object: StixObject = {
    type: 'threat-actor',
    spec_version: '2.1',
    id: vigilId('threat-actor', input.orgId, `adversary:${input.id}`),
    created: stixTimestamp(Math.min(input.createdAt, input.updatedAt)),
    modified: stixTimestamp(input.updatedAt),
    name: input.name,
  };
  if (input.description) object.description = input.description;
  return object;
}

/** A relationship SRO between two objects of one organization (id stable per source, type and target). */
export function relationshipObject(orgId: string, sourceRef: string, relationshipType: string, targetRef: string, createdAt: number, modifiedAt: number): StixObject {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: vigilId('relationship', orgId, `${sourceRef} ${relationshipType} ${targetRef}`),
    created: stixTimestamp(Math.min(createdAt, modifiedAt)),
    modified: stixTimestamp(modifiedAt),
    relationship_type: relationshipType,
    source_ref: sourceRef,
    target_ref: targetRef,
  };
}

/** A bundle (a fresh id each time: bundles are transport, not stored objects). */
export function stixBundle(objects: StixObject[]): StixBundle {
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
}
