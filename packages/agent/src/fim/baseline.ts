/**
 * The file integrity baseline: the facts of every watched path, found by walking the watch plan's roots (a
 * directory is listed when the plan covers its entries, recursively for recursive entries), up to a cap on
 * entries. It is kept in the state folder with the configuration it was taken under, so that changes made
 * while the agent was stopped are reported when it starts again.
 * @module
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchedPath } from '@vigil/sdk';
import { readFileFacts, type Digests, type FileFacts } from './file-facts.js';
import type { WatchPlan } from './watch-plan.js';

export interface Baseline {
  /** the configuration the baseline was taken under */
  paths: WatchedPath[];
  /** whether the walk stopped at the cap (what lies beyond it is unknown) */
  capped: boolean;
  entries: Map<string, FileFacts>;
}

export interface ScanOptions {
  maxHashBytes: number;
  /** entries the scan may add */
  maxEntries: number;
  /** earlier facts, whose hashes are kept for files that have not moved */
  previous: ReadonlyMap<string, FileFacts>;
  /** which digests of a file read again are computed (default all) */
  digests?: Digests;
  /** the logs the agent's own audit rules write (see `readFileFacts`) */
  ownLogs?: ReadonlySet<string>;
}

export interface Scan {
  entries: Map<string, FileFacts>;
  /** directories whose entries are covered: the ones to watch */
  listed: Set<string>;
  capped: boolean;
  /** paths that could not be read, with the reason (`EACCES`) */
  denied: { path: string; code: string }[];
}

const FILE = 'fim-baseline.json';

export const childPath = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/**
 * Walks from each of `starts` (a watched path, or a path below one whose subtree changed).
 *
 * ```ts
 * const scan = await scanPaths(plan, plan.roots.map((r) => r.path), { maxHashBytes, maxEntries: 20_000, previous: new Map() });
 * ```
 */
export async function scanPaths(plan: WatchPlan, starts: readonly string[], options: ScanOptions): Promise<Scan> {
  const scan: Scan = { entries: new Map(), listed: new Set(), capped: false, denied: [] };
  const visited = new Set<string>();
  const deny = (path: string, err: unknown) => scan.denied.push({ path, code: (err as { code?: string }).code ?? (err as Error).message });
  const visit = async (path: string): Promise<void> => {
    if (visited.has(path)) return;
    visited.add(path);
    if (scan.entries.size >= options.maxEntries) {
      scan.capped = true;
      return;
    }
    let facts: FileFacts | undefined;
    try {
      facts = await readFileFacts(path, { maxHashBytes: options.maxHashBytes, previous: options.previous.get(path), digests: options.digests, ownLog: options.ownLogs?.has(path) });
    } catch (err) {
      deny(path, err);
      return;
    }
    if (facts === undefined) return;
    if (plan.covers(path)) scan.entries.set(path, facts);
    if (facts.kind !== 'dir' || !plan.lists(path)) return;
    let names: string[];
    try {
      names = await readdir(path);
    } catch (err) {
      deny(path, err);
      return;
    }
    scan.listed.add(path);
    for (const name of names.sort()) {
      const child = childPath(path, name);
      if (plan.covers(child) || plan.lists(child)) await visit(child);
    }
  };
  for (const start of starts) await visit(start);
  return scan;
}

/** The baseline kept in `dir`, or an empty one (taken under no configuration) when there is none. */
export function loadBaseline(dir: string): Baseline {
  try {
    const saved = JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as { paths: WatchedPath[]; capped: boolean; entries: Record<string, FileFacts> };
    return { paths: saved.paths, capped: saved.capped === true, entries: new Map(Object.entries(saved.entries)) };
  } catch {
    return { paths: [], capped: false, entries: new Map() };
  }
}

/** Saves the baseline atomically (0600: it lists the host's watched files and their owners). */
export function saveBaseline(dir: string, baseline: Baseline): void {
  const path = join(dir, FILE);
  const saved = { paths: baseline.paths, capped: baseline.capped, entries: Object.fromEntries(baseline.entries) };
  writeFileSync(`${path}.tmp`, JSON.stringify(saved), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

