/**
 * Resumable attachment uploads (threatqsdk `upload_file`: `POST /api/attachments/upload` with resumable.js
 * chunk fields, then `POST /api/attachments` naming the file). Chunks are kept per organization, user and
 * upload identifier until the attachment is created from them or they expire. Bounds: an assembled file is
 * at most `maxBytes`, and one user's unfinished uploads together at most `maxPendingBytes`.
 * @module
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AttachmentUploadsRepo } from './threatq-workflow-types.js';

/**
 * Creates the upload chunks repository.
 * ```ts
 * await createAttachmentUploadsRepo(db).putChunk(orgId, chunk, { maxBytes, maxPendingBytes, ttlMs: 3_600_000 });
 * ```
 */
export function createAttachmentUploadsRepo(database: Kysely<Database>): AttachmentUploadsRepo {
  const db = database as unknown as Kysely<any>;
  return {
    async putChunk(orgId, input, limits, now = Date.now()) {
      const content = Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('attachment_uploads').where('org_id', '=', orgId).where('expires_at', '<=', now).execute();
        const mine = trx.selectFrom('attachment_uploads').where('org_id', '=', orgId).where('user_id', '=', input.userId);
        if (input.chunkNumber === 1) {
          // A new upload of a file name replaces the user's earlier, unfinished ones of that name.
          await trx
            .deleteFrom('attachment_uploads')
            .where('org_id', '=', orgId)
            .where('user_id', '=', input.userId)
            .where('filename', '=', input.filename)
            .where('identifier', '!=', input.identifier)
            .execute();
        }
        const rows = await mine
          .select(['identifier', 'chunk_number', 'total_chunks', 'size'])
          .execute();
        let pending = 0;
        let upload = 0;
        for (const r of rows) {
          const same = r.identifier === input.identifier;
          if (same && Number(r.chunk_number) === input.chunkNumber) continue; // replaced by this one
          if (same && Number(r.total_chunks) !== input.totalChunks) return { ok: false, reason: 'total_chunks_changed' } as const;
          pending += Number(r.size);
          if (same) upload += Number(r.size);
        }
        if (upload + content.length > limits.maxBytes) return { ok: false, reason: 'file_too_large' } as const;
        if (pending + content.length > limits.maxPendingBytes) return { ok: false, reason: 'too_many_pending' } as const;
        // A chunk sent again replaces the earlier copy (and restarts its expiry).
        const chunk = {
          filename: input.filename,
          content_type: input.contentType,
          size: content.length,
          content,
          created_at: now,
          expires_at: now + limits.ttlMs,
        };
        await trx
          .insertInto('attachment_uploads')
          .values({
            org_id: orgId,
            user_id: input.userId,
            identifier: input.identifier,
            chunk_number: input.chunkNumber,
            total_chunks: input.totalChunks,
            ...chunk,
          })
          .onConflict((oc: any) => oc.columns(['org_id', 'user_id', 'identifier', 'chunk_number']).doUpdateSet(chunk))
          .execute();
        const received = rows.filter((r) => r.identifier === input.identifier && Number(r.chunk_number) !== input.chunkNumber).length + 1;
        return { ok: true, received, totalChunks: input.totalChunks, size: upload + content.length } as const;
      });
    },

    async complete(orgId, userId, filename, now = Date.now()) {
      const uploads = await db
        .selectFrom('attachment_uploads')
        .select(['identifier', (eb: any) => eb.fn.countAll().as('n'), (eb: any) => eb.fn.max('total_chunks').as('total'), (eb: any) => eb.fn.max('created_at').as('last')])
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .where('filename', '=', filename)
        .where('expires_at', '>', now)
        .groupBy('identifier')
        .execute();
      const done = uploads.filter((u) => Number(u.n) === Number(u.total)).sort((a, b) => Number(b.last) - Number(a.last))[0];
      if (!done) return undefined;
      const chunks = await db
        .selectFrom('attachment_uploads')
        .select(['chunk_number', 'content_type', 'content'])
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .where('identifier', '=', done.identifier)
        .orderBy('chunk_number')
        .execute();
      const parts = chunks.map((c) => {
        const bytes = c.content as Uint8Array;
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      });
      return { identifier: done.identifier, filename, contentType: chunks[0]?.content_type ?? 'application/octet-stream', content: Buffer.concat(parts) };
    },

    async remove(orgId, userId, identifier) {
      await db.deleteFrom('attachment_uploads').where('org_id', '=', orgId).where('user_id', '=', userId).where('identifier', '=', identifier).execute();
    },
  };
}
