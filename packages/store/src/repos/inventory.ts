/**
 * Package inventories: each agent's current package set, a digest of it (so a diff can say which state it
 * applies to) and the history of changes. Snapshots and diffs share one write path: work out the next set,
 * compare it with the stored one, write only the difference.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { chunks } from '../internal/chunks.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { fetchLimit, toPage } from '../internal/paging.js';
import type { AgentInventoriesTable, AgentPackageChangesTable, AgentPackagesTable, Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { createInventoryFleetReads } from './inventory-fleet.js';
import type {
  InstalledPackage,
  InventoryConflict,
  InventoryRepo,
  InventoryResult,
  InventorySnapshot,
  InventoryState,
  PackageChange,
  PackageKey,
  StoredPackage,
} from './inventory-types.js';
import { PACKAGE_MANAGERS, oneOf, type PackageManager } from '../vocabulary.js';
type Full = Required<InstalledPackage>;
/** Tabs and line breaks separate the digest's fields; no package manager allows control characters in these. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 512 || CONTROL.test(value)) {
    throw new StoreValidationError(`${what} must be 1-512 characters without control characters`);
  }
  return value;
}

const keyOf = (p: PackageKey): string => `${p.name}\t${p.arch}\t${p.version}`;

function full(p: InstalledPackage, where: string): Full {
  const name = text(p?.name, `${where}.name`);
  const version = text(p.version, `${where}.version`);
  return {
    name,
    version,
    arch: text(p.arch, `${where}.arch`),
    sourceName: p.sourceName === undefined ? name : text(p.sourceName, `${where}.sourceName`),
    sourceVersion: p.sourceVersion === undefined ? version : text(p.sourceVersion, `${where}.sourceVersion`),
  };
}

/** sha256 over the ecosystem, the manager and the sorted packages, so equal sets have equal digests anywhere. */
function digestOf(ecosystem: string, manager: string, set: Map<string, Full>): string {
  const hash = createHash('sha256').update(`${ecosystem}\n${manager}\n`);
  for (const key of [...set.keys()].sort()) {
    const p = set.get(key)!;
    hash.update(`${key}\t${p.sourceName}\t${p.sourceVersion}\n`);
  }
  return hash.digest('hex');
}

const fromRow = (r: Selectable<AgentPackagesTable>): Full => ({
  name: r.name,
  arch: r.arch,
  version: r.version,
  sourceName: r.source_name,
  sourceVersion: r.source_version,
});

const toState = (r: Selectable<AgentInventoriesTable>): InventoryState => ({
  agentId: r.agent_id,
  ecosystem: r.ecosystem,
  manager: r.manager as PackageManager,
  digest: r.digest,
  packageCount: Number(r.package_count),
  updatedAt: r.updated_at,
});

const toChange = (r: Selectable<AgentPackageChangesTable>): PackageChange => ({
  id: r.id,
  agentId: r.agent_id,
  at: r.at,
  kind: r.kind as PackageChange['kind'],
  name: r.name,
  arch: r.arch,
  fromVersion: r.from_version,
  toVersion: r.to_version,
  sourceName: r.source_name,
});

/** The change records between two sets: one version replaced by one other of the same name and arch is `changed`. */
function changesBetween(current: Map<string, Full>, next: Map<string, Full>): Omit<PackageChange, 'id' | 'agentId' | 'at'>[] {
  const gone = new Map<string, Full[]>();
  const came = new Map<string, Full[]>();
  const group = (into: Map<string, Full[]>, p: Full) => {
    const k = `${p.name}\t${p.arch}`;
    into.set(k, [...(into.get(k) ?? []), p]);
  };
  for (const [key, p] of current) if (!next.has(key)) group(gone, p);
  for (const [key, p] of next) if (!current.has(key)) group(came, p);
  const out: Omit<PackageChange, 'id' | 'agentId' | 'at'>[] = [];
  for (const [k, removed] of gone) {
    const added = came.get(k);
    if (removed.length === 1 && added?.length === 1) {
      const [from, to] = [removed[0]!, added[0]!];
      out.push({ kind: 'changed', name: to.name, arch: to.arch, fromVersion: from.version, toVersion: to.version, sourceName: to.sourceName });
      came.delete(k);
      continue;
    }
    for (const p of removed) out.push({ kind: 'removed', name: p.name, arch: p.arch, fromVersion: p.version, toVersion: null, sourceName: p.sourceName });
  }
  for (const added of came.values()) {
    for (const p of added) out.push({ kind: 'added', name: p.name, arch: p.arch, fromVersion: null, toVersion: p.version, sourceName: p.sourceName });
  }
  return out;
}

