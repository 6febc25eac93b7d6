/**
 * What an advisory contributes to its findings' rows (CVEs, severity, notices, withdrawn, digest), read
 * by the findings writes for every advisory a host's findings name (~4,000 per host), kept in memory
 * between writes. The cache is valid while the feed's change counter (0026: bumped in the writing
 * transaction by every insert, update or delete of an advisory, from any process) has not moved; when it
 * has, the cache is dropped and refilled from the database.
 * @module
 */
import type { Transaction } from 'kysely';
import type { VulnSeverity } from '@vigil/vulns';
import { StoreValidationError } from '../errors.js';
import type { Database } from '../schema.js';

export interface AdvisoryFacts {
  /** the CVEs it is listed under: its own id when it names none */
  cves: string[];
  severity: VulnSeverity;
  hasNotices: boolean;
  withdrawn: boolean;
  /** the stored record's digest: changes with any of the above */
  digest: string;
}

/** Beyond this many advisories the cache starts over (a fleet names far fewer; 100,000 facts ≈ 30 MB). */
const MAX_CACHED = 200_000;

export interface AdvisoryFactsCache {
  /** the facts of every id (StoreValidationError naming the first that is not stored), read in `trx` */
  get(trx: Transaction<Database>, ids: readonly string[]): Promise<Map<string, AdvisoryFacts>>;
}

/**
 * Creates a cache of advisory facts for one database.
 *
 * ```ts
 * const facts = await createAdvisoryFactsCache().get(trx, ['DSA-5678-1']);
 * ```
 */
export function createAdvisoryFactsCache(): AdvisoryFactsCache {
  let counter: number | undefined;
  let cached = new Map<string, AdvisoryFacts>();
  return {
    async get(trx, ids) {
      // Read before the rows: a write committed in between moves the counter again, and the rows read are
      // at least as new as the counter they are filed under, so the next call drops them rather than
      // trusting older ones.
      const row = await trx.selectFrom('change_counters').select('version').where('org_id', '=', '').where('scope', '=', 'advisories').executeTakeFirst();
      const now = Number(row?.version ?? 0);
      if (now !== counter || cached.size > MAX_CACHED) {
        counter = now;
        cached = new Map();
      }
      const missing = [...new Set(ids)].filter((id) => !cached.has(id));
      for (let i = 0; i < missing.length; i += 500) {
        const rows = await trx
          .selectFrom('advisories')
          .select(['id', 'cves', 'severity', 'security_notices', 'withdrawn', 'digest'])
          .where('id', 'in', missing.slice(i, i + 500))
          .execute();
        for (const r of rows) {
          const cves = JSON.parse(r.cves) as string[];
          cached.set(r.id, {
            cves: cves.length > 0 ? cves : [r.id],
            severity: r.severity as VulnSeverity,
            hasNotices: (JSON.parse(r.security_notices) as string[]).length > 0,
            withdrawn: r.withdrawn !== null,
            digest: r.digest,
          });
        }
      }
      const out = new Map<string, AdvisoryFacts>();
      for (const id of ids) {
        const facts = cached.get(id);
        if (facts === undefined) throw new StoreValidationError(`advisory ${id} is not stored`);
        out.set(id, facts);
      }
      return out;
    },
  };
}
