/**
 * Servers: the cloud instances of an organization, joined from two sources — agents whose instance
 * metadata says AWS (monitored) and instances imported from the user's cloud account export. Listed by
 * instance id so one keyset serves both.
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { chunks } from '../internal/chunks.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { fetchLimit, toPage } from '../internal/paging.js';
import type { AgentsTable, Database, ImportedServersTable } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { toAgent } from './agents.js';
import type { Agent } from './agents-types.js';
import type { Ec2Instance, Server, ServerImportResult, ServersRepo } from './servers-types.js';

/**
 * `agents.cloud` of an AWS instance. `cloudColumn` (agents.ts) is the only writer of that column and writes
 * `provider` first, so a prefix match finds them in both dialects without JSON operators.
 */
const AWS_CLOUD = '{"provider":"aws",%';

const INSTANCE_FIELDS = [
  'id', 'kernelId', 'instanceType', 'privateDnsName', 'privateIpAddress', 'groups', 'subnetId', 'keyName', 'region',
  'launchTime', 'imageId', 'architecture', 'publicDnsName', 'publicIpAddress', 'vpcId', 'awsProfile', 'tags', 'state',
  'stateCode',
] as const satisfies readonly (keyof Ec2Instance)[];

/** An instance with every field, null where unknown. */
export function emptyInstance(id: string): Ec2Instance {
  const out = Object.fromEntries(INSTANCE_FIELDS.map((f) => [f, null])) as unknown as Ec2Instance;
  return { ...out, id, groups: [], tags: [] };
}

/** The stored JSON: the known fields in one order, so an unchanged instance has unchanged text. */
function dataOf(instance: Ec2Instance): string {
  const out: Record<string, unknown> = {};
  for (const f of INSTANCE_FIELDS) out[f] = instance[f] ?? (f === 'groups' || f === 'tags' ? [] : null);
  return JSON.stringify(out);
}

const ADDRESS = /^([^/]+)(\/\d+)?$/;
const LOOPBACK = /^(127\.|::1$)/;

/** The first non-loopback address of a list of CIDR strings, without its prefix length. */
function firstAddress(list: readonly string[] | undefined): string | null {
  for (const cidr of list ?? []) {
    const ip = ADDRESS.exec(cidr)?.[1];
    if (ip && !LOOPBACK.test(ip)) return ip;
  }
  return null;
}

/** Online agents first, then the most recently reported: the first is the one scripts read (`agents[0]`). */
function agentOrder(a: Agent, b: Agent): number {
  if (a.status !== b.status) return a.status === 'online' ? -1 : 1;
  return (b.lastReportedAt ?? 0) - (a.lastReportedAt ?? 0) || b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
}

/**
 * The server of one instance id: the imported fields, overlaid with what its agents report live (type,
 * image, region and account from the instance metadata; addresses; running while an agent is online).
 */
function composeServer(id: string, imported: Selectable<ImportedServersTable> | undefined, agents: Agent[]): Server {
  const instance: Ec2Instance = imported ? { ...emptyInstance(id), ...(JSON.parse(imported.data) as Ec2Instance) } : emptyInstance(id);
  const sorted = [...agents].sort(agentOrder);
  const first = sorted[0];
  const cloud = first?.cloud;
  if (first && cloud) {
    instance.region = cloud.region ?? instance.region;
    instance.instanceType = cloud.instanceType ?? instance.instanceType;
    instance.imageId = cloud.imageId ?? instance.imageId;
    instance.awsProfile = cloud.accountId ?? instance.awsProfile;
    if (instance.tags.length === 0 && cloud.tags) {
      instance.tags = Object.entries(cloud.tags).map(([key, value]) => ({ source: 'ec2', key, value }));
    }
    instance.privateIpAddress = instance.privateIpAddress ?? firstAddress(first.ipAddresses?.private);
    instance.publicIpAddress = instance.publicIpAddress ?? firstAddress(first.ipAddresses?.public);
    if (first.status === 'online') {
      instance.state = 'running';
      instance.stateCode = 16;
    }
  }
  return { instance, monitored: sorted.length > 0, agents: sorted, importedAt: imported?.imported_at ?? null };
}

/**
 * Creates the servers repository.
 *
 * ```ts
 * const servers = createServersRepo(db, 'sqlite');
 * await servers.replaceImports(orgId, [{ ...emptyInstance('i-0abc12345678'), region: 'us-east-1' }]);
 * const page = await servers.list(orgId, { monitored: false }, { limit: 100 });
 * ```
 */
