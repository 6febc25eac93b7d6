/**
 * Types of the TAXII 2.1 collections (0013): saved searches over an organization's indicators.
 * @module
 */
import type { Indicator } from './types.js';

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
  createdAt: number;
}

export interface NewTaxiiCollection {
  title: string;
  description?: string | null;
  typeId?: number | null;
  statusId?: number | null;
}

/** Where a page of collection objects starts: after this (updated_at, id), i.e. TAXII's date_added then id. */
export interface TaxiiCursor {
  updatedAt: number;
  id: number;
}

export interface TaxiiObjectsQuery {
  /** only indicators with updated_at strictly after this (TAXII added_after), epoch ms */
  addedAfter?: number;
  /** continue after this position (TAXII next) */
  after?: TaxiiCursor;
  /** only these indicator type ids (e.g. those with a STIX pattern) */
  typeIds?: number[];
  /** only indicators with these hashes (match[id] resolved by the caller) */
  hashes?: string[];
  limit: number;
}

export interface TaxiiCollectionsRepo {
  create(orgId: string, input: NewTaxiiCollection, now?: number): Promise<TaxiiCollection>;
  /** the organization's collections, oldest first */
  list(orgId: string): Promise<TaxiiCollection[]>;
  /** undefined when unknown or another organization's */
  get(orgId: string, id: string): Promise<TaxiiCollection | undefined>;
  /** false when unknown or another organization's */
  delete(orgId: string, id: string): Promise<boolean>;
  /** live (not deleted) indicators of the collection ordered by updated_at then id; `more` when there are further rows */
  objects(collection: TaxiiCollection, query: TaxiiObjectsQuery): Promise<{ items: Indicator[]; more: boolean }>;
}
