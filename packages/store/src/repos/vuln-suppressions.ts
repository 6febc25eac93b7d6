/**
 * Vulnerability suppressions: per-organization statements that findings matching them are accepted risk,
 * hidden from the active list until they expire.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { fetchLimit, toPage } from '../internal/paging.js';
import type { Database, VulnSuppressionsTable } from '../schema.js';
import type { VulnSuppression, VulnSuppressionInput, VulnSuppressionsRepo } from './vuln-suppressions-types.js';

type Columns = Omit<Selectable<VulnSuppressionsTable>, 'id' | 'org_id' | 'created_by' | 'created_at'>;
const CONTROL = /[\u0000-\u001f\u007f]/;

function optionalText(value: unknown, what: string, max = 256): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || CONTROL.test(value)) {
    throw new StoreValidationError(`${what} must be 1-${max} characters without control characters`);
  }
  return value;
}

/** Validates the input into the stored columns (a CVE id is kept upper-case, as Threat Stack lists them). */
function columnsOf(input: VulnSuppressionInput, at: number): Columns {
  if (input === null || typeof input !== 'object') throw new StoreValidationError('suppression must be an object');
  const reason = optionalText(input.reason, 'reason', 1000);
  if (reason === null) throw new StoreValidationError('reason is required');
  const tag = input.tag ?? null;
  if (tag !== null && typeof tag !== 'object') throw new StoreValidationError('tag must be an object with key and value');
  const cols: Columns = {
    cve: optionalText(input.cve, 'cve')?.toUpperCase() ?? null,
    package: optionalText(input.package, 'package'),
    agent_id: optionalText(input.agentId, 'agentId'),
    tag_source: tag === null ? null : optionalText(tag.source === '' ? null : tag.source, 'tag.source'),
    tag_key: tag === null ? null : optionalText(tag.key, 'tag.key'),
    tag_value: tag === null ? null : optionalText(tag.value, 'tag.value'),
    reason,
    expires_at: input.expiresAt === undefined || input.expiresAt === null ? null : epochMs(input.expiresAt, 'expiresAt'),
    updated_at: at,
  };
  if (tag !== null && (cols.tag_key === null || cols.tag_value === null)) throw new StoreValidationError('tag needs a key and a value');
  if (cols.cve === null && cols.package === null && cols.agent_id === null && cols.tag_key === null) {
    throw new StoreValidationError('a suppression needs at least one of cve, package, agentId or tag');
  }
  return cols;
}

function toSuppression(r: Selectable<VulnSuppressionsTable>): VulnSuppression {
  return {
    id: r.id,
    orgId: r.org_id,
    cve: r.cve,
    package: r.package,
    agentId: r.agent_id,
    tag: r.tag_key === null ? null : { source: r.tag_source, key: r.tag_key, value: r.tag_value ?? '' },
    reason: r.reason,
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/**
 * Creates the vulnerability suppressions repository.
 *
 * ```ts
 * const suppressions = createVulnSuppressionsRepo(db);
 * await suppressions.create(orgId, { cve: 'CVE-2024-1234', reason: 'not reachable' }, userId);
 * ```
 */
export function createVulnSuppressionsRepo(db: Kysely<Database>): VulnSuppressionsRepo {
  async function checkAgent(orgId: string, agentId: string | null): Promise<void> {
    if (agentId === null) return;
    const agent = await db.selectFrom('agents').select('id').where('id', '=', agentId).where('org_id', '=', orgId).executeTakeFirst();
    if (!agent) throw new StoreNotFoundError(`agent ${agentId} not found`);
  }

  async function get(orgId: string, id: string): Promise<VulnSuppression | undefined> {
    if (typeof id !== 'string') return undefined;
    const row = await db.selectFrom('vuln_suppressions').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row ? toSuppression(row) : undefined;
  }

  return {
    get,

    async create(orgId, input, createdBy, at = Date.now()) {
      const when = epochMs(at, 'suppression time');
      const cols = columnsOf(input, when);
      await checkAgent(orgId, cols.agent_id);
      const row = { id: randomUUID(), org_id: orgId, created_by: createdBy, created_at: when, ...cols };
      await guard('suppression', () => db.insertInto('vuln_suppressions').values(row).execute());
      return toSuppression(row);
    },

    async update(orgId, id, input, at = Date.now()) {
      const cols = columnsOf(input, epochMs(at, 'suppression time'));
      if (!(await get(orgId, id))) return undefined;
      await checkAgent(orgId, cols.agent_id);
      await guard('suppression', () => db.updateTable('vuln_suppressions').set(cols).where('org_id', '=', orgId).where('id', '=', id).execute());
      return get(orgId, id);
    },

    async delete(orgId, id) {
      if (typeof id !== 'string') return false;
      const res = await db.deleteFrom('vuln_suppressions').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async list(orgId, filter, page) {
      const limit = fetchLimit(page);
      const now = epochMs(filter.now ?? Date.now(), 'now');
      let q = db.selectFrom('vuln_suppressions').selectAll().where('org_id', '=', orgId);
      if (filter.active === true) q = q.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
      if (filter.active === false) q = q.where('expires_at', '<=', now);
      if (page.after !== undefined) {
        const [at, id] = page.after;
        q = q.where('created_at', '<=', at).where((eb) => eb.or([eb('created_at', '<', at), eb('id', '<', id)]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return toPage(rows, page.limit, toSuppression, (r) => [Number(r.created_at), r.id]);
    },
  };
}
