/**
 * What the file integrity source watches, from the server's configuration (`GET /agent/v1/config`): one entry
 * per watched path of each File rule that applies to this agent. A change is reported when any entry covering
 * the file admits it, the way detection reads File rules (`rule-set-cache.ts` on the server): the file is the
 * watched path or lies beneath it at a `/` boundary (direct children only unless `recursive`), is not in that
 * entry's `ignoreFiles` (exact paths; `*` within one segment, `**` across, by `compileGlob`), and the event's
 * type is in its `eventsToMonitor`.
 * @module
 */
import { posix } from 'node:path';
import type { FileAction } from '@vigil/rules';
// The glob module alone: the rules package's entry would bring the whole rule language into the agent.
import { compileGlob } from '@vigil/rules/glob';
import type { WatchedPath } from '@vigil/sdk';

export interface WatchPlan {
  /** each watched path once, recursive when any entry for it is */
  readonly roots: readonly { path: string; recursive: boolean }[];
  /** whether `filename` belongs in the baseline: an entry covers it and does not ignore it */
  covers(filename: string): boolean;
  /** whether a change of `action` to `filename` is reported */
  admits(filename: string, action: FileAction): boolean;
  /** whether the entries of the directory `dir` are covered, so it is listed and watched */
  lists(dir: string): boolean;
}

interface Entry {
  path: string;
  prefix: string;
  recursive: boolean;
  ignored(filename: string): boolean;
  actions: ReadonlySet<string>;
}

function compileEntry(watched: WatchedPath): Entry {
  const path = posix.normalize(watched.path).replace(/(.)\/+$/, '$1');
  const exact = new Set<string>();
  const globs: ((p: string) => boolean)[] = [];
  for (const ignore of watched.ignoreFiles) {
    if (ignore.includes('*')) globs.push(compileGlob(ignore));
    else exact.add(posix.normalize(ignore).replace(/(.)\/+$/, '$1'));
  }
  return {
    path,
    prefix: path === '/' ? '/' : `${path}/`,
    recursive: watched.recursive,
    ignored: (p) => exact.has(p) || globs.some((g) => g(p)),
    actions: new Set(watched.eventsToMonitor),
  };
}

function under(entry: Entry, filename: string): boolean {
  if (filename === entry.path) return true;
  if (!filename.startsWith(entry.prefix)) return false;
  return entry.recursive || !filename.includes('/', entry.prefix.length);
}

/**
 * ```ts
 * const plan = watchPlan([{ path: '/etc/ssh', recursive: false, ignoreFiles: ['/etc/ssh/moduli'], eventsToMonitor: ['modify'] }]);
 * plan.admits('/etc/ssh/sshd_config', 'modify'); // true
 * plan.covers('/etc/ssh/moduli'); // false
 * ```
 */
export function watchPlan(paths: readonly WatchedPath[]): WatchPlan {
  const entries = paths.map(compileEntry);
  const roots = new Map<string, boolean>();
  for (const e of entries) roots.set(e.path, (roots.get(e.path) ?? false) || e.recursive);
  return {
    roots: [...roots].map(([path, recursive]) => ({ path, recursive })),
    covers: (filename) => entries.some((e) => under(e, filename) && !e.ignored(filename)),
    admits: (filename, action) => entries.some((e) => e.actions.has(action) && under(e, filename) && !e.ignored(filename)),
    lists: (dir) => entries.some((e) => dir === e.path || (e.recursive && dir.startsWith(e.prefix))),
  };
}
