/**
 * Agents (monitored hosts).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { checkRange, epochMs, epochMsOrNull } from '../internal/epoch-ms.js';
import { chunks } from '../internal/chunks.js';
import { checkOffsetPage, fetchLimit, toPage } from '../internal/paging.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { AgentsTable, Database } from '../schema.js';
import type { Agent, AgentsRepo, CloudMetadata, NewAgent } from './agents-types.js';
import type { DialectName } from '../shared-types.js';
import { AGENT_STATUSES, AGENT_TYPES, oneOf } from '../vocabulary.js';

const COLUMN_COUNT = 17;

/** Maps a row to the domain type (also used by the ingest repository). */
export function toAgent(row: Selectable<AgentsTable>): Agent {
  return {
    id: row.id,
    orgId: row.org_id,
    instanceId: row.instance_id,
    status: row.status as Agent['status'],
    createdAt: row.created_at,
    lastReportedAt: row.last_reported_at,
    version: row.version,
    name: row.name,
    description: row.description,
    hostname: row.hostname,
    ipAddresses: JSON.parse(row.ip_addresses) as Agent['ipAddresses'],
    tags: JSON.parse(row.tags) as Agent['tags'],
    agentType: row.agent_type as Agent['agentType'],
    osVersion: row.os_version,
    kernel: row.kernel,
    agentModuleHealth: JSON.parse(row.agent_module_health) as Agent['agentModuleHealth'],
    cloud: row.cloud == null ? null : (JSON.parse(row.cloud) as Agent['cloud']),
  };
}

/** Columns of the list query, read back by position; org_id and status are known from the arguments. */
const LIST_COLUMNS = [
  'id',
  'created_at',
  'instance_id',
  'last_reported_at',
  'version',
  'name',
  'description',
  'hostname',
  'ip_addresses',
  'tags',
  'agent_type',
  'os_version',
  'kernel',
  'agent_module_health',
  'cloud',
] as const;

function fromListRow(r: unknown[], orgId: string, status: Agent['status']): Agent {
  return {
    id: r[0] as string,
    orgId,
    instanceId: r[2] as string | null,
    status,
    createdAt: r[1] as number,
    lastReportedAt: r[3] as number | null,
    version: r[4] as string,
    name: r[5] as string,
    description: r[6] as string,
    hostname: r[7] as string,
    ipAddresses: JSON.parse(r[8] as string) as Agent['ipAddresses'],
    tags: JSON.parse(r[9] as string) as Agent['tags'],
    agentType: r[10] as Agent['agentType'],
    osVersion: r[11] as string,
    kernel: r[12] as string,
    agentModuleHealth: JSON.parse(r[13] as string) as Agent['agentModuleHealth'],
    cloud: r[14] == null ? null : (JSON.parse(r[14] as string) as Agent['cloud']),
  };
}

const CLOUD_FIELDS = ['provider', 'instanceId', 'region', 'availabilityZone', 'accountId', 'instanceType', 'imageId', 'tags'] as const;

/** The `cloud` column: the known fields only (newer agents may send more), or null. */
export function cloudColumn(cloud: CloudMetadata | null | undefined): string | null {
  if (!cloud) return null;
  const known: Record<string, unknown> = {};
  for (const field of CLOUD_FIELDS) if (cloud[field] !== undefined) known[field] = cloud[field];
  return JSON.stringify(known);
}

/** Validates and maps a new agent to a full row (also used by the ingest repository). */
export function toRow(agent: NewAgent, now: number): Insertable<AgentsTable> {
  if (!oneOf(AGENT_STATUSES, agent.status)) throw new StoreValidationError('agent status must be online or offline');
  if (!oneOf(AGENT_TYPES, agent.agentType)) throw new StoreValidationError('agent type must be monitor or investigate');
  // Every column is set explicitly: multi-row inserts need identical column lists per row.
  return {
    id: agent.id ?? randomUUID(),
    org_id: agent.orgId,
    instance_id: agent.instanceId ?? null,
    status: agent.status,
    created_at: epochMs(agent.createdAt ?? now, 'agent createdAt'),
    last_reported_at: epochMsOrNull(agent.lastReportedAt ?? null, 'agent lastReportedAt'),
    version: agent.version,
    name: agent.name,
    description: agent.description,
    hostname: agent.hostname,
    ip_addresses: JSON.stringify(agent.ipAddresses ?? { private: [], link_local: [], public: [] }),
    tags: JSON.stringify(agent.tags ?? []),
    agent_type: agent.agentType,
    os_version: agent.osVersion,
    kernel: agent.kernel,
    agent_module_health: JSON.stringify(agent.agentModuleHealth ?? {}),
    cloud: cloudColumn(agent.cloud),
  };
}

