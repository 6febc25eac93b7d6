/**
 * Threat-library attachments (ThreatQ `/api/attachments`): the file bytes are kept in the database
 * (BLOB/bytea) up to the server's upload limit, with their MD5 and SHA-256 computed on the way in.
 * Lists and lookups never read the bytes; only `content` does. Sources, attributes, tags and comments are
 * the generic object context of object-context.ts.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Attachment, AttachmentsRepo } from './threat-objects-types.js';
import { addContext, idChunks, loadContext, pageOf, removeContextLink, removeObject } from './object-context.js';

const COLUMNS = ['id', 'org_id', 'name', 'title', 'type_id', 'content_type', 'file_size', 'md5', 'sha256', 'malware_locked', 'created_at', 'updated_at'] as const;

function toAttachment(r: any): Attachment {
  return {
    id: Number(r.id),
    orgId: r.org_id,
    name: r.name,
    title: r.title,
    typeId: Number(r.type_id),
    contentType: r.content_type,
    fileSize: Number(r.file_size),
    md5: r.md5,
    sha256: r.sha256,
    malwareLocked: Number(r.malware_locked) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/**
 * Creates the attachments repository.
 * ```ts
 * const file = await createAttachmentsRepo(db).create(orgId, { name: 'a.txt', typeId: 6, contentType: 'text/plain', malwareLocked: false, content });
 * ```
 */
export function createAttachmentsRepo(database: Kysely<Database>): AttachmentsRepo {
  const db = database as unknown as Kysely<any>;
  const get = async (orgId: string, id: number) => {
    if (!Number.isSafeInteger(id)) return undefined;
    const row = await db.selectFrom('attachments').select(COLUMNS).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row && toAttachment(row);
  };
  return {
    async create(orgId, input, now = Date.now()) {
      const content = Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('attachments')
          .values({
            org_id: orgId,
            name: input.name,
            title: input.title ?? null,
            type_id: input.typeId,
            content_type: input.contentType,
            file_size: content.length,
            md5: createHash('md5').update(content).digest('hex'),
            sha256: createHash('sha256').update(content).digest('hex'),
            malware_locked: input.malwareLocked ? 1 : 0,
            content,
            created_at: now,
            updated_at: now,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        const attachment = toAttachment(row);
        await addContext(trx, orgId, 'attachment', attachment.id, input, now);
        return attachment;
      });
    },

    get,

    async getMany(orgId, ids) {
      const out: Attachment[] = [];
      for (const chunk of idChunks(ids)) {
        const rows = await db.selectFrom('attachments').select(COLUMNS).where('org_id', '=', orgId).where('id', 'in', chunk).execute();
        out.push(...rows.map(toAttachment));
      }
      return out;
    },

    async content(orgId, id) {
      if (!Number.isSafeInteger(id)) return undefined;
      const row = await db.selectFrom('attachments').select([...COLUMNS, 'content']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const bytes = row.content as Uint8Array;
      return { attachment: toAttachment(row), content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },

    async list(query) {
      const { total, rows } = await pageOf(db, 'attachments', COLUMNS, query, (q) => q);
      return { total, items: rows.map(toAttachment) };
    },

    async update(orgId, id, patch, now = Date.now()) {
      if (!Number.isSafeInteger(id)) return undefined;
      const set: Record<string, unknown> = { updated_at: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.title !== undefined) set.title = patch.title;
      if (patch.typeId !== undefined) set.type_id = patch.typeId;
      if (patch.malwareLocked !== undefined) set.malware_locked = patch.malwareLocked ? 1 : 0;
      return db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('attachments').set(set).where('org_id', '=', orgId).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
        if (!row) return undefined;
        await addContext(trx, orgId, 'attachment', id, patch, now);
        return toAttachment(row);
      });
    },

    async delete(orgId, id) {
      if (!Number.isSafeInteger(id)) return false;
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('attachments').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        await removeObject(trx, 'attachment', id);
        return true;
      });
    },

    context: (ids) => loadContext(db, 'attachment', ids),

    async removeContext(orgId, id, kind, pivotId) {
      if (!Number.isSafeInteger(id) || !Number.isSafeInteger(pivotId)) return false;
      return db.transaction().execute(async (trx) => {
        const owned = await trx.updateTable('attachments').set({ updated_at: Date.now() }).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (Number(owned.numUpdatedRows) === 0) return false;
        return removeContextLink(trx, 'attachment', id, kind, pivotId);
      });
    },
  };
}
