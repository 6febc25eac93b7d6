/**
 * Advisories: the imported vulnerability feed, one row per advisory id with its normalized record as JSON
 * and the (ecosystem, package) pairs it names for lookups. Global, not per organization: every
 * organization's hosts are matched against the same feed.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { canonicalJson } from '@vigil/intel';
import { VULN_SEVERITIES, type Advisory } from '@vigil/vulns';
import { StoreValidationError } from '../errors.js';
import { chunks } from '../internal/chunks.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { ID_POSITION, fetchLimit, toPage } from '../internal/paging.js';
import type { AdvisoriesTable, AdvisoryPackagesTable, Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { oneOf } from '../vocabulary.js';
import { refreshGroups } from './finding-groups.js';
import type { AdvisoriesRepo, AdvisoryUpsertResult } from './advisories-types.js';

/** Ids per lookup statement: well inside both dialects' parameter limits. */
const LOOKUP = 500;

function check(a: Advisory, where: string): void {
  const textOk = (v: unknown) => typeof v === 'string' && v !== '' && v.length <= 256;
  if (a === null || typeof a !== 'object') throw new StoreValidationError(`${where} must be an advisory object`);
  if (!textOk(a.id)) throw new StoreValidationError(`${where}.id must be 1-256 characters`);
  if (!oneOf(VULN_SEVERITIES, a.severity)) throw new StoreValidationError(`${where}.severity must be one of ${VULN_SEVERITIES.join(', ')}`);
  if (!Array.isArray(a.cves) || !a.cves.every(textOk)) throw new StoreValidationError(`${where}.cves must be a list of ids`);
  if (!Array.isArray(a.securityNotices)) throw new StoreValidationError(`${where}.securityNotices must be a list`);
  if (typeof a.modified !== 'string') throw new StoreValidationError(`${where}.modified must be a string`);
  if (!Array.isArray(a.affected)) throw new StoreValidationError(`${where}.affected must be a list`);
  a.affected.forEach((p, i) => {
    if (!textOk(p?.ecosystem) || !textOk(p.name)) throw new StoreValidationError(`${where}.affected[${i}] needs an ecosystem and a name`);
  });
}

const digestOf = (record: string): string => createHash('sha256').update(record).digest('hex');

