/**
 * The inventory reads the vulnerability matcher needs: one agent's whole set, the hosts carrying given
 * source packages across every organization, and every agent that has an inventory.
 * @module
 */
import type { Kysely } from 'kysely';
import { ID_POSITION, fetchLimit, toPage } from '../internal/paging.js';
import type { Database } from '../schema.js';
import type { PackageManager } from '../vocabulary.js';
import type { InventoryRepo } from './inventory-types.js';

/** Source names per lookup statement. */
const LOOKUP = 500;

/**
 * Creates the fleet-wide reads of the inventory repository.
 *
 * ```ts
 * const hosts = await createInventoryFleetReads(db).packagesBySourceNames(['openssl']);
 * ```
 */
export function createInventoryFleetReads(db: Kysely<Database>): Pick<InventoryRepo, 'current' | 'packagesBySourceNames' | 'listStates'> {
  return {
    async current(orgId, agentId) {
      const state = await db.selectFrom('agent_inventories').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId).executeTakeFirst();
      if (!state) return undefined;
      const rows = await db
        .selectFrom('agent_packages')
        .select(['name', 'arch', 'version', 'source_name', 'source_version'])
        .where('agent_id', '=', agentId)
        .orderBy('name')
        .orderBy('arch')
        .orderBy('version')
        .execute();
      return {
        orgId,
        agentId,
        ecosystem: state.ecosystem,
        manager: state.manager as PackageManager,
        packages: rows.map((r) => ({ name: r.name, arch: r.arch, version: r.version, sourceName: r.source_name, sourceVersion: r.source_version })),
      };
    },

    async packagesBySourceNames(sourceNames) {
      const names = [...new Set(sourceNames)];
      const out = [];
      for (let i = 0; i < names.length; i += LOOKUP) {
        const rows = await db
          .selectFrom('agent_packages as p')
          .innerJoin('agent_inventories as i', 'i.agent_id', 'p.agent_id')
          .select(['p.org_id', 'p.agent_id', 'p.name', 'p.arch', 'p.version', 'p.source_name', 'p.source_version', 'i.ecosystem', 'i.manager'])
          .where('p.source_name', 'in', names.slice(i, i + LOOKUP))
          .execute();
        for (const r of rows) {
          out.push({
            orgId: r.org_id,
            agentId: r.agent_id,
            ecosystem: r.ecosystem,
            manager: r.manager as PackageManager,
            name: r.name,
            arch: r.arch,
            version: r.version,
            sourceName: r.source_name,
            sourceVersion: r.source_version,
          });
        }
      }
      return out;
    },

    async listStates(page) {
      const limit = fetchLimit(page, ID_POSITION);
      let q = db.selectFrom('agent_inventories').selectAll();
      if (page.after !== undefined) q = q.where('agent_id', '>', page.after);
      const rows = await q.orderBy('agent_id').limit(limit).execute();
      return toPage(
        rows,
        page.limit,
        (r) => ({
          orgId: r.org_id,
          agentId: r.agent_id,
          ecosystem: r.ecosystem,
          manager: r.manager as PackageManager,
          digest: r.digest,
          packageCount: Number(r.package_count),
          updatedAt: Number(r.updated_at),
        }),
        (r) => r.agent_id,
      );
    },
  };
}
