/**
 * The package inventory source: the full list at the first start, then only what changed. The list the
 * server acknowledged and its digest are kept in the state folder, so a restart sends the changes made while
 * the agent was down (or nothing); the full list goes again only when the server holds another inventory
 * (a 409 on changes, or a heartbeat answering another digest). The database's folder is watched, and a burst
 * of writes (one apt run rewrites the status file several times) is read once, after it settles.
 * @module
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, type InstalledPackage, type InventoryChanges, type InventoryResult, type InventorySnapshot } from '@vigil/sdk';
import type { SourceStatus } from '../audit/audit-source.js';
import { writeFileAtomic } from '../run/state-dir.js';
import { findPackageDatabase, type InventoryPaths, type PackageDatabase } from './read-inventory.js';

/** The calls of the agent protocol this source makes (the SDK's AgentClient). */
export interface InventorySender {
  sendInventory(snapshot: InventorySnapshot, options?: { gzip?: boolean }): Promise<InventoryResult>;
  sendInventoryChanges(changes: InventoryChanges, options?: { gzip?: boolean }): Promise<InventoryResult>;
}

export interface InventorySourceOptions {
  sender: InventorySender;
  stateDir: string;
  paths?: InventoryPaths;
  /** how long the database must stay quiet before it is read (default 2 s) */
  debounceMs?: number;
  log?: (message: string) => void;
}

export interface InventorySource {
  status: SourceStatus;
  /**
   * Brings the server up to date: sends what changed if the database changed (or a send failed), the full
   * list when `serverDigest` (from a heartbeat) is not the digest the agent holds.
   */
  sync(serverDigest?: string | null): Promise<void>;
  stop(): void;
}

/** What the server acknowledged last, as kept in `inventory.json`. */
interface Acknowledged {
  digest: string;
  snapshot: InventorySnapshot;
}

const STATE_FILE = 'inventory.json';
const keyOf = (p: InstalledPackage) => `${p.name}\t${p.arch}\t${p.version}`;
/** A package whose source fields changed is sent as removed and added again. */
const sameAs = (a: InstalledPackage, b: InstalledPackage) =>
  (a.sourceName ?? a.name) === (b.sourceName ?? b.name) && (a.sourceVersion ?? a.version) === (b.sourceVersion ?? b.version);

/** The changes from `before` to `after`, or undefined when they are not one host's lists of one kind. */
export function inventoryChanges(before: InventorySnapshot, after: InventorySnapshot, baseDigest: string): InventoryChanges | undefined {
  if (before.ecosystem !== after.ecosystem || before.manager !== after.manager) return undefined;
  const was = new Map(before.packages.map((p) => [keyOf(p), p]));
  const now = new Map(after.packages.map((p) => [keyOf(p), p]));
  const added = after.packages.filter((p) => !was.has(keyOf(p)) || !sameAs(was.get(keyOf(p))!, p));
  const removed = before.packages
    .filter((p) => !now.has(keyOf(p)) || !sameAs(now.get(keyOf(p))!, p))
    .map(({ name, arch, version }) => ({ name, arch, version }));
  return { baseDigest, added, removed };
}

function loadAcknowledged(stateDir: string): Acknowledged | undefined {
  const path = join(stateDir, STATE_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Acknowledged;
    return typeof parsed.digest === 'string' && Array.isArray(parsed.snapshot?.packages) ? parsed : undefined;
  } catch {
    return undefined; // unreadable: the full list goes again, which is always right
  }
}

/**
 * ```ts
 * const inventory = startInventorySource({ sender: client, stateDir });
 * await inventory.sync(); // the first list or the changes since the last run
 * const { inventoryDigest } = await client.heartbeat(report);
 * await inventory.sync(inventoryDigest);
 * ```
 */
export function startInventorySource(options: InventorySourceOptions): InventorySource {
  const log = options.log ?? (() => {});
  const status: SourceStatus = { state: 'starting', eventsRead: 0, errors: 0 };
  const database: PackageDatabase | undefined = findPackageDatabase(options.paths ?? {});
  let acknowledged = loadAcknowledged(options.stateDir);
  // Read the database at the next sync: at the start, after a change was seen, after a failed send.
  let dirty = true;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const fail = (message: string) => {
    status.state = 'failed';
    status.message = message;
    status.errors += 1;
  };

  async function send(serverDigest: string | null | undefined): Promise<void> {
    if (!database) return;
    const serverHasOther = serverDigest !== undefined && serverDigest !== (acknowledged?.digest ?? null);
    if (!dirty && !serverHasOther) return;
    dirty = false;
    let snapshot: InventorySnapshot;
    try {
      snapshot = await database.read();
    } catch (err) {
      dirty = true;
      fail(`cannot read the ${database.manager} database: ${(err as Error).message}`);
      return;
    }
    try {
      const changes = !serverHasOther && acknowledged ? inventoryChanges(acknowledged.snapshot, snapshot, acknowledged.digest) : undefined;
      let result: InventoryResult;
      if (changes && changes.added.length === 0 && changes.removed.length === 0) {
        result = { digest: acknowledged!.digest, added: 0, removed: 0, changed: 0, packageCount: snapshot.packages.length };
      } else if (changes) {
        try {
          result = await options.sender.sendInventoryChanges(changes, { gzip: true });
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
          log('inventory: the server holds another package list; sending the full list');
          result = await options.sender.sendInventory(snapshot, { gzip: true });
        }
      } else {
        result = await options.sender.sendInventory(snapshot, { gzip: true });
      }
      if (result.digest !== acknowledged?.digest) {
        acknowledged = { digest: result.digest, snapshot };
        writeFileAtomic(join(options.stateDir, STATE_FILE), JSON.stringify(acknowledged));
      }
      if (result.added + result.removed + result.changed > 0) {
        log(`inventory: ${result.packageCount} packages (${result.added} added, ${result.removed} removed, ${result.changed} changed)`);
      }
      status.state = watcher || !database ? 'running' : 'degraded';
      if (watcher) delete status.message;
    } catch (err) {
      dirty = true; // try again at the next heartbeat
      status.errors += 1;
      status.message = `sending the package list failed: ${(err as Error).message}`;
    }
  }

  if (!database) {
    status.state = 'failed';
    status.message = 'no dpkg, apk or rpm database on this host';
  } else {
    try {
      watcher = watch(database.watchDir, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          dirty = true;
          void sync();
        }, options.debounceMs ?? 2000);
      });
      watcher.on('error', (err) => {
        watcher?.close();
        watcher = undefined;
        status.state = 'degraded';
        status.message = `cannot watch ${database.watchDir} (${err.message}); the package list is read at every heartbeat`;
      });
    } catch (err) {
      status.state = 'degraded';
      status.message = `cannot watch ${database.watchDir} (${(err as Error).message}); the package list is read at every heartbeat`;
    }
  }

  function sync(serverDigest?: string | null): Promise<void> {
    // Without a watch, every heartbeat reads the database.
    if (!watcher && database) dirty = true;
    running = running.then(() => send(serverDigest));
    return running;
  }

  return {
    status,
    sync,
    stop() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
      status.state = 'stopped';
    },
  };
}
