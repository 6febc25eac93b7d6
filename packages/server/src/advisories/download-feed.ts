/**
 * Fetches an advisory feed named by URL into a temporary file, bounded in size and time, so the import
 * reads it like any local feed (an OSV zip needs random access). Only http(s) is fetched.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface DownloadLimits {
  /** largest body accepted, in bytes (default 2 GiB: OSV's largest per-ecosystem zips are a few hundred MiB) */
  maxBytes?: number;
  /** deadline for the whole download, in ms (default 15 minutes) */
  timeoutMs?: number;
}

/** A downloaded feed: its path, and a function that deletes it. */
export interface DownloadedFeed {
  path: string;
  remove(): Promise<void>;
}

/**
 * A URL as it may be logged: no user name, password, query or fragment (signed URLs carry their
 * credentials in the query).
 *
 * ```ts
 * redactUrl('https://u:p@feeds.example/Debian/all.zip?X-Goog-Signature=abc'); // 'https://feeds.example/Debian/all.zip'
 * ```
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Downloads `url` into a fresh temporary folder. Refuses non-http(s) URLs, non-2xx answers, bodies
 * over `maxBytes` (announced or counted) and downloads past `timeoutMs`; a failed download leaves no file.
 *
 * ```ts
 * const feed = await downloadFeed('https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip');
 * try { await importAdvisoryFeed(store, feed.path); } finally { await feed.remove(); }
 * ```
 */
export async function downloadFeed(url: string, limits: DownloadLimits = {}): Promise<DownloadedFeed> {
  const maxBytes = limits.maxBytes ?? 2 * 1024 ** 3;
  const shown = redactUrl(url);
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`${shown}: only http and https feeds are fetched`);
  const dir = await mkdtemp(join(tmpdir(), 'vigil-feed-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    // fetch refuses URLs with credentials in them: user and password go as HTTP Basic instead.
    const headers: Record<string, string> = {};
    if (parsed.username || parsed.password) {
      const user = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    const response = await fetch(parsed, { headers, signal: AbortSignal.timeout(limits.timeoutMs ?? 15 * 60_000), redirect: 'follow' });
    if (!response.ok || !response.body) throw new Error(`${shown}: HTTP ${response.status}`);
    const announced = Number(response.headers.get('content-length'));
    if (Number.isFinite(announced) && announced > maxBytes) throw new Error(`${shown}: ${announced} bytes, more than the ${maxBytes} allowed`);
    let received = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > maxBytes ? new Error(`${shown}: more than the ${maxBytes} bytes allowed`) : null, chunk);
      },
    });
    // The name keeps no part of the URL: the format is told from the content.
    const path = join(dir, 'feed');
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), cap, createWriteStream(path));
    return { path, remove };
  } catch (err) {
    await remove();
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new Error(`${shown}: download timed out`);
    if (err instanceof Error && err.message.startsWith(shown)) throw err;
    // A library's message may quote the URL it was given: never pass on its credentials or query.
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a certificate error, …) is its cause.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
    throw new Error(`${shown}: ${message.split(url).join(shown).split(parsed.href).join(shown)}`);
  }
}
