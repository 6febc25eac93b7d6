/**
 * Store types of the threat library's search and lifecycle (issue 7, part A): the filter tree that
 * `…/query` compiles to, keyset paging, comments, per-source expiration policies and the whitelist.
 * @module
 */
import type { Indicator, IndicatorPage, IndicatorPosition, IndicatorSortField } from './indicators-types.js';

/** Columns a filter can compare; `score` is the effective score (manual when set, else generated). */
export type IndicatorFilterField =
  | 'id'
  | 'value'
  | 'type_id'
  | 'status_id'
  | 'class'
  | 'score'
  | 'created_at'
  | 'updated_at'
  | 'touched_at'
  | 'expires_at';

export type IndicatorFilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in';

/** A text match on a related name (source, tag) or attribute value. */
export interface TextMatch {
  op: 'eq' | 'contains';
  value: string;
}

/** A search condition tree; every leaf is scoped to the organization by the repo. */
export type IndicatorFilter =
  | { and: IndicatorFilter[] }
  | { or: IndicatorFilter[] }
  | { field: IndicatorFilterField; op: IndicatorFilterOp; value: string | number | null | (string | number)[] }
  | { source: TextMatch }
  | { tag: TextMatch }
  | { attribute: { name?: TextMatch; value?: TextMatch } };

export interface IndicatorSearchQuery {
  orgId: string;
  filter?: IndicatorFilter;
  sort?: { field: IndicatorSortField; desc: boolean };
  limit: number;
  /** offset paging (ignored when `after` is given) */
  offset?: number;
  /** keyset paging: rows strictly after this position in the sort order */
  after?: IndicatorPosition;
}

export interface IndicatorSearchRepo {
  search(query: IndicatorSearchQuery): Promise<IndicatorPage>;
  /** sets the status of every matching indicator; Expired records `expired_at`; returns how many changed */
  bulkStatus(orgId: string, filter: IndicatorFilter | undefined, statusId: number, now?: number): Promise<number>;
  /** soft-deletes every matching indicator; returns how many */
  bulkDelete(orgId: string, filter: IndicatorFilter | undefined, now?: number): Promise<number>;
}

export interface IndicatorComment {
  id: number;
  indicatorId: number;
  value: string;
  sourceId: number | null;
  sourceName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface IntelSource {
  id: number;
  name: string;
  tlpId: number | null;
  /** days an indicator stays live after this source last reported it; null = never expires */
  expirationDays: number | null;
  createdAt: number;
  updatedAt: number;
}

export type WhitelistKind = 'value' | 'cidr';

export interface WhitelistEntry {
  id: number;
  orgId: string;
  kind: WhitelistKind;
  value: string;
  note: string | null;
  createdAt: number;
}

/** An organization's whitelist loaded for fast checks (detection keeps one per organization). */
export interface WhitelistMatcher {
  /** true for a whitelisted value (exact, case-insensitive), a value of a Whitelisted indicator, or an IP inside a whitelisted CIDR */
  matches(value: string): boolean;
}

export interface IndicatorLifecycleRepo {
  /** sets or (null) clears the manual score; undefined when the indicator is not the organization's */
  setManualScore(orgId: string, id: number, score: number | null, now?: number): Promise<Indicator | undefined>;
  comments(indicatorIds: number[]): Promise<IndicatorComment[]>;
  addComment(orgId: string, indicatorId: number, value: string, sourceName?: string, now?: number): Promise<IndicatorComment | undefined>;
  deleteComment(orgId: string, indicatorId: number, commentId: number): Promise<boolean>;
  /** removes a link by its pivot id; false when not this organization's indicator's link */
  removeSource(orgId: string, indicatorId: number, pivotId: number): Promise<boolean>;
  removeTag(orgId: string, indicatorId: number, pivotId: number): Promise<boolean>;
  removeAttribute(orgId: string, indicatorId: number, attributeLinkId: number): Promise<boolean>;
  updateAttribute(orgId: string, indicatorId: number, attributeLinkId: number, value: string, now?: number): Promise<boolean>;
  listSources(orgId: string): Promise<IntelSource[]>;
  setSourceExpiration(orgId: string, sourceId: number, days: number | null, now?: number): Promise<IntelSource | undefined>;
  whitelist(orgId: string): Promise<WhitelistEntry[]>;
  /** adds an entry (an existing identical one is answered as is) and marks matching indicators Whitelisted */
  addWhitelist(orgId: string, entry: { kind: WhitelistKind; value: string; note?: string | null }, now?: number): Promise<{ entry: WhitelistEntry; created: boolean; whitelisted: number }>;
  /**
   * removes an entry (undefined when not the organization's); Whitelisted indicators it covered that no
   * remaining entry covers return to the status they had before an entry whitelisted them (Active for ones
   * whitelisted before holds were kept), while ones set to Whitelisted by hand stay
   */
  removeWhitelist(orgId: string, id: number, now?: number): Promise<{ restored: number } | undefined>;
  whitelistMatcher(orgId: string): Promise<WhitelistMatcher>;
  isWhitelisted(orgId: string, value: string): Promise<boolean>;
  /**
   * One expiration pass over every organization: indicators past their manual `expires_at`, or whose every
   * source has a policy and the latest report plus its days has passed, become Expired (`expired_at` set);
   * Expired ones reported again since and no longer due become Active.
   */
  expireDue(now?: number): Promise<{ expired: number; reactivated: number }>;
}