/**
 * Creates the inventory repository.
 *
 * ```ts
 * const inventory = createInventoryRepo(db, 'sqlite');
 * const { digest } = await inventory.replace(orgId, agentId, { ecosystem: 'Debian:12', manager: 'dpkg', packages });
 * await inventory.applyDiff(orgId, agentId, { baseDigest: digest, added: [openssl], removed: [] });
 * ```
 */
export function createInventoryRepo(db: Kysely<Database>, dialect: DialectName): InventoryRepo {
  /** The stored state (locked on PostgreSQL until the transaction ends) and its packages. */
  async function load(trx: Transaction<Database>, orgId: string, agentId: string) {
    let q = trx.selectFrom('agent_inventories').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId);
    if (dialect === 'postgres') q = q.forUpdate();
    const state = await q.executeTakeFirst();
    const rows = state
      ? await trx.selectFrom('agent_packages').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId).execute()
      : [];
    return { state, current: new Map(rows.map((r) => [keyOf(r), fromRow(r)])) };
  }

  async function commit(
    trx: Transaction<Database>,
    where: { orgId: string; agentId: string; at: number; ecosystem: string; manager: string },
    current: Map<string, Full>,
    next: Map<string, Full>,
  ): Promise<InventoryResult> {
    const { orgId, agentId, at } = where;
    const removed = [...current.entries()].filter(([key]) => !next.has(key)).map(([, p]) => p);
    const added = [...next.entries()].filter(([key]) => !current.has(key)).map(([, p]) => p);
    const resourced = [...next.entries()].filter(([key, p]) => {
      const was = current.get(key);
      return was !== undefined && (was.sourceName !== p.sourceName || was.sourceVersion !== p.sourceVersion);
    });
    // A hundred per statement: one OR term each, well inside SQLite's expression depth limit (1000).
    for (let i = 0; i < removed.length; i += 100) {
      const part = removed.slice(i, i + 100);
      await trx
        .deleteFrom('agent_packages')
        .where('agent_id', '=', agentId)
        .where((eb) => eb.or(part.map((p) => eb.and([eb('name', '=', p.name), eb('arch', '=', p.arch), eb('version', '=', p.version)]))))
        .execute();
    }
    const rows: Insertable<AgentPackagesTable>[] = added.map((p) => ({
      agent_id: agentId,
      org_id: orgId,
      name: p.name,
      arch: p.arch,
      version: p.version,
      source_name: p.sourceName,
      source_version: p.sourceVersion,
      first_seen_at: at,
    }));
    for (const part of chunks(rows, 8, dialect)) await trx.insertInto('agent_packages').values(part).execute();
    for (const [, p] of resourced) {
      await trx
        .updateTable('agent_packages')
        .set({ source_name: p.sourceName, source_version: p.sourceVersion })
        .where('agent_id', '=', agentId)
        .where('name', '=', p.name)
        .where('arch', '=', p.arch)
        .where('version', '=', p.version)
        .execute();
    }
    const changes = changesBetween(current, next).map((c) => ({
      id: randomUUID(),
      agent_id: agentId,
      org_id: orgId,
      at,
      kind: c.kind,
      name: c.name,
      arch: c.arch,
      from_version: c.fromVersion,
      to_version: c.toVersion,
      source_name: c.sourceName,
    }));
    for (const part of chunks(changes, 10, dialect)) await trx.insertInto('agent_package_changes').values(part).execute();
    const digest = digestOf(where.ecosystem, where.manager, next);
    const state = { ecosystem: where.ecosystem, manager: where.manager, digest, package_count: next.size, updated_at: at };
    await trx
      .insertInto('agent_inventories')
      .values({ agent_id: agentId, org_id: orgId, ...state })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet(state))
      .execute();
    const count = (kind: string) => changes.filter((c) => c.kind === kind).length;
    return { digest, added: count('added'), removed: count('removed'), changed: count('changed'), packageCount: next.size };
  }

  return {
    ...createInventoryFleetReads(db),

    async replace(orgId, agentId, snapshot: InventorySnapshot, at = Date.now()) {
      const ecosystem = text(snapshot?.ecosystem, 'ecosystem');
      if (!oneOf(PACKAGE_MANAGERS, snapshot.manager)) throw new StoreValidationError('manager must be dpkg, rpm or apk');
      if (!Array.isArray(snapshot.packages)) throw new StoreValidationError('packages must be a list');
      const next = new Map<string, Full>();
      snapshot.packages.forEach((p, i) => {
        const pkg = full(p, `packages[${i}]`);
        if (next.has(keyOf(pkg))) throw new StoreValidationError(`packages[${i}] repeats ${pkg.name} ${pkg.arch} ${pkg.version}`);
        next.set(keyOf(pkg), pkg);
      });
      const when = epochMs(at, 'inventory time');
      return guard('inventory', () =>
        db.transaction().execute(async (trx) => {
          const { current } = await load(trx, orgId, agentId);
          return commit(trx, { orgId, agentId, at: when, ecosystem, manager: snapshot.manager }, current, next);
        }),
      );
    },

    async applyDiff(orgId, agentId, diff, at = Date.now()) {
      text(diff?.baseDigest, 'baseDigest');
      if (!Array.isArray(diff.added) || !Array.isArray(diff.removed)) throw new StoreValidationError('added and removed must be lists');
      const added = diff.added.map((p, i) => full(p, `added[${i}]`));
      const removed = diff.removed.map((p, i) => full({ ...p, sourceName: undefined, sourceVersion: undefined }, `removed[${i}]`));
      const when = epochMs(at, 'inventory time');
      return guard('inventory', () =>
        db.transaction().execute(async (trx): Promise<InventoryResult | InventoryConflict> => {
          const { state, current } = await load(trx, orgId, agentId);
          const conflict = (reason: string): InventoryConflict => ({ conflict: true, digest: state?.digest ?? null, reason });
          if (!state) return conflict('no inventory is stored for this agent yet; send the full snapshot');
          if (state.digest !== diff.baseDigest) return conflict('the stored inventory is not the one this diff starts from; send the full snapshot');
          const next = new Map(current);
          for (const p of removed) {
            if (!next.delete(keyOf(p))) return conflict(`${p.name} ${p.arch} ${p.version} is not in the stored inventory; send the full snapshot`);
          }
          for (const p of added) {
            if (next.has(keyOf(p))) return conflict(`${p.name} ${p.arch} ${p.version} is already in the stored inventory; send the full snapshot`);
            next.set(keyOf(p), p);
          }
          return commit(trx, { orgId, agentId, at: when, ecosystem: state.ecosystem, manager: state.manager }, current, next);
        }),
      );
    },

    async state(orgId, agentId) {
      const row = await db.selectFrom('agent_inventories').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId).executeTakeFirst();
      return row && toState(row);
    },

    async listPackages(orgId, agentId, page) {
      const limit = fetchLimit(page);
      const state = await db.selectFrom('agent_inventories').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId).executeTakeFirst();
      if (!state) return { items: [] };
      let q = db.selectFrom('agent_packages').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId);
      if (page.after !== undefined) {
        const last = JSON.parse(page.after[1]) as unknown;
        if (!Array.isArray(last) || last.length !== 3 || !last.every((v) => typeof v === 'string')) {
          throw new StoreValidationError('page cursor must name a package');
        }
        const [name, arch, version] = last as string[];
        q = q.where((eb) =>
          eb.or([
            eb('name', '>', name!),
            eb.and([eb('name', '=', name!), eb('arch', '>', arch!)]),
            eb.and([eb('name', '=', name!), eb('arch', '=', arch!), eb('version', '>', version!)]),
          ]),
        );
      }
      const rows = await q.orderBy('name').orderBy('arch').orderBy('version').limit(limit).execute();
      return toPage(
        rows,
        page.limit,
        (r): StoredPackage => ({ ...fromRow(r), ecosystem: state.ecosystem, manager: state.manager as PackageManager, firstSeenAt: r.first_seen_at }),
        (r) => [0, JSON.stringify([r.name, r.arch, r.version])],
      );
    },

    async listChanges(orgId, agentId, page) {
      const limit = fetchLimit(page);
      let q = db.selectFrom('agent_package_changes').selectAll().where('agent_id', '=', agentId).where('org_id', '=', orgId);
      if (page.after !== undefined) {
        const [at, id] = page.after;
        q = q.where('at', '<=', at).where((eb) => eb.or([eb('at', '<', at), eb('id', '<', id)]));
      }
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return toPage(rows, page.limit, toChange, (r) => [r.at, r.id]);
    },
  };
}
