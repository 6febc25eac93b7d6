/**
 * The file integrity source. At start it walks the watched paths into a baseline and compares it with the one
 * kept in the state folder, so what changed while the agent was stopped is reported; then inotify (Node's
 * `fs.watch`, one watch per directory: the listed ones, the parent of a watched file so a replace-by-rename is
 * seen, and the nearest existing ancestor of a watched path that does not exist yet, so its creation is) tells
 * which paths to look at again. Changes are gathered until the paths have been quiet for a moment, so one write
 * of a big file is one event. Only hashes are computed from contents; contents are never kept or sent.
 *
 * Honest status: `degraded` when the walk stopped at the entry cap, when paths cannot be read (permission
 * denied) or when the system's inotify watches ran out; a watched path that does not exist is not a problem.
 * @module
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { WatchedPath } from '@vigil/sdk';
import type { SourceStatus } from '../audit/audit-source.js';
import type { HostEvent } from '../audit/to-event.js';
import { childPath, loadBaseline, saveBaseline, scanPaths, type Baseline, type Scan } from './baseline.js';
import { classify, fileEvent, renamedPaths, type FileChange } from './file-change.js';
import { GROWN, readFileFacts } from './file-facts.js';
import { watchPlan, type WatchPlan } from './watch-plan.js';

export interface FimSourceOptions {
  /** where the baseline is kept */
  stateDir: string;
  paths: readonly WatchedPath[];
  onEvent(event: HostEvent): void;
  userName?(uid: number): string | undefined;
  /** entries of the baseline at most (default 20,000); past it the source is degraded and says so */
  maxEntries?: number;
  /** files larger than this are reported without hashes (default 64 MiB) */
  maxHashBytes?: number;
  /** how long paths must be quiet before they are looked at (default 300 ms)… */
  quietMs?: number;
  /** …but never longer than this after the first change (default 5 s) */
  maxDelayMs?: number;
  /**
   * Logs the agent's own audit rules write (auditd's log, when the audit source runs). Each event the agent
   * reports made auditd append to it first: reporting (and re-hashing) every such growth would feed the
   * agent's work back to it as events. Their growth is not reported; cut, rewritten, replaced, deleted, a
   * change of mode or owner still are (`readFileFacts`).
   */
  ownLogs?: readonly string[];
  now?: () => number;
}

export interface FimSource {
  readonly status: SourceStatus;
  /** resolves once the first baseline is taken (and what changed while the agent was stopped reported) */
  readonly ready: Promise<void>;
  /** watches another set of paths (a new configuration); changes to paths watched before and after are reported */
  update(paths: readonly WatchedPath[]): Promise<void>;
  /** resolves once the changes seen so far have been handled (for tests) */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const isUnder = (path: string, dir: string) => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

/**
 * ```ts
 * const fim = await startFimSource({ stateDir, paths: config.fileIntegrity.paths, onEvent: (e) => shipper.add(e) });
 * await fim.update(next.fileIntegrity.paths);
 * ```
 */
export async function startFimSource(options: FimSourceOptions): Promise<FimSource> {
  const maxEntries = options.maxEntries ?? 20_000;
  const maxHashBytes = options.maxHashBytes ?? 64 * 1024 * 1024;
  const quietMs = options.quietMs ?? 300;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const now = options.now ?? Date.now;
  const userName = options.userName ?? (() => undefined);
  const ownLogs = new Set(options.ownLogs);
  const status: SourceStatus = { state: 'starting', eventsRead: 0, errors: 0 };

  let baseline: Baseline = loadBaseline(options.stateDir);
  let plan: WatchPlan = watchPlan(baseline.paths);
  let listed = new Set<string>();
  let denied: Scan['denied'] = [];
  let watchProblem: string | undefined;
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  let work: Promise<void> = Promise.resolve();
  let stopped = false;

  const refreshStatus = () => {
    if (stopped) return;
    const problems: string[] = [];
    if (baseline.capped) problems.push(`the watched paths hold more than ${maxEntries} entries: only the first ${maxEntries} are watched`);
    if (denied.length > 0) problems.push(`cannot read ${denied.slice(0, 3).map((d) => `${d.path} (${d.code})`).join(', ')}${denied.length > 3 ? ` and ${denied.length - 3} more` : ''}`);
    if (watchProblem !== undefined) problems.push(watchProblem);
    status.state = problems.length > 0 ? 'degraded' : 'running';
    if (problems.length > 0) status.message = problems.join('; ');
    else delete status.message;
  };

  const emit = (changes: readonly FileChange[]) => {
    const renamed = renamedPaths(changes);
    const at = now();
    for (const change of changes) {
      if (change.after?.unhashed === GROWN) continue;
      const what = classify(change, renamed.has(change.path));
      if (what === undefined || !plan.admits(change.path, what.type)) continue;
      status.eventsRead += 1;
      options.onEvent(fileEvent(change, what, at, userName));
    }
  };

  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    try {
      saveBaseline(options.stateDir, baseline);
    } catch {
      status.errors += 1;
    }
  };
  // A log under a watched folder (auditd's own, under /var/log) changes all the time: saving the whole baseline
  // after each of its rescans cost more than the rescans. Saved a minute later instead, and at every stop; after
  // a crash, what changed since the last save is reported again at the next start (twice, never lost).
  const saveSoon = () => {
    saveTimer ??= setTimeout(save, 60_000);
    saveTimer.unref();
  };

