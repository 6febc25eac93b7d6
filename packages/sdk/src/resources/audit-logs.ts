/**
 * `client.auditLogs`: `GET /v2/auditlogs`.
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { AuditRecord, CallOptions, DateInput } from '../types.js';
import { ApiResource, splitSignal } from './api-resource.js';

/** Filters for {@link AuditLogsResource.list}. Without `from`, the server uses the 30 days before `until`. */
export interface AuditLogListParams extends CallOptions {
  from?: DateInput;
  until?: DateInput;
  userId?: string;
  userEmail?: string;
  /** create, read, update or delete */
  operation?: 'create' | 'read' | 'update' | 'delete';
  /** Vigil extension: only records of this action, exactly (e.g. `invite_member`). */
  action?: string;
}

/**
 * Every state-changing call, newest first, 50 per page.
 *
 * ```ts
 * for await (const rec of client.auditLogs.list({ operation: 'delete' })) console.log(rec.eventTime, rec.action);
 * ```
 */
export class AuditLogsResource extends ApiResource {
  /**
   * Lists audit records (items under `recs` in the raw page).
   *
   * ```ts
   * const page = await client.auditLogs.list({ from: new Date(Date.now() - 86_400_000), userEmail: 'ana@example.com' });
   * ```
   */
  list(params: AuditLogListParams = {}): ListPromise<AuditRecord> {
    const [query, signal] = splitSignal(params);
    return this.paged<AuditRecord>('/v2/auditlogs', 'recs', { ...query }, signal);
  }
}
