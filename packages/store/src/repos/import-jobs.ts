/**
 * Staged imports (ThreatQ `POST /api/imports` → `PUT /api/imports/{id}` → `GET …/commit`): a job holds the
 * indicators a parser found until it is committed or discarded. A commit first moves the job from `pending`
 * to `committing` with a conditional update, so two commits racing each other cannot both run.
 * Jobs expire (`expires_at`); each new job purges the organization's expired ones.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ImportJob, ImportJobsRepo, ImportedIndicator } from './threatq-workflow-types.js';

const COLUMNS = [
  'id',
  'org_id',
  'user_id',
  'content_type_id',
  'attachment_id',
  'normalize',
  'import_source',
  'status_id',
  'delete_after_import',
  'state',
  'indicators',
  'result',
  'created_at',
  'updated_at',
  'expires_at',
] as const;

function toJob(r: any): ImportJob {
  return {
    id: Number(r.id),
    orgId: r.org_id,
    userId: r.user_id,
    contentTypeId: Number(r.content_type_id),
    attachmentId: r.attachment_id === null ? null : Number(r.attachment_id),
    normalize: Number(r.normalize) === 1,
    importSource: r.import_source,
    statusId: r.status_id === null ? null : Number(r.status_id),
    deleteAfterImport: Number(r.delete_after_import) === 1,
    state: r.state,
    indicatorCount: (JSON.parse(r.indicators) as unknown[]).length,
    result: r.result === null ? null : JSON.parse(r.result),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    expiresAt: Number(r.expires_at),
  };
}

/**
 * Creates the import jobs repository.
 * ```ts
 * const job = await createImportJobsRepo(db).create(orgId, { userId, contentTypeId: 6, normalize: true, indicators, ttlMs: 86_400_000 });
 * ```
 */
export function createImportJobsRepo(database: Kysely<Database>): ImportJobsRepo {
  const db = database as unknown as Kysely<any>;
  // Staged jobs change only while pending and unexpired; both updates below answer the row they changed.
  const updatePending = (orgId: string, id: number, set: Record<string, unknown>, now: number) =>
    db
      .updateTable('import_jobs')
      .set(set)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('expires_at', '>', now)
      .returning(COLUMNS)
      .executeTakeFirst();
  const live = (orgId: string, id: number, now: number) =>
    db.selectFrom('import_jobs').where('org_id', '=', orgId).where('id', '=', id).where('expires_at', '>', now);

  return {
    async create(orgId, input, now = Date.now()) {
      await db.deleteFrom('import_jobs').where('org_id', '=', orgId).where('expires_at', '<=', now).execute();
      const row = await db
        .insertInto('import_jobs')
        .values({
          org_id: orgId,
          user_id: input.userId,
          content_type_id: input.contentTypeId,
          attachment_id: input.attachmentId ?? null,
          normalize: input.normalize ? 1 : 0,
          import_source: input.importSource ?? null,
          status_id: input.statusId ?? null,
          delete_after_import: input.deleteAfterImport ? 1 : 0,
          state: 'pending',
          indicators: JSON.stringify(input.indicators.map((i) => [i.typeId, i.value])),
          result: null,
          created_at: now,
          updated_at: now,
          expires_at: now + input.ttlMs,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toJob(row);
    },

    async get(orgId, id, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await live(orgId, id, now).select(COLUMNS).executeTakeFirst();
      return row && toJob(row);
    },

    async indicators(orgId, id, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await live(orgId, id, now).select('indicators').executeTakeFirst();
      return row && parseIndicators(row.indicators);
    },

    async update(orgId, id, patch, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const set: Record<string, unknown> = { updated_at: now };
      if (patch.normalize !== undefined) set.normalize = patch.normalize ? 1 : 0;
      if (patch.importSource !== undefined) set.import_source = patch.importSource;
      if (patch.statusId !== undefined) set.status_id = patch.statusId;
      if (patch.deleteAfterImport !== undefined) set.delete_after_import = patch.deleteAfterImport ? 1 : 0;
      const row = await updatePending(orgId, id, set, now);
      return row && toJob(row);
    },

    async claim(orgId, id, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await updatePending(orgId, id, { state: 'committing', updated_at: now }, now);
      return row && { job: toJob(row), indicators: parseIndicators(row.indicators) };
    },

    async finish(orgId, id, result, now = Date.now()) {
      const row = await db
        .updateTable('import_jobs')
        .set({ state: 'committed', result: JSON.stringify(result), updated_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('state', '=', 'committing')
        .returning(COLUMNS)
        .executeTakeFirst();
      return row && toJob(row);
    },

    async release(orgId, id) {
      await db.updateTable('import_jobs').set({ state: 'pending' }).where('org_id', '=', orgId).where('id', '=', id).where('state', '=', 'committing').execute();
    },

    async delete(orgId, id) {
      if (!Number.isSafeInteger(id)) return false;
      const result = await db.deleteFrom('import_jobs').where('org_id', '=', orgId).where('id', '=', id).where('expires_at', '>', Date.now()).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/** Indicators are kept as `[[typeId, value], …]`: half the size of objects for the same rows. */
function parseIndicators(text: string): ImportedIndicator[] {
  return (JSON.parse(text) as Array<[number, string]>).map(([typeId, value]) => ({ typeId, value }));
}
