/**
 * Types of the indicators repository (`indicators.ts`).
 * @module
 */

/**
 * A page of indicators as ThreatQ pages them: by offset or after a position, with the total of the query and
 * the position of the page's last item (set whether or not more follow, so a later request can continue there).
 */
export interface IndicatorPage {
  total: number;
  items: Indicator[];
  /** undefined when the page is empty */
  last?: IndicatorPosition;
}

export interface Indicator {
  id: number;
  orgId: string;
  typeId: number;
  statusId: number;
  class: string;
  value: string;
  hash: string;
  description: string | null;
  generatedScore: number;
  manualScore: number | null;
  createdAt: number;
  updatedAt: number;
  touchedAt: number;
  publishedAt: number | null;
  lastDetectedAt: number | null;
  expiresAt: number | null;
  expiredAt: number | null;
}

export interface IndicatorSourceInput {
  name: string;
  /** 1 red, 2 amber, 3 green, 4 white; on a merge the more restrictive (lower) wins */
  tlpId?: number | null;
  publishedAt?: number | null;
}

export interface IndicatorAttributeInput {
  name: string;
  value: string;
  sources?: IndicatorSourceInput[];
}

/** One indicator to create or merge; value, hash, class and score are computed by the caller (`@vigil/intel`). */
export interface IndicatorUpsert {
  typeId: number;
  class: string;
  /** normalized value */
  value: string;
  hash: string;
  /** kept as is on a merge when omitted; new indicators default to 4 (Review) */
  statusId?: number;
  description?: string | null;
  /** a merge keeps the higher of the stored and the new generated score */
  generatedScore: number;
  publishedAt?: number | null;
  lastDetectedAt?: number | null;
  expiresAt?: number | null;
  sources?: IndicatorSourceInput[];
  attributes?: IndicatorAttributeInput[];
  tags?: string[];
}

export interface IndicatorSourceLink {
  /** the indicator↔source pivot id */
  pivotId: number;
  indicatorId: number;
  sourceId: number;
  name: string;
  tlpId: number | null;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface IndicatorAttribute {
  id: number;
  indicatorId: number;
  attributeId: number;
  name: string;
  value: string;
  createdAt: number;
  updatedAt: number;
  touchedAt: number;
  sources: Array<{ id: number; name: string }>;
}

export interface IndicatorTag {
  id: number;
  name: string;
  pivotId: number;
  indicatorId: number;
}

export type IndicatorSortField = 'id' | 'value' | 'type_id' | 'status_id' | 'score' | 'created_at' | 'updated_at' | 'touched_at';

export interface IndicatorListQuery {
  orgId: string;
  /** exact stored values, any of them (callers add the normalized form of what the user typed) */
  values?: string[];
  typeId?: number;
  statusId?: number;
  limit: number;
  offset: number;
  sort?: { field: IndicatorSortField; desc: boolean };
  /**
   * continue right after this row (the `last` of an earlier page of the same query) instead of skipping
   * `offset` rows: rows inserted or deleted before it since then do not shift the page
   */
  after?: IndicatorPosition;
}

/** Where a row stands in an indicator listing or search: its sort value and id (the tie-breaker). */
export interface IndicatorPosition {
  sortValue: number | string;
  id: number;
}

export interface IndicatorPatch {
  statusId?: number;
  description?: string | null;
  expiresAt?: number | null;
  lastDetectedAt?: number | null;
  manualScore?: number | null;
}

export interface IndicatorsRepo {
  /** creates or merges every item in one transaction; returns them in input order (duplicates collapse to one row, listed at each position) */
  upsertMany(orgId: string, items: IndicatorUpsert[], now?: number): Promise<Indicator[]>;
  get(orgId: string, id: number): Promise<Indicator | undefined>;
  /** a page; `last` is the position of its last item (undefined when empty) */
  list(query: IndicatorListQuery): Promise<IndicatorPage>;
  update(orgId: string, id: number, patch: IndicatorPatch, now?: number): Promise<Indicator | undefined>;
  /** soft delete; false when unknown, already deleted or another organization's */
  delete(orgId: string, id: number, now?: number): Promise<boolean>;
  sources(indicatorIds: number[]): Promise<IndicatorSourceLink[]>;
  attributes(indicatorIds: number[]): Promise<IndicatorAttribute[]>;
  tags(indicatorIds: number[]): Promise<IndicatorTag[]>;
  /** what detection matches on: every indicator of the organization (or those updated at/after `since`), deleted ones flagged */
  matchRows(orgId: string, since?: number): Promise<IndicatorMatchRow[]>;
}

/** One indicator as detection's index holds it. */
export interface IndicatorMatchRow {
  id: number;
  typeId: number;
  statusId: number;
  value: string;
  deleted: boolean;
}
