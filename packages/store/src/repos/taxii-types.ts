/**
 * Types of the TAXII 2.1 collections (0013): saved searches over an organization's indicators.
 * @module
 */
import type { Indicator } from './indicators-types.js';
import type { Page, PageRequest } from '../shared-types.js';

export interface TaxiiCollection {
  /** a UUID, as TAXII requires */
  id: string;
  orgId: string;
  title: string;
  description: string | null;
  /** only indicators of this type (null: all) */
  typeId: number | null;
  /** only indicators with this status (null: all) */
  statusId: number | null;
  /** TAXII clients may add and delete objects (0014) */
  canWrite: boolean;
  createdAt: number;
}

export interface NewTaxiiCollection {
  title: string;
  description?: string | null;
  typeId?: number | null;
  statusId?: number | null;
  /** default false */
  canWrite?: boolean;
}

/** Where a page of collection objects starts: after this (updated_at, id), i.e. TAXII's date_added then id. */
export interface TaxiiCursor {
  updatedAt: number;
  id: number;
}

/** `after` is TAXII's `next`: the position of the previous page's last object. */
export interface TaxiiObjectsQuery extends PageRequest<TaxiiCursor> {
  /** only indicators with updated_at strictly after this (TAXII added_after), epoch ms */
  addedAfter?: number;
  /** only these indicator type ids (e.g. those with a STIX pattern) */
  typeIds?: number[];
  /** only indicators with these hashes (match[id] resolved by the caller) */
  hashes?: string[];
}

export interface TaxiiCollectionsRepo {
  create(orgId: string, input: NewTaxiiCollection, now?: number): Promise<TaxiiCollection>;
  /** the organization's collections, oldest first */
  list(orgId: string): Promise<TaxiiCollection[]>;
  /** undefined when unknown or another organization's */
  get(orgId: string, id: string): Promise<TaxiiCollection | undefined>;
  /** false when unknown or another organization's */
  delete(orgId: string, id: string): Promise<boolean>;
  /** sets can_write; undefined when unknown or another organization's */
  setCanWrite(orgId: string, id: string, canWrite: boolean): Promise<TaxiiCollection | undefined>;
  /** live (not deleted) indicators of the collection ordered by updated_at then id; `next` when there are further rows */
  objects(collection: TaxiiCollection, query: TaxiiObjectsQuery): Promise<Page<Indicator, TaxiiCursor>>;
}

/** One object of a TAXII status resource (§4.3.1 status-details). */
export interface TaxiiStatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** A TAXII 2.1 status resource as served by GET /{api-root}/status/{id}/. */
export interface TaxiiStatusResource {
  id: string;
  status: 'pending' | 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: TaxiiStatusDetail[];
  failures: TaxiiStatusDetail[];
  pendings: TaxiiStatusDetail[];
}

/** Status resources of TAXII writes (0014), per organization, kept for a bounded time. */
export interface TaxiiStatusRepo {
  /** stores it and prunes the organization's statuses older than the retention */
  save(orgId: string, collectionId: string, status: TaxiiStatusResource, now?: number): Promise<void>;
  /** undefined when unknown, another organization's or past the retention */
  get(orgId: string, id: string, now?: number): Promise<TaxiiStatusResource | undefined>;
}

/** Which indicators a STIX id sent to a TAXII collection became (0014). */
export interface TaxiiObjectIdsRepo {
  /** records the pairs (repeats are ignored) */
  link(orgId: string, pairs: Array<{ stixId: string; indicatorId: number }>, now?: number): Promise<void>;
  /** hashes of the live indicators these STIX ids became */
  hashes(orgId: string, stixIds: string[]): Promise<string[]>;
}