/** True when `ecosystem` is one of `wanted` or a release of one (`Debian:12` of `Debian`). */
function inEcosystems(ecosystem: string, wanted: readonly string[] | null): boolean {
  return wanted === null || wanted.some((w) => ecosystem === w || ecosystem.startsWith(`${w}:`));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * Creates the advisories repository.
 *
 * ```ts
 * const advisories = createAdvisoriesRepo(db, 'sqlite');
 * const { changedIds } = await advisories.upsert(imported);
 * ```
 */
export function createAdvisoriesRepo(db: Kysely<Database>, dialect: DialectName): AdvisoriesRepo {
  const parse = (record: string): Advisory => JSON.parse(record) as Advisory;

  async function loadRecords(ids: readonly string[]): Promise<Advisory[]> {
    const out: Advisory[] = [];
    for (let i = 0; i < ids.length; i += LOOKUP) {
      const part = ids.slice(i, i + LOOKUP);
      const rows = await db.selectFrom('advisories').select('record').where('id', 'in', part).execute();
      for (const r of rows) out.push(parse(r.record));
    }
    return out;
  }

  async function writeChunk(
    trx: Transaction<Database>,
    part: { advisory: Advisory; record: string; digest: string }[],
    at: number,
    result: AdvisoryUpsertResult,
  ): Promise<void> {
    const stored = await trx
      .selectFrom('advisories')
      .select(['id', 'digest', 'created_at'])
      .where(
        'id',
        'in',
        part.map((p) => p.advisory.id),
      )
      .execute();
    const before = new Map(stored.map((r) => [r.id, r]));
    const rows: Insertable<AdvisoriesTable>[] = [];
    const packages: Insertable<AdvisoryPackagesTable>[] = [];
    const replaced: string[] = [];
    const withdrawnIds: string[] = [];
    for (const { advisory: a, record, digest } of part) {
      const was = before.get(a.id);
      if (was?.digest === digest) {
        result.unchanged += 1;
        continue;
      }
      if (was) {
        replaced.push(a.id);
        result.updated += 1;
      } else result.inserted += 1;
      if (a.withdrawn) {
        result.withdrawn += 1;
        withdrawnIds.push(a.id);
      }
      result.changedIds.push(a.id);
      rows.push({
        id: a.id,
        source: a.source,
        cves: JSON.stringify(a.cves),
        severity: a.severity,
        cvss_vector: a.cvssVector ?? null,
        cvss_score: a.cvssScore ?? null,
        summary: a.summary ?? '',
        published: a.published ?? null,
        modified: a.modified,
        withdrawn: a.withdrawn ?? null,
        security_notices: JSON.stringify(a.securityNotices),
        digest,
        record,
        created_at: was ? Number(was.created_at) : at,
        updated_at: at,
      });
      const pairs = unique(a.affected.map((p) => `${p.ecosystem}\n${p.name}`));
      for (const pair of pairs) {
        const [ecosystem, name] = pair.split('\n') as [string, string];
        packages.push({ advisory_id: a.id, ecosystem, name });
      }
    }
    // A changed record is replaced whole; its package rows go with it (on delete cascade).
    if (replaced.length > 0) await trx.deleteFrom('advisories').where('id', 'in', replaced).execute();
    if (withdrawnIds.length > 0) {
      const gone = await trx.deleteFrom('vuln_findings').where('advisory_id', 'in', withdrawnIds).returning(['org_id', 'agent_id', 'cve']).execute();
      await refreshGroups(trx, gone);
    }
    for (const c of chunks(rows, 15, dialect)) await trx.insertInto('advisories').values(c).execute();
    for (const c of chunks(packages, 3, dialect)) await trx.insertInto('advisory_packages').values(c).execute();
  }

  return {
    async upsert(advisories, at = Date.now()) {
      if (!Array.isArray(advisories)) throw new StoreValidationError('advisories must be a list');
      const when = epochMs(at, 'import time');
      // Last record of an id wins, at the position of its first appearance.
      const byId = new Map<string, { advisory: Advisory; record: string; digest: string }>();
      advisories.forEach((a, i) => {
        check(a, `advisories[${i}]`);
        const record = canonicalJson(a);
        byId.set(a.id, { advisory: a, record, digest: digestOf(record) });
      });
      const all = [...byId.values()];
      const result: AdvisoryUpsertResult = { inserted: 0, updated: 0, unchanged: 0, withdrawn: 0, changedIds: [] };
      if (all.length === 0) return result;
      return guard('advisory', () =>
        db.transaction().execute(async (trx) => {
          for (let i = 0; i < all.length; i += LOOKUP) await writeChunk(trx, all.slice(i, i + LOOKUP), when, result);
          return result;
        }),
      );
    },

    async get(id) {
      if (typeof id !== 'string') return undefined;
      const row = await db.selectFrom('advisories').select('record').where('id', '=', id).executeTakeFirst();
      return row ? parse(row.record) : undefined;
    },

    async getMany(ids) {
      return loadRecords(unique(ids.filter((id) => typeof id === 'string')));
    },

    async forPackages(ecosystems, sourceNames) {
      const names = unique(sourceNames);
      const ids = new Set<string>();
      for (let i = 0; i < names.length; i += LOOKUP) {
        const rows = await db
          .selectFrom('advisory_packages')
          .select(['advisory_id', 'ecosystem'])
          .where('name', 'in', names.slice(i, i + LOOKUP))
          .execute();
        for (const r of rows) if (inEcosystems(r.ecosystem, ecosystems)) ids.add(r.advisory_id);
      }
      const out: Advisory[] = [];
      const list = [...ids];
      for (let i = 0; i < list.length; i += LOOKUP) {
        const rows = await db
          .selectFrom('advisories')
          .select('record')
          .where('id', 'in', list.slice(i, i + LOOKUP))
          .where('withdrawn', 'is', null)
          .orderBy('id')
          .execute();
        for (const r of rows) out.push(parse(r.record));
      }
      return out;
    },

    async list(page) {
      const limit = fetchLimit(page, ID_POSITION);
      let q = db.selectFrom('advisories').select(['id', 'record']);
      if (page.after !== undefined) q = q.where('id', '>', page.after);
      const rows = await q.orderBy('id').limit(limit).execute();
      return toPage(rows, page.limit, (r) => parse(r.record), (r) => r.id);
    },

    async changedSince(since) {
      const rows = await db
        .selectFrom('advisories')
        .select(['id', 'digest', 'updated_at'])
        .where('updated_at', '>=', epochMs(since, 'since'))
        .orderBy('updated_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, digest: r.digest, updatedAt: Number(r.updated_at) }));
    },

    async count() {
      const row = await db.selectFrom('advisories').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
