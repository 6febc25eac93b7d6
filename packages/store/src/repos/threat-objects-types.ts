/**
 * Types of the threat objects besides indicators (migration 0012): events, adversaries, attachments, the
 * relations between any two objects, and the sources/attributes/tags/comments of events, adversaries and
 * attachments.
 * Times are epoch milliseconds.
 * @module
 */
import type { Indicator, IndicatorAttributeInput, IndicatorSourceInput } from './indicators-types.js';

/** What can be related to what; the wire collection names are these plus an `s` (`adversary` → `adversaries`). */
export type ThreatObjectType = 'indicator' | 'event' | 'adversary' | 'attachment';

/** Context that events and adversaries carry, as sent on create/update (added to, never replaced). */
export interface ThreatObjectContextInput {
  sources?: IndicatorSourceInput[];
  attributes?: IndicatorAttributeInput[];
  tags?: string[];
  comments?: string[];
}

export interface ThreatObjectSource {
  pivotId: number;
  objectId: number;
  sourceId: number;
  name: string;
  tlpId: number | null;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ThreatObjectAttribute {
  id: number;
  objectId: number;
  attributeId: number;
  name: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

export interface ThreatObjectTag {
  id: number;
  pivotId: number;
  objectId: number;
  name: string;
}

export interface ThreatObjectComment {
  id: number;
  objectId: number;
  value: string;
  createdAt: number;
  updatedAt: number;
}

/** The context of a set of objects of one type, each list keyed by object id. */
export interface ThreatObjectContext {
  sources: ThreatObjectSource[];
  attributes: ThreatObjectAttribute[];
  tags: ThreatObjectTag[];
  comments: ThreatObjectComment[];
}

export interface ThreatEvent {
  id: number;
  orgId: string;
  title: string;
  typeId: number;
  happenedAt: number;
  description: string | null;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ThreatEventInput extends ThreatObjectContextInput {
  title: string;
  typeId: number;
  happenedAt: number;
  description?: string | null;
  publishedAt?: number | null;
}

export interface ThreatEventPatch extends ThreatObjectContextInput {
  title?: string;
  typeId?: number;
  happenedAt?: number;
  description?: string | null;
  publishedAt?: number | null;
}

export interface Adversary {
  id: number;
  orgId: string;
  name: string;
  description: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AdversaryInput extends ThreatObjectContextInput {
  name: string;
  description?: string | null;
}

export interface AdversaryPatch extends ThreatObjectContextInput {
  name?: string;
  description?: string | null;
}

export interface Attachment {
  id: number;
  orgId: string;
  name: string;
  title: string | null;
  typeId: number;
  contentType: string;
  fileSize: number;
  md5: string;
  sha256: string;
  malwareLocked: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Attachments carry context too (sources, attributes, tags, comments), added on create and update. */
export interface AttachmentInput extends ThreatObjectContextInput {
  name: string;
  title?: string | null;
  typeId: number;
  contentType: string;
  malwareLocked: boolean;
  content: Uint8Array;
}

export interface AttachmentPatch extends ThreatObjectContextInput {
  name?: string;
  title?: string | null;
  typeId?: number;
  malwareLocked?: boolean;
}

/** Sort orders of object lists: a field name, descending when `desc`. */
export interface ThreatObjectListQuery<F extends string> {
  orgId: string;
  limit: number;
  offset: number;
  sort?: { field: F; desc: boolean };
}

export type ThreatEventSortField = 'id' | 'title' | 'type_id' | 'happened_at' | 'created_at' | 'updated_at';
export type AdversarySortField = 'id' | 'name' | 'created_at' | 'updated_at';
export type AttachmentSortField = 'id' | 'name' | 'title' | 'type_id' | 'file_size' | 'created_at' | 'updated_at';

export interface ThreatEventsRepo {
  create(orgId: string, input: ThreatEventInput, now?: number): Promise<ThreatEvent>;
  get(orgId: string, id: number): Promise<ThreatEvent | undefined>;
  getMany(orgId: string, ids: number[]): Promise<ThreatEvent[]>;
  list(query: ThreatObjectListQuery<ThreatEventSortField> & { typeId?: number; title?: string }): Promise<{ total: number; items: ThreatEvent[] }>;
  /** undefined when the event does not exist in the organization */
  update(orgId: string, id: number, patch: ThreatEventPatch, now?: number): Promise<ThreatEvent | undefined>;
  /** removes the event, its context and its relations */
  delete(orgId: string, id: number): Promise<boolean>;
  context(ids: number[]): Promise<ThreatObjectContext>;
}

export interface AdversariesRepo {
  /** an upsert by name (ignoring case): an existing adversary gets the context added */
  create(orgId: string, input: AdversaryInput, now?: number): Promise<Adversary>;
  get(orgId: string, id: number): Promise<Adversary | undefined>;
  getMany(orgId: string, ids: number[]): Promise<Adversary[]>;
  list(query: ThreatObjectListQuery<AdversarySortField> & { name?: string }): Promise<{ total: number; items: Adversary[] }>;
  /** undefined when missing; throws StoreConflictError when renamed to another adversary's name */
  update(orgId: string, id: number, patch: AdversaryPatch, now?: number): Promise<Adversary | undefined>;
  delete(orgId: string, id: number): Promise<boolean>;
  context(ids: number[]): Promise<ThreatObjectContext>;
}

export interface AttachmentsRepo {
  create(orgId: string, input: AttachmentInput, now?: number): Promise<Attachment>;
  get(orgId: string, id: number): Promise<Attachment | undefined>;
  getMany(orgId: string, ids: number[]): Promise<Attachment[]>;
  /** the stored bytes, or undefined when the attachment does not exist in the organization */
  content(orgId: string, id: number): Promise<{ attachment: Attachment; content: Buffer } | undefined>;
  list(query: ThreatObjectListQuery<AttachmentSortField>): Promise<{ total: number; items: Attachment[] }>;
  update(orgId: string, id: number, patch: AttachmentPatch, now?: number): Promise<Attachment | undefined>;
  delete(orgId: string, id: number): Promise<boolean>;
  context(ids: number[]): Promise<ThreatObjectContext>;
  /** removes one source or tag link by its pivot id; false when the attachment or the link is missing */
  removeContext(orgId: string, id: number, kind: 'sources' | 'tags', pivotId: number): Promise<boolean>;
}

export interface ThreatObjectRef {
  type: ThreatObjectType;
  id: number;
}

/** One relation seen from one end: the other object's id and the link's own (pivot) id. */
export interface ThreatObjectLink {
  pivotId: number;
  objectId: number;
  otherType: ThreatObjectType;
  otherId: number;
  createdAt: number;
  updatedAt: number;
}

export interface ObjectLinksRepo {
  /** which of these ids are live objects of that type in the organization */
  existing(orgId: string, type: ThreatObjectType, ids: number[]): Promise<Set<number>>;
  /** relates `from` to each of `otherIds` (all must exist; check with `existing`); re-linking keeps the pivot */
  link(orgId: string, from: ThreatObjectRef, otherType: ThreatObjectType, otherIds: number[], now?: number): Promise<ThreatObjectLink[]>;
  /** a page of `from`'s relations to objects of `otherType`, oldest first */
  list(orgId: string, from: ThreatObjectRef, otherType: ThreatObjectType, page: { limit: number; offset: number }): Promise<{ total: number; items: ThreatObjectLink[] }>;
  /** every relation of these objects to objects of `otherType` (for `with=`) */
  linksOf(orgId: string, type: ThreatObjectType, ids: number[], otherType: ThreatObjectType): Promise<ThreatObjectLink[]>;
  /** removes relations of `from` to `otherType` by pivot id or by the other object's id; answers how many */
  unlink(orgId: string, from: ThreatObjectRef, otherType: ThreatObjectType, by: { pivotIds?: number[]; otherIds?: number[] }): Promise<number>;
  /** live indicators by id, for relation lists (soft-deleted ones are left out) */
  indicators(orgId: string, ids: number[]): Promise<Indicator[]>;
}
