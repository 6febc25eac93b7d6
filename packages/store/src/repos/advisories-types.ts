/**
 * Types of the advisories repository (`advisories.ts`): the imported feed, global to every organization.
 * @module
 */
import type { Advisory } from '@vigil/vulns';
import type { Page, PageRequest } from '../shared-types.js';

/** What one `upsert` call did. */
export interface AdvisoryUpsertResult {
  /** ids not stored before */
  inserted: number;
  /** stored ids whose normalized record changed */
  updated: number;
  /** stored with exactly this content: nothing written */
  unchanged: number;
  /** of the inserted and updated, how many are withdrawn (their findings were removed) */
  withdrawn: number;
  /** inserted and updated ids, in input order: what the matcher re-matches */
  changedIds: string[];
}

/** When and with which content an advisory was last written (for the matcher's polling). */
export interface AdvisoryChange {
  id: string;
  /** sha256 of the stored record: equal digests, equal records */
  digest: string;
  updatedAt: number;
}

export interface AdvisoriesRepo {
  /**
   * Stores advisories by id in one transaction, comparing a digest of each normalized record with the
   * stored one: the same content again writes nothing. An id repeated in one call keeps its last record.
   * A record that becomes withdrawn loses its findings in the same transaction.
   */
  upsert(advisories: readonly Advisory[], at?: number): Promise<AdvisoryUpsertResult>;
  get(id: string): Promise<Advisory | undefined>;
  /** the stored ones among `ids` (withdrawn included), in no particular order */
  getMany(ids: readonly string[]): Promise<Advisory[]>;
  /**
   * Non-withdrawn advisories naming any of `sourceNames` as an affected package. `ecosystems` narrows by
   * OSV ecosystem: an entry matches itself and its releases (`Debian` matches `Debian:12`); null: all.
   * The records are whole (every affected package), so callers still filter by ecosystem themselves.
   */
  forPackages(ecosystems: readonly string[] | null, sourceNames: readonly string[]): Promise<Advisory[]>;
  /** every stored advisory (withdrawn included), ordered by id; `after` is the last id of the previous page */
  list(page: PageRequest<string>): Promise<Page<Advisory, string>>;
  /**
   * Advisories written at or after `since` (epoch ms), withdrawn included, oldest first. The matcher polls
   * this with a margin for other processes' clocks and late commits, and compares digests with what it holds.
   */
  changedSince(since: number): Promise<AdvisoryChange[]>;
  /** stored advisories, withdrawn included */
  count(): Promise<number>;
}