/**
 * Creates the agents repository.
 *
 * ```ts
 * const agents = createAgentsRepo(db, 'sqlite');
 * const page = await agents.list(orgId, { status: 'online' }, { limit: 100 });
 * ```
 */
export function createAgentsRepo(db: Kysely<Database>, dialect: DialectName, templates: QueryTemplates): AgentsRepo {
  return {
    async create(agent) {
      const row = toRow(agent, Date.now());
      await guard('agent', () => db.insertInto('agents').values(row).execute());
      return toAgent(row as Selectable<AgentsTable>);
    },

    async createMany(agents) {
      const now = Date.now();
      const rows = agents.map((a) => toRow(a, now));
      if (rows.length === 0) return [];
      await guard('agent', () =>
        db.transaction().execute(async (trx) => {
          for (const part of chunks(rows, COLUMN_COUNT, dialect)) await trx.insertInto('agents').values(part).execute();
        }),
      );
      return rows.map((r) => toAgent(r as Selectable<AgentsTable>));
    },

    async get(orgId, id) {
      const [row] = await templates.objects<Selectable<AgentsTable>>('agents.get', [id, orgId], (v) =>
        db.selectFrom('agents').selectAll().where('id', '=', v[0]).where('org_id', '=', v[1]),
      );
      return row && toAgent(row);
    },

    async listByOffset(orgId, range, page) {
      checkRange(range);
      const { offset, limit } = checkOffsetPage(page);
      let q = db.selectFrom('agents').selectAll().where('org_id', '=', orgId);
      if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
      if (range.until !== undefined) q = q.where('created_at', '<=', range.until);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(toAgent);
    },

    async list(orgId, filter, page) {
      checkRange(filter);
      const limit = fetchLimit(page);
      const values = [
        orgId,
        filter.status,
        filter.agentType,
        filter.hostname,
        filter.instanceId,
        filter.from,
        filter.until,
        page.after?.[0],
        page.after?.[1],
        limit,
      ];
      // The shape is which optional values are present; each shape is compiled once.
      const shape = 'agents.list:' + values.map((v) => (v === undefined ? 0 : 1)).join('');
      const rows = await templates.arrays(shape, values, (v) => {
        let q = db.selectFrom('agents').select(LIST_COLUMNS).where('org_id', '=', v[0]).where('status', '=', v[1]);
        if (filter.agentType !== undefined) q = q.where('agent_type', '=', v[2]);
        if (filter.hostname !== undefined) {
          q = q.where((eb) => eb(eb.fn('lower', ['hostname']), '=', eb.fn('lower', [eb.val(v[3])])));
        }
        if (filter.instanceId !== undefined) q = q.where('instance_id', '=', v[4]);
        if (filter.from !== undefined) q = q.where('created_at', '>=', v[5]);
        if (filter.until !== undefined) q = q.where('created_at', '<=', v[6]);
        if (page.after !== undefined) {
          // (created_at, id) < (at, id), spelled so both planners get an index range bound from `<= at`.
          q = q
            .where('created_at', '<=', v[7])
            .where((eb) => eb.or([eb('created_at', '<', v[7]), eb('id', '<', v[8])]));
        }
        return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(v[9]);
      });
      return toPage(
        rows,
        page.limit,
        (r) => fromListRow(r, orgId, filter.status),
        (r) => [r[1] as number, r[0] as string],
      );
    },

    async count(orgId) {
      const row = await db
        .selectFrom('agents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
