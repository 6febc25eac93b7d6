/**
 * What the file integrity source knows about one path: its kind, owner, permission bits, size and, for a
 * regular file up to the hashing cap, the SHA-256 of its content (and its MD5 and SHA-1 where an event will
 * carry them), read in one pass through a reused buffer (nothing of the content is kept or sent). A file whose
 * size, times and inode have not moved keeps its earlier hashes without being read again, so a restart over a
 * large baseline does not re-read every file.
 *
 * A log the agent's own audit rules write (auditd's) is another case: it grows with every event the agent
 * reads, and hashing its megabytes again after each write was the agent's largest cost. While it only grows
 * (same file, owner and mode, not shorter, its first {@link HEAD_BYTES} bytes unchanged) it is not read past
 * those first bytes, and its facts say so (`unhashed: 'grown'`); a log cut, rewritten or replaced is hashed
 * as any other file.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

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
  /** why a regular file has no hashes: `too-big` past the cap, `grown` (see above), or the error reading it (EACCES…) */
  unhashed?: string;
  /** SHA-256 of the first {@link HEAD_BYTES} bytes of a log the agent's audit rules write */
  head?: string;
}

/** How much of a growing log is read to tell growth (the start unchanged) from a rewrite. */
export const HEAD_BYTES = 4096;
/** `unhashed` of a log that only grew since it was last hashed: no change to report. */
export const GROWN = 'grown';

function kindOf(stats: Stats): FileFacts['kind'] {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'link';
  return 'other';
}

/**
 * Which digests to compute: `all` for facts an event will carry; `sha256` for the baseline, where only a change
 * of content has to be seen (MD5 is slower than SHA-256 and SHA-1 together on CPUs with SHA instructions).
 */
export type Digests = 'all' | 'sha256';

const CHUNK_BYTES = 256 * 1024;
/**
 * Read buffers, reused: a fresh buffer per chunk left hundreds of MiB of short-lived native allocations behind
 * a baseline walk, and the allocator kept tens of MiB of them resident afterwards.
 */
const spareBuffers: Buffer[] = [];

async function hashes(path: string, digests: Digests, withHead: boolean): Promise<Pick<FileFacts, 'md5' | 'sha1' | 'sha256' | 'head'>> {
  const sha256 = createHash('sha256');
  const head = withHead ? createHash('sha256') : undefined;
  let headLeft = HEAD_BYTES;
  const others: Hash[] = digests === 'all' ? [createHash('md5'), createHash('sha1')] : [];
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
  const file = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      sha256.update(chunk);
      for (const hash of others) hash.update(chunk);
      if (head !== undefined && headLeft > 0) {
        head.update(chunk.subarray(0, headLeft));
        headLeft -= Math.min(headLeft, bytesRead);
      }
    }
  } finally {
    await file.close();
    if (spareBuffers.length < 4) spareBuffers.push(buffer);
  }
  const [md5, sha1] = others.map((hash) => hash.digest('hex'));
  return { ...(md5 !== undefined ? { md5, sha1 } : {}), sha256: sha256.digest('hex'), ...(head !== undefined && headLeft === 0 ? { head: head.digest('hex') } : {}) };
}

/** SHA-256 of the first HEAD_BYTES bytes (fewer if the file is shorter). */
async function headOf(path: string): Promise<string> {
  const buffer = Buffer.allocUnsafe(HEAD_BYTES);
  const file = await open(path, 'r');
  try {
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await file.close();
  }
}

/** The same file, owner and mode as before, and not shorter: what a log appended to looks like. */
const onlyGrew = (before: FileFacts, after: FileFacts) =>
  before.kind === 'file' && before.dev === after.dev && before.ino === after.ino && before.mode === after.mode &&
  before.uid === after.uid && before.gid === after.gid && after.size >= before.size;

const same = (a: FileFacts, b: FileFacts) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * The facts of `path` (not following a symbolic link), `undefined` when it does not exist. Throws the
 * error of `lstat` otherwise (EACCES on a folder the agent may not enter).
 *
 * ```ts
 * await readFileFacts('/etc/passwd', { maxHashBytes: 64 * 1024 * 1024 });
 * // { kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 1821, md5: '…', sha1: '…', sha256: '…', … }
 * await readFileFacts('/etc/passwd', { maxHashBytes: 64 * 1024 * 1024, digests: 'sha256' }); // no md5, sha1
 * ```
 */
export async function readFileFacts(
  path: string,
  options: { maxHashBytes: number; previous?: FileFacts; digests?: Digests; /** a log the agent's own audit rules write */ ownLog?: boolean },
): Promise<FileFacts | undefined> {
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
  const digests = options.digests ?? 'all';
  // Facts reused are facts unchanged, which no event reports: a baseline's SHA-256 alone is enough for them.
  const head = options.ownLog && previous?.head !== undefined ? { head: previous.head } : {};
  if (previous?.sha256 !== undefined && same(previous, facts)) {
    return { ...facts, ...(previous.md5 !== undefined ? { md5: previous.md5, sha1: previous.sha1 } : {}), sha256: previous.sha256, ...head };
  }
  try {
    if (previous?.head !== undefined && options.ownLog && onlyGrew(previous, facts) && (await headOf(path)) === previous.head) {
      return { ...facts, unhashed: GROWN, head: previous.head };
    }
    if (facts.size > options.maxHashBytes) return { ...facts, unhashed: 'too-big' };
    return { ...facts, ...(await hashes(path, digests, options.ownLog === true)) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return undefined; // gone while being read
    return { ...facts, unhashed: code ?? 'unreadable' };
  }
}