  /** The directories to watch: the listed ones, and for each watched path that is not a listed directory its parent (or nearest existing ancestor). */
  const reconcileWatches = () => {
    const wanted = new Set(listed);
    for (const root of plan.roots) {
      if (listed.has(root.path)) continue;
      let dir = root.path === '/' ? '/' : dirname(root.path);
      while (dir !== '/' && !isDirectory(dir)) dir = dirname(dir);
      wanted.add(dir);
    }
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    watchProblem = undefined;
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_type, name) => {
          if (name === null || name === undefined) return changed(dir);
          changed(childPath(dir, name.toString()));
          // The watched folder itself went away (inotify's DELETE_SELF and MOVE_SELF name it).
          if (name.toString() === basename(dir)) changed(dir);
        });
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(dir);
          changed(dir);
        });
        watchers.set(dir, watcher);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue; // gone meanwhile: its parent's watch reports it
        status.errors += 1;
        watchProblem =
          code === 'ENOSPC'
            ? 'the system ran out of inotify watches (raise fs.inotify.max_user_watches): some folders are not watched'
            : `cannot watch ${dir} (${code ?? (err as Error).message})`;
      }
    }
  };

  /** Scans `starts` and replaces what the baseline held at and below them; the changes found, in path order. */
  const rescan = async (starts: readonly string[]): Promise<{ scan: Scan; changes: FileChange[] }> => {
    const inScope = (path: string) => starts.some((s) => isUnder(path, s));
    const old = new Map([...baseline.entries].filter(([path]) => inScope(path)));
    const scan = await scanPaths(plan, starts, { maxHashBytes, maxEntries: maxEntries - (baseline.entries.size - old.size), previous: old, ownLogs });
    const changes: FileChange[] = [];
    for (const [path, after] of scan.entries) changes.push({ path, before: old.get(path), after });
    for (const [path, before] of old) if (!scan.entries.has(path)) changes.push({ path, before });
    for (const [path] of old) baseline.entries.delete(path);
    for (const [path, facts] of scan.entries) baseline.entries.set(path, facts);
    for (const dir of [...listed]) if (inScope(dir)) listed.delete(dir);
    for (const dir of scan.listed) listed.add(dir);
    changes.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { scan, changes };
  };

  /** Looks at the paths inotify named: each watched one's subtree, and each watched path below one that changed. */
  const handle = async (paths: Set<string>) => {
    const starts = new Set<string>();
    for (const path of paths) {
      if (plan.covers(path) || plan.lists(path) || baseline.entries.has(path)) starts.add(path);
      for (const root of plan.roots) if (isUnder(root.path, path)) starts.add(root.path);
    }
    // A path below another being rescanned is covered by that rescan.
    const outer = [...starts].filter((s) => ![...starts].some((o) => o !== s && isUnder(s, o)));
    if (outer.length === 0) return;
    const { scan, changes } = await rescan(outer);
    // What could not be read, or lies past the cap, is unknown rather than deleted.
    const unknown = (c: FileChange) => c.after === undefined && (scan.capped || scan.denied.some((d) => isUnder(c.path, d.path)));
    emit(changes.filter((c) => !unknown(c)));
    if (scan.capped) baseline.capped = true;
    denied = [...denied.filter((d) => !outer.some((s) => isUnder(d.path, s))), ...scan.denied];
    reconcileWatches();
    refreshStatus();
    saveSoon();
  };

  const flush = () => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
    const batch = pending;
    pending = new Set();
    if (batch.size === 0) return;
    work = work.then(() => handle(batch)).catch(() => {
      status.errors += 1;
    });
  };

  function changed(path: string) {
    if (stopped) return;
    pending.add(path);
    clearTimeout(quietTimer);
    quietTimer = setTimeout(flush, quietMs);
    maxTimer ??= setTimeout(flush, maxDelayMs);
  }

  /**
   * Takes a new configuration: a full walk, compared with the baseline taken under the previous one. A path
   * watched under both is compared; one watched now but not then is only recorded (it was not watched, so
   * nothing is known of its past), except that a path missing from a listed folder before was created.
   */
  const apply = async (paths: readonly WatchedPath[]) => {
    const previous = baseline;
    const previousPlan = watchPlan(previous.paths);
    plan = watchPlan(paths);
    // The walk needs SHA-256 only (it tells a change of content); what is reported gets every digest below.
    const scan = await scanPaths(plan, plan.roots.map((r) => r.path), { maxHashBytes, maxEntries, previous: previous.entries, digests: 'sha256', ownLogs });
    const changes: FileChange[] = [];
    for (const [path, after] of scan.entries) {
      const before = previous.entries.get(path);
      if (before !== undefined || (previousPlan.covers(path) && !previous.capped)) changes.push({ path, before, after });
    }
    const unreadable = scan.denied.map((d) => d.path);
    if (!scan.capped) {
      for (const [path, before] of previous.entries) {
        if (!scan.entries.has(path) && plan.covers(path) && !unreadable.some((d) => isUnder(path, d))) changes.push({ path, before });
      }
    }
    changes.sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const change of changes) {
      const after = change.after;
      if (after?.sha256 === undefined || after.md5 !== undefined || classify(change, false) === undefined) continue;
      change.after = (await readFileFacts(change.path, { maxHashBytes })) ?? after;
      scan.entries.set(change.path, change.after);
    }
    baseline = { paths: [...paths], capped: scan.capped, entries: scan.entries };
    listed = scan.listed;
    denied = scan.denied;
    emit(changes);
    reconcileWatches();
    refreshStatus();
    save();
  };

  // The first walk may hash thousands of files: the agent goes on starting meanwhile (status `starting`).
  const ready = apply(options.paths).catch((err: unknown) => {
    status.errors += 1;
    status.state = 'failed';
    status.message = `the baseline could not be taken: ${(err as Error).message}`;
  });
  work = ready;

  return {
    status,
    ready,
    update(paths) {
      const next = work.then(() => apply(paths));
      work = next.catch(() => {
        status.errors += 1;
      });
      return next;
    },
    async settled() {
      flush();
      await work;
    },
    async stop() {
      flush();
      await work;
      stopped = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      save();
      status.state = 'stopped';
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
