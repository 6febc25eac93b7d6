/**
 * The audit log: who did what, when, in which organization.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { guard } from '../internal/db-errors.js';
import { checkRange, epochMs } from '../internal/epoch-ms.js';
import { checkOffsetPage, fetchLimit, toPage } from '../internal/paging.js';
import { selectArrays } from '../internal/array-rows.js';
import type { AuditLogsTable, Database } from '../schema.js';
import type { AuditLogsRepo, AuditRecord } from './audit-logs-types.js';

function toRecord(row: Selectable<AuditLogsTable>): AuditRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    userEmail: row.user_email,
    result: row.result,
    crud: row.crud,
    action: row.action,
    source: row.source,
    description: row.description,
    eventTime: row.event_time,
    context: JSON.parse(row.context) as Record<string, unknown>,
  };
}

/** Columns of the list query, read back by position; org_id is known from the arguments. */
const LIST_COLUMNS = [
  'id',
  'event_time',
  'user_id',
  'user_email',
  'result',
  'crud',
  'action',
  'source',
  'description',
  'context',
] as const;

function fromListRow(r: unknown[], orgId: string): AuditRecord {
  return {
    id: r[0] as string,
    orgId,
    userId: r[2] as string | null,
    userEmail: r[3] as string | null,
    result: r[4] as string,
    crud: r[5] as string,
    action: r[6] as string,
    source: r[7] as string,
    description: r[8] as string,
    eventTime: r[1] as number,
    context: JSON.parse(r[9] as string) as Record<string, unknown>,
  };
}

/**
 * Creates the audit log repository.
 *
 * ```ts
 * const audit = createAuditLogsRepo(db);
 * await audit.record({ orgId, userId, userEmail, result: 'success', crud: 'update', action: 'dismiss_alerts',
 *   source: 'api', description: 'Dismissed 3 alerts', context: {} });
 * ```
 */
export function createAuditLogsRepo(db: Kysely<Database>): AuditLogsRepo {
  return {
    async record(entry) {
      const row = {
        id: entry.id ?? randomUUID(),
        org_id: entry.orgId,
        user_id: entry.userId ?? null,
        user_email: entry.userEmail ?? null,
        result: entry.result,
        crud: entry.crud,
        action: entry.action,
        source: entry.source,
        description: entry.description,
        event_time: epochMs(entry.eventTime ?? Date.now(), 'audit eventTime'),
        context: JSON.stringify(entry.context ?? {}),
      };
      await guard('audit record', () => db.insertInto('audit_logs').values(row).execute());
      return toRecord(row);
    },

    async listByOffset(orgId, range, page) {
      checkRange(range);
      const { offset, limit } = checkOffsetPage(page);
      let q = db.selectFrom('audit_logs').selectAll().where('org_id', '=', orgId);
      if (range.from !== undefined) q = q.where('event_time', '>=', range.from);
      if (range.until !== undefined) q = q.where('event_time', '<=', range.until);
      const rows = await q.orderBy('event_time', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(toRecord);
    },

    async list(orgId, filter, page) {
      checkRange(filter);
      let q = db.selectFrom('audit_logs').select(LIST_COLUMNS).where('org_id', '=', orgId);
      if (filter.operation !== undefined) q = q.where('crud', '=', filter.operation);
      if (filter.action !== undefined) q = q.where('action', '=', filter.action);
      if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      if (filter.userEmail !== undefined) {
        const email = filter.userEmail;
        q = q.where((eb) => eb(eb.fn('lower', ['user_email']), '=', eb.fn('lower', [eb.val(email)])));
      }
      if (filter.from !== undefined) q = q.where('event_time', '>=', filter.from);
      if (filter.until !== undefined) q = q.where('event_time', '<=', filter.until);
      const limit = fetchLimit(page);
      if (page.after !== undefined) {
        const [at, id] = page.after;
        // (event_time, id) < (at, id), spelled so both planners get an index range bound from `<= at`.
        q = q
          .where('event_time', '<=', at)
          .where((eb) => eb.or([eb('event_time', '<', at), eb('id', '<', id)]));
      }
      const rows = await selectArrays(db, q.orderBy('event_time', 'desc').orderBy('id', 'desc').limit(limit));
      return toPage(
        rows,
        page.limit,
        (r) => fromListRow(r, orgId),
        (r) => [r[1] as number, r[0] as string],
      );
    },
  };
}
