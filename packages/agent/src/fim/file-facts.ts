/**
 * What the file integrity source knows about one path: its kind, owner, permission bits, size and, for a
 * regular file up to the hashing cap, the MD5, SHA-1 and SHA-256 of its content, read as a stream (nothing of
 * the content is kept or sent). A file whose size, times and inode have not moved keeps its earlier hashes
 * without being read again, so a restart over a large baseline does not re-read every file.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

export interface FileFacts {
  kind: 'file' | 'dir' | 'link' | 'other';
  dev: number;
  ino: number;
  /** permission bits, setuid/setgid/sticky included */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  md5?: string;
  sha1?: string;
  sha256?: string;
  /** why a regular file has no hashes: `too-big` past the cap, or the error reading it (EACCES…) */
  unhashed?: string;
}

function kindOf(stats: Stats): FileFacts['kind'] {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'link';
  return 'other';
}

async function hashes(path: string): Promise<Pick<FileFacts, 'md5' | 'sha1' | 'sha256'>> {
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    md5.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
    sha256.update(chunk as Buffer);
  }
  return { md5: md5.digest('hex'), sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
}

const same = (a: FileFacts, b: FileFacts) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * The facts of `path` (not following a symbolic link), `undefined` when it does not exist. Throws the
 * error of `lstat` otherwise (EACCES on a folder the agent may not enter).
 *
 * ```ts
 * await readFileFacts('/etc/passwd', { maxHashBytes: 64 * 1024 * 1024 });
 * // { kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 1821, sha256: '…', … }
 * ```
 */
export async function readFileFacts(path: string, options: { maxHashBytes: number; previous?: FileFacts }): Promise<FileFacts | undefined> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'ENOTDIR') return undefined;
    throw err;
  }
  const facts: FileFacts = {
    kind: kindOf(stats),
    dev: stats.dev,
    ino: stats.ino,
    mode: stats.mode & 0o7777,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
  };
  if (facts.kind !== 'file') return facts;
  const previous = options.previous;
  if (previous?.sha256 !== undefined && same(previous, facts)) return { ...facts, md5: previous.md5, sha1: previous.sha1, sha256: previous.sha256 };
  if (facts.size > options.maxHashBytes) return { ...facts, unhashed: 'too-big' };
  try {
    return { ...facts, ...(await hashes(path)) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return undefined; // gone while being read
    return { ...facts, unhashed: code ?? 'unreadable' };
  }
}
