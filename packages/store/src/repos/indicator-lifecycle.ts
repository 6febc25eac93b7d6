/**
 * The threat library's lifecycle around indicators: manual scores, comments, removing source/tag/attribute
 * links by pivot id, per-source expiration policies with the expiration pass, and the organization's
 * whitelist of values and CIDR blocks (with a matcher detection can keep in memory). Adding sources, tags
 * and attributes goes through the indicators repo's upsert, which merges them.
 * @module
 */
import { cidrContains, parseCidr, parseIp, type Cidr } from '@vigil/intel';
import { sql, type Kysely } from 'kysely';
import type { IndicatorComment, IndicatorLifecycleRepo, IntelSource, WhitelistEntry, WhitelistMatcher } from './indicator-lifecycle-types.js';
import { toIndicator, type IndicatorRow } from './indicators.js';
import type { Database } from '../schema.js';
import type { Indicator } from './indicators-types.js';

const ACTIVE = 1;
const EXPIRED = 2;
const WHITELISTED = 5;
/** ThreatQ's IP Address and IPv6 Address type ids (see @vigil/intel indicator-types) */
const IP_TYPE_IDS = [15, 16];
const DAY_MS = 86_400_000;
const IN_CHUNK = 500;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));


const toSource = (r: any): IntelSource => ({
  id: Number(r.id),
  name: r.name,
  tlpId: num(r.tlp_id),
  expirationDays: num(r.expiration_days),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toEntry = (r: any): WhitelistEntry => ({
  id: Number(r.id),
  orgId: r.org_id,
  kind: r.kind,
  value: r.value,
  note: r.note ?? null,
  createdAt: Number(r.created_at),
});

function buildMatcher(values: Iterable<string>, cidrs: Iterable<string>): WhitelistMatcher {
  const exact = new Set<string>();
  for (const v of values) exact.add(v.toLowerCase());
  const blocks: Cidr[] = [];
  for (const c of cidrs) {
    try {
      blocks.push(parseCidr(c));
    } catch {
      // Stored blocks were normalized on the way in; one that no longer parses whitelists nothing.
    }
  }
  return {
    matches(value) {
      if (exact.has(value) || exact.has(value.toLowerCase())) return true;
      // Only a bare address is inside a block: a CIDR Block indicator (`10.1.0.0/16`) is whitelisted by value.
      if (blocks.length === 0 || /[\s/%]/.test(value)) return false;
      const ip = parseIp(value);
      return ip !== undefined && blocks.some((b) => cidrContains(b, ip));
    },
  };
}

/**
 * Creates the lifecycle repository.
 * ```ts
 * const lifecycle = createIndicatorLifecycleRepo(db);
 * await lifecycle.setManualScore(orgId, 12, 7);
 * ```
 */
export function createIndicatorLifecycleRepo(database: Kysely<Database>): IndicatorLifecycleRepo {
  // The 0011 tables are not in the shared schema type; this repo is their only reader and writer.
  const db = database as unknown as Kysely<any>;

  async function ownsIndicator(orgId: string, indicatorId: number): Promise<boolean> {
    if (!Number.isSafeInteger(indicatorId)) return false;
    const row = await db
      .selectFrom('indicators')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', indicatorId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async function touch(indicatorId: number, now: number) {
    await db.updateTable('indicators').set({ updated_at: now }).where('id', '=', indicatorId).execute();
  }

  async function removeLink(table: string, orgId: string, indicatorId: number, linkId: number, now: number): Promise<boolean> {
    if (!Number.isSafeInteger(linkId) || !(await ownsIndicator(orgId, indicatorId))) return false;
    const result = await db.deleteFrom(table).where('id', '=', linkId).where('indicator_id', '=', indicatorId).executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed) await touch(indicatorId, now);
    return removed;
  }

  /**
   * The organization's indicators a whitelist entry covers (a value case-insensitively, a CIDR block every
   * IP inside it), with their status: only Whitelisted ones when `whitelistedOnly`, else live ones.
   */
  async function coveredBy(
    trx: Kysely<any>,
    orgId: string,
    entry: { kind: string; value: string },
    whitelistedOnly: boolean,
  ): Promise<Array<{ id: number; statusId: number; value: string }>> {
    let q = trx.selectFrom('indicators').select(['id', 'status_id', 'value']).where('org_id', '=', orgId);
    q = whitelistedOnly ? q.where('status_id', '=', WHITELISTED) : q.where('deleted_at', 'is', null);
    const rows =
      entry.kind === 'value'
        ? await q.where(sql<boolean>`lower(value) = ${entry.value.toLowerCase()}`).execute()
        : await q.where('type_id', 'in', IP_TYPE_IDS).execute();
    const block = entry.kind === 'cidr' ? buildMatcher([], [entry.value]) : undefined;
    return rows
      .filter((r: any) => block === undefined || block.matches(r.value))
      .map((r: any) => ({ id: Number(r.id), statusId: Number(r.status_id), value: r.value }));
  }

  /**
   * Records the status covered indicators had before they were Whitelisted. One already Whitelisted keeps the
   * hold another entry gave it, or gets Whitelisted as its own (it stays so when entries go).
   */
  async function hold(trx: Kysely<any>, covered: Array<{ id: number; statusId: number }>): Promise<void> {
    for (const already of [false, true]) {
      const rows = covered.filter((r) => (r.statusId === WHITELISTED) === already);
      for (let k = 0; k < rows.length; k += IN_CHUNK) {
        await trx
          .insertInto('indicator_whitelist_holds')
          .values(rows.slice(k, k + IN_CHUNK).map((r) => ({ indicator_id: r.id, prior_status_id: r.statusId })))
          .onConflict((oc: any) => (already ? oc.column('indicator_id').doNothing() : oc.column('indicator_id').doUpdateSet({ prior_status_id: sql`excluded.prior_status_id` })))
          .execute();
      }
    }
  }

  /** Ids among `candidates` (or all live, not yet Expired/Whitelisted ones) whose expiration has passed. */
  async function dueIds(now: number, candidates?: number[]): Promise<number[]> {
    const scope = (column: string) => (candidates ? sql`${sql.ref(column)} IN (${sql.join(candidates)})` : sql`1 = 1`);
    const live = candidates ? sql`1 = 1` : sql`i.status_id NOT IN (${EXPIRED}, ${WHITELISTED})`;
    const manual = await sql<{ id: number }>`SELECT i.id FROM indicators i
      WHERE i.deleted_at IS NULL AND ${live} AND ${scope('i.id')} AND i.expires_at IS NOT NULL AND i.expires_at <= ${now}`.execute(db);
    // Per-source policies apply only without a manual date: the latest report plus its source's days, and a
    // source without a policy ("Never Expire") keeps the indicator live. Without any policy there is no work.
    const policies = await db.selectFrom('intel_sources').select('id').where('expiration_days', 'is not', null).limit(1).executeTakeFirst();
    if (!policies) return [...new Set(manual.rows.map((r) => Number(r.id)))];
    const byPolicy = await sql<{ id: number }>`SELECT i.id FROM indicators i
      JOIN indicator_sources p ON p.indicator_id = i.id JOIN intel_sources s ON s.id = p.source_id
      WHERE i.deleted_at IS NULL AND ${live} AND ${scope('i.id')} AND i.expires_at IS NULL
        AND i.id IN (SELECT q.indicator_id FROM indicator_sources q JOIN intel_sources r ON r.id = q.source_id WHERE r.expiration_days IS NOT NULL)
      GROUP BY i.id
      HAVING COUNT(s.expiration_days) = COUNT(*) AND MAX(p.updated_at + CAST(s.expiration_days AS bigint) * ${DAY_MS}) <= ${now}`.execute(db);
    return [...new Set([...manual.rows, ...byPolicy.rows].map((r) => Number(r.id)))];
  }

  return {
    async setManualScore(orgId, id, score, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await db
        .updateTable('indicators')
        .set({ manual_score: score, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row && toIndicator(row as IndicatorRow);
    },

    async comments(indicatorIds) {
      const out: IndicatorComment[] = [];
      for (let k = 0; k < indicatorIds.length; k += IN_CHUNK) {
        const rows = await db
          .selectFrom('indicator_comments as c')
          .leftJoin('intel_sources as s', 's.id', 'c.source_id')
          .select(['c.id', 'c.indicator_id', 'c.value', 'c.source_id', 's.name as source_name', 'c.created_at', 'c.updated_at'])
          .where('c.indicator_id', 'in', indicatorIds.slice(k, k + IN_CHUNK))
          .orderBy('c.id')
          .execute();
        for (const r of rows) {
          out.push({
            id: Number(r.id),
            indicatorId: Number(r.indicator_id),
            value: r.value,
            sourceId: num(r.source_id),
            sourceName: r.source_name ?? null,
            createdAt: Number(r.created_at),
            updatedAt: Number(r.updated_at),
          });
        }
      }
      return out;
    },

    async addComment(orgId, indicatorId, value, sourceName, now = Date.now()) {
      if (!(await ownsIndicator(orgId, indicatorId))) return undefined;
      return db.transaction().execute(async (trx) => {
        let sourceId: number | null = null;
        if (sourceName !== undefined) {
          const source = await trx
            .insertInto('intel_sources')
            .values({ org_id: orgId, name: sourceName, name_norm: sourceName.toLowerCase(), tlp_id: null, created_at: now, updated_at: now })
            .onConflict((oc: any) => oc.columns(['org_id', 'name_norm']).doUpdateSet({ name_norm: sql`excluded.name_norm` }))
            .returning(['id', 'name'])
            .executeTakeFirstOrThrow();
          sourceId = Number(source.id);
        }
        const row = await trx
          .insertInto('indicator_comments')
          .values({ indicator_id: indicatorId, value, source_id: sourceId, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('indicators').set({ updated_at: now }).where('id', '=', indicatorId).execute();
        return { id: Number(row.id), indicatorId, value, sourceId, sourceName: sourceName ?? null, createdAt: now, updatedAt: now };
      });
    },

    async deleteComment(orgId, indicatorId, commentId) {
      return removeLink('indicator_comments', orgId, indicatorId, commentId, Date.now());
    },

    removeSource: (orgId, indicatorId, pivotId) => removeLink('indicator_sources', orgId, indicatorId, pivotId, Date.now()),
    removeTag: (orgId, indicatorId, pivotId) => removeLink('indicator_tags', orgId, indicatorId, pivotId, Date.now()),
    removeAttribute: (orgId, indicatorId, linkId) => removeLink('indicator_attributes', orgId, indicatorId, linkId, Date.now()),

    async updateAttribute(orgId, indicatorId, linkId, value, now = Date.now()) {
      if (!Number.isSafeInteger(linkId) || !(await ownsIndicator(orgId, indicatorId))) return false;
      try {
        const result = await db
          .updateTable('indicator_attributes')
          .set({ value, updated_at: now, touched_at: now })
          .where('id', '=', linkId)
          .where('indicator_id', '=', indicatorId)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      } catch (err) {
        // The same name and value already exists on this indicator: the edit merges into it.
        if (/unique|duplicate/i.test(String((err as Error).message))) {
          await db.deleteFrom('indicator_attributes').where('id', '=', linkId).where('indicator_id', '=', indicatorId).execute();
          return true;
        }
        throw err;
      }
    },

    async listSources(orgId) {
      const rows = await db.selectFrom('intel_sources').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
      return rows.map(toSource);
    },

    async setSourceExpiration(orgId, sourceId, days, now = Date.now()) {
      if (!Number.isSafeInteger(sourceId)) return undefined;
      const row = await db
        .updateTable('intel_sources')
        .set({ expiration_days: days, updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', sourceId)
        .returningAll()
        .executeTakeFirst();
      return row && toSource(row);
    },

    async whitelist(orgId) {
      const rows = await db.selectFrom('indicator_whitelist').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
      return rows.map(toEntry);
    },

    async addWhitelist(orgId, entry, now = Date.now()) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('indicator_whitelist')
          .values({ org_id: orgId, kind: entry.kind, value: entry.value, note: entry.note ?? null, created_at: now })
          .onConflict((oc: any) => oc.columns(['org_id', 'kind', 'value']).doNothing())
          .returningAll()
          .executeTakeFirst();
        const row =
          inserted ??
          (await trx
            .selectFrom('indicator_whitelist')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('kind', '=', entry.kind)
            .where('value', '=', entry.value)
            .executeTakeFirstOrThrow());
        // Indicators the entry covers take status Whitelisted, so exports and detection skip them; a hold
        // keeps the status each had (Whitelisted already: it stays so when the entry goes).
        const covered = await coveredBy(trx, orgId, entry, false);
        const ids = covered.filter((r) => r.statusId !== WHITELISTED).map((r) => r.id);
        await hold(trx, covered);
        for (let k = 0; k < ids.length; k += IN_CHUNK) {
          await trx
            .updateTable('indicators')
            .set({ status_id: WHITELISTED, updated_at: now, expired_at: null })
            .where('id', 'in', ids.slice(k, k + IN_CHUNK))
            .where('org_id', '=', orgId)
            .execute();
        }
        return { entry: toEntry(row), created: inserted !== undefined, whitelisted: ids.length };
      });
    },

    async removeWhitelist(orgId, id, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      return db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('indicator_whitelist').where('org_id', '=', orgId).where('id', '=', id).returningAll().executeTakeFirst();
        if (removed === undefined) return undefined;
        // Whitelisted indicators the entry covered that no remaining entry covers get their earlier status back.
        const remaining = await trx.selectFrom('indicator_whitelist').select(['kind', 'value']).where('org_id', '=', orgId).execute();
        const still = buildMatcher(
          remaining.filter((e: any) => e.kind === 'value').map((e: any) => e.value),
          remaining.filter((e: any) => e.kind === 'cidr').map((e: any) => e.value),
        );
        const freed = (await coveredBy(trx, orgId, removed as { kind: string; value: string }, true)).filter((r) => !still.matches(r.value)).map((r) => r.id);
        let restored = 0;
        for (let k = 0; k < freed.length; k += IN_CHUNK) {
          const chunk = freed.slice(k, k + IN_CHUNK);
          const holds = await trx.selectFrom('indicator_whitelist_holds').select(['indicator_id', 'prior_status_id']).where('indicator_id', 'in', chunk).execute();
          const byPrior = new Map<number, number[]>();
          for (const h of holds) {
            const prior = Number(h.prior_status_id);
            if (prior !== WHITELISTED) byPrior.set(prior, [...(byPrior.get(prior) ?? []), Number(h.indicator_id)]);
          }
          // Without a hold the indicator was set to Whitelisted by hand: it stays.
          for (const [prior, ids] of byPrior) {
            const result = await trx
              .updateTable('indicators')
              .set({ status_id: prior, updated_at: now, expired_at: prior === EXPIRED ? now : null })
              .where('id', 'in', ids)
              .where('status_id', '=', WHITELISTED)
              .executeTakeFirst();
            restored += Number(result.numUpdatedRows);
          }
          await trx.deleteFrom('indicator_whitelist_holds').where('indicator_id', 'in', chunk).execute();
        }
        return { restored };
      });
    },

    async whitelistMatcher(orgId) {
      const entries = await db.selectFrom('indicator_whitelist').select(['kind', 'value']).where('org_id', '=', orgId).execute();
      const statused = await db
        .selectFrom('indicators')
        .select('value')
        .where('org_id', '=', orgId)
        .where('status_id', '=', WHITELISTED)
        .where('deleted_at', 'is', null)
        .execute();
      return buildMatcher(
        [...entries.filter((e: any) => e.kind === 'value').map((e: any) => e.value), ...statused.map((r: any) => r.value)],
        entries.filter((e: any) => e.kind === 'cidr').map((e: any) => e.value),
      );
    },

    async isWhitelisted(orgId, value) {
      return (await this.whitelistMatcher(orgId)).matches(value);
    },

    async expireDue(now = Date.now()) {
      // Expired by this pass earlier and reported again since: live again unless still due.
      const revived = await db
        .selectFrom('indicators')
        .select('id')
        .where('status_id', '=', EXPIRED)
        .where('deleted_at', 'is', null)
        .where('expired_at', 'is not', null)
        .where(sql<boolean>`touched_at > expired_at`)
        .execute();
      let reactivated = 0;
      const revivedIds = revived.map((r: any) => Number(r.id));
      for (let k = 0; k < revivedIds.length; k += IN_CHUNK) {
        const chunk = revivedIds.slice(k, k + IN_CHUNK);
        const stillDue = new Set(await dueIds(now, chunk));
        const live = chunk.filter((id) => !stillDue.has(id));
        if (live.length) {
          await db.updateTable('indicators').set({ status_id: ACTIVE, expired_at: null, updated_at: now }).where('id', 'in', live).execute();
          reactivated += live.length;
        }
      }
      const due = await dueIds(now);
      for (let k = 0; k < due.length; k += IN_CHUNK) {
        await db
          .updateTable('indicators')
          .set({ status_id: EXPIRED, expired_at: now, updated_at: now })
          .where('id', 'in', due.slice(k, k + IN_CHUNK))
          .where('status_id', 'not in', [EXPIRED, WHITELISTED])
          .execute();
      }
      return { expired: due.length, reactivated };
    },
  };
}
