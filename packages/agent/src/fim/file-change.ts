/**
 * A change to a watched path, as a `file` event of `EVENTS.md`: what happened (`type`, and the `syscall` that
 * most likely did it: inotify does not say which process or call it was), the file's hashes, mode, size and
 * owner after the change (before it, for a delete). A path that disappeared while another with the same inode
 * appeared in the same pass was renamed: both are reported with `syscall: "rename"`, and so is a path whose
 * inode changed (a file replaced by a rename onto it, as editors and visudo do).
 * @module
 */
import type { FileAction } from '@vigil/rules';
import type { HostEvent } from '../audit/to-event.js';
import type { FileFacts } from './file-facts.js';

export interface FileChange {
  path: string;
  before?: FileFacts;
  after?: FileFacts;
}

/** The action and syscall of a change; `undefined` when nothing an event reports has changed. */
export function classify(change: FileChange, renamed: boolean): { type: FileAction; syscall: string } | undefined {
  const { before, after } = change;
  if (after === undefined) return before && { type: 'delete', syscall: renamed ? 'rename' : before.kind === 'dir' ? 'rmdir' : 'unlink' };
  if (before === undefined) return { type: 'modify', syscall: renamed ? 'rename' : after.kind === 'dir' ? 'mkdir' : after.kind === 'link' ? 'symlink' : 'creat' };
  if (before.ino !== after.ino || before.dev !== after.dev || before.kind !== after.kind) return { type: 'modify', syscall: 'rename' };
  if (after.kind === 'file') {
    const contentMoved = after.sha256 !== undefined && before.sha256 !== undefined ? after.sha256 !== before.sha256 : after.mtimeMs !== before.mtimeMs;
    if (contentMoved || after.size !== before.size) return { type: 'modify', syscall: 'write' };
  }
  if (after.mode !== before.mode) return { type: 'attrib', syscall: 'chmod' };
  if (after.uid !== before.uid || after.gid !== before.gid) return { type: 'attrib', syscall: 'chown' };
  // A directory's times move with every entry added or removed; those are reported as the entries' own events.
  if (after.kind !== 'dir' && after.mtimeMs !== before.mtimeMs) return { type: 'attrib', syscall: 'utimensat' };
  return undefined;
}

/** A rename keeps the inode, the size and the modification time; a freed inode reused by a new file does not keep the rest. */
const identity = (f: FileFacts) => `${f.dev}:${f.ino}:${f.size}:${f.mtimeMs}`;

/** Pairs the disappeared and appeared paths of one pass by identity: the renames. */
export function renamedPaths(changes: readonly FileChange[]): Set<string> {
  const gone = new Map<string, string>();
  for (const c of changes) if (c.after === undefined && c.before) gone.set(identity(c.before), c.path);
  const renamed = new Set<string>();
  for (const c of changes) {
    if (c.before !== undefined || c.after === undefined) continue;
    const from = gone.get(identity(c.after));
    if (from === undefined) continue;
    renamed.add(from);
    renamed.add(c.path);
  }
  return renamed;
}

/**
 * ```ts
 * fileEvent({ path: '/etc/passwd', before, after }, { type: 'modify', syscall: 'write' }, Date.now(), names);
 * // { event_type: 'file', type: 'modify', syscall: 'write', filename: '/etc/passwd', sha256: '…', mode: '0644', … }
 * ```
 */
export function fileEvent(change: FileChange, what: { type: FileAction; syscall: string }, timestamp: number, userName: (uid: number) => string | undefined): HostEvent {
  const facts = (change.after ?? change.before)!;
  const event: HostEvent = { event_type: 'file', type: what.type, syscall: what.syscall, success: true, timestamp, filename: change.path };
  event.mode = facts.mode.toString(8).padStart(4, '0');
  event.size = facts.size;
  event.owner_uid = facts.uid;
  event.owner_gid = facts.gid;
  const owner = userName(facts.uid);
  if (owner !== undefined) event.owner = owner;
  if (change.after?.sha256 !== undefined) {
    event.md5 = change.after.md5;
    event.sha1 = change.after.sha1;
    event.sha256 = change.after.sha256;
  }
  return event;
}
