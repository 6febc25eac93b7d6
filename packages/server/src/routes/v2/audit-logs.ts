/**
 * `GET /v2/auditlogs` (reference §2 row 32, §3.9): 50 records per page, newest first, the last 30 days
 * unless `from`/`until` say otherwise.
 * @module
 */
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { AuditRecord, errorResponses, Paged, TimeQuery, TokenQuery } from '../../http/schemas.js';
import { parseTimeRange } from '../../http/time.js';
import { presentAuditRecord } from '../../presenters/v2.js';

const PAGE_SIZE = 50;
const DEFAULT_SPAN_MS = 30 * 24 * 3600 * 1000;

const Query = Type.Object({
  operation: Type.Optional(Type.String({ maxLength: 32, description: 'create, read, update or delete' })),
  action: Type.Optional(Type.String({ maxLength: 128, description: 'Vigil extension: only records of this action, exactly (e.g. invite_member)' })),
  userEmail: Type.Optional(Type.String({ maxLength: 320 })),
  userID: Type.Optional(Type.String({ maxLength: 64 })),
  userId: Type.Optional(Type.String({ maxLength: 64, description: 'alias of userID' })),
  ...TimeQuery,
  ...TokenQuery,
});
type Query = Type.Static<typeof Query>;

/** Registers the audit-log route on a Hawk-protected context. */
export async function auditLogRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const tokens = app.vigil.tokens('auditlogs');
  app.get(
    '/auditlogs',
    {
      schema: {
        tags: ['Audit Logs'],
        summary: 'List audit records',
        description:
          'Every state-changing call, by API or CLI. Newest first, 50 per page. Without `from`, the 30 days before `until` (default now).',
        querystring: Query,
        response: { 200: Paged('recs', AuditRecord), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const range = parseTimeRange(q);
      if (range.from === undefined) range.from = (range.until ?? Date.now()) - DEFAULT_SPAN_MS;
      const page = await app.vigil.store.auditLogs.list(
        callerOf(request).orgId,
        { ...range, operation: q.operation?.toLowerCase(), action: q.action, userEmail: q.userEmail, userId: q.userID ?? q.userId },
        { limit: PAGE_SIZE, after: cursorFrom(tokens, q) },
      );
      return pageBody('recs', page, presentAuditRecord, tokens, q);
    },
  );
}
