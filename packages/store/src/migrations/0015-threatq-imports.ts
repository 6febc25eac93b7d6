/**
 * ThreatQ's multi-step workflows (threatqsdk v1.8): staged imports (`POST /api/imports` → `PUT` options →
 * `GET …/commit`), resumable attachment uploads (`POST /api/attachments/upload` chunks, then
 * `POST /api/attachments` naming the file) and per-organization custom event types (`POST /api/event/types`).
 * Import jobs and upload chunks are short-lived: both carry an `expires_at` and are purged as new ones arrive.
 * @module
 */
import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const ORG = (c: any) => c.notNull().references('organizations.id').onDelete('cascade');

/**
 * Creates `import_jobs`, `attachment_uploads` and `event_types`.
 * ```ts
 * await threatqImports.up(db);
 * ```
 */
export const threatqImports: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = isPostgres(db);
    // Integer ids: the SDK formats them with "%i".
    await db.schema
      .createTable('import_jobs')
      .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
      .addColumn('org_id', 'text', ORG)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('content_type_id', 'integer', (c) => c.notNull())
      .addColumn('attachment_id', 'integer')
      .addColumn('normalize', 'integer', (c) => c.notNull())
      .addColumn('import_source', 'text')
      .addColumn('status_id', 'integer')
      .addColumn('delete_after_import', 'integer', (c) => c.notNull())
      // pending | committed; a commit in flight is 'committing' so a second one is refused
      .addColumn('state', 'text', (c) => c.notNull())
      // The extracted indicators as a JSON array of {type_id, value} (at most VIGIL_CONSUME_MAX_ITEMS).
      .addColumn('indicators', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_jobs_org_idx').on('import_jobs').columns(['org_id', 'expires_at']).execute();

    await db.schema
      .createTable('attachment_uploads')
      .addColumn('org_id', 'text', ORG)
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('chunk_number', 'integer', (c) => c.notNull())
      .addColumn('total_chunks', 'integer', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('content', postgres ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachment_uploads_pk', ['org_id', 'user_id', 'identifier', 'chunk_number'])
      .execute();
    await db.schema.createIndex('attachment_uploads_file_idx').on('attachment_uploads').columns(['org_id', 'user_id', 'filename']).execute();

    // Custom types only: ThreatQ's 14 defaults come from @vigil/intel; custom ids continue after them per organization.
    await db.schema
      .createTable('event_types')
      .addColumn('org_id', 'text', ORG)
      .addColumn('id', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_norm', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_types_pk', ['org_id', 'id'])
      .addUniqueConstraint('event_types_name_uq', ['org_id', 'name_norm'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['event_types', 'attachment_uploads', 'import_jobs']) await db.schema.dropTable(table).execute();
  },
};