export function createServersRepo(db: Kysely<Database>, dialect: DialectName): ServersRepo {
  async function write(orgId: string, instances: Ec2Instance[], at: number | undefined, replace: boolean): Promise<ServerImportResult> {
    const when = epochMs(at ?? Date.now(), 'import time');
    const next = new Map<string, string>();
    instances.forEach((instance, i) => {
      const id = instance?.id;
      if (typeof id !== 'string' || id === '' || id.length > 128) throw new StoreValidationError(`instance ${i + 1}: id must be 1-128 characters`);
      if (next.has(id)) throw new StoreValidationError(`instance ${i + 1}: ${id} is listed twice`);
      next.set(id, dataOf(instance));
    });
    return guard('imported server', () =>
      db.transaction().execute(async (trx) => {
        const stored = new Map(
          (await trx.selectFrom('imported_servers').select(['instance_id', 'data']).where('org_id', '=', orgId).execute()).map((r) => [
            r.instance_id,
            r.data,
          ]),
        );
        const added: string[] = [];
        const updated: string[] = [];
        for (const [id, data] of next) {
          const old = stored.get(id);
          if (old === undefined) added.push(id);
          else if (old !== data) updated.push(id);
        }
        const removed = replace ? [...stored.keys()].filter((id) => !next.has(id)) : [];
        // A changed instance is deleted and inserted again: two statements per chunk instead of one per row.
        for (const part of chunks([...updated, ...removed], 1, dialect)) {
          await trx.deleteFrom('imported_servers').where('org_id', '=', orgId).where('instance_id', 'in', part).execute();
        }
        const rows = [...added, ...updated].map((id) => ({ org_id: orgId, instance_id: id, data: next.get(id)!, imported_at: when }));
        for (const part of chunks(rows, 4, dialect)) await trx.insertInto('imported_servers').values(part).execute();
        return {
          received: instances.length,
          added: added.length,
          updated: updated.length,
          unchanged: next.size - added.length - updated.length,
          removed: removed.length,
        };
      }),
    );
  }

  return {
    replaceImports: (orgId, instances, at) => write(orgId, instances, at, true),
    mergeImports: (orgId, instances, at) => write(orgId, instances, at, false),

    async list(orgId, filter, page) {
      const limit = fetchLimit(page);
      const after = page.after?.[1];
      const monitoredIds = db
        .selectFrom('agents')
        .select('instance_id')
        .where('org_id', '=', orgId)
        .where('instance_id', 'is not', null)
        .where('cloud', 'like', AWS_CLOUD);
      let ids: string[];
      if (filter.monitored === true) {
        let q = monitoredIds.distinct();
        if (after !== undefined) q = q.where('instance_id', '>', after);
        ids = (await q.orderBy('instance_id').limit(limit).execute()).map((r) => r.instance_id!);
      } else {
        let q = db.selectFrom('imported_servers').select('instance_id').where('org_id', '=', orgId);
        if (filter.monitored === false) {
          q = q.where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('agents')
                  .select('agents.id')
                  .whereRef('agents.instance_id', '=', 'imported_servers.instance_id')
                  .where('agents.org_id', '=', orgId)
                  .where('agents.cloud', 'like', AWS_CLOUD),
              ),
            ),
          );
          if (after !== undefined) q = q.where('instance_id', '>', after);
          ids = (await q.orderBy('instance_id').limit(limit).execute()).map((r) => r.instance_id);
        } else {
          // union (not union all): an imported instance with an agent is one server
          let both = db.selectFrom(monitoredIds.union(q).as('s')).select('s.instance_id');
          if (after !== undefined) both = both.where('s.instance_id', '>', after);
          ids = (await both.orderBy('s.instance_id').limit(limit).execute()).map((r) => r.instance_id!);
        }
      }
      if (ids.length === 0) return { items: [] };
      const [agentRows, imported] = await Promise.all([
        db
          .selectFrom('agents')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('instance_id', 'in', ids)
          .where('cloud', 'like', AWS_CLOUD)
          .execute(),
        db.selectFrom('imported_servers').selectAll().where('org_id', '=', orgId).where('instance_id', 'in', ids).execute(),
      ]);
      const agentsOf = new Map<string, Agent[]>();
      for (const row of agentRows as Selectable<AgentsTable>[]) {
        const list = agentsOf.get(row.instance_id!) ?? [];
        list.push(toAgent(row));
        agentsOf.set(row.instance_id!, list);
      }
      const importedOf = new Map(imported.map((r) => [r.instance_id, r]));
      return toPage(
        ids,
        page.limit,
        (id) => composeServer(id, importedOf.get(id), agentsOf.get(id) ?? []),
        (id): [number, string] => [0, id],
      );
    },
  };
}
