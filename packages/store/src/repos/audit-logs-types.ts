/**
 * Types of the audit logs repository (`audit-logs.ts`).
 * @module
 */
import type { OffsetPage, Page, PageRequest, TimeRange } from '../shared-types.js';

export interface AuditRecord {
  id: string;
  orgId: string;
  userId: string | null;
  userEmail: string | null;
  /** 'success' | 'failure' */
  result: string;
  /** 'create' | 'read' | 'update' | 'delete' */
  crud: string;
  /** e.g. 'dismiss_alerts', 'add_member' */
  action: string;
  /** 'api' | 'cli' | 'console' | 'system' */
  source: string;
  description: string;
  eventTime: number;
  context: Record<string, unknown>;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'eventTime'> & { id?: string; eventTime?: number };

export interface AuditFilter extends TimeRange {
  /** matches `crud` (e.g. 'delete') */
  operation?: string;
  /** matches `action` exactly (e.g. 'invite_member') */
  action?: string;
  userEmail?: string;
  userId?: string;
}

export interface AuditLogsRepo {
  record(entry: NewAuditRecord): Promise<AuditRecord>;
  /** ordered by (eventTime DESC, id DESC) */
  list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
  /** ordered like list, by offset (REST v1); from/until apply to eventTime */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<AuditRecord[]>;
}
