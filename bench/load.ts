/**
 * The load generator of every HTTP benchmark: wrk (Debian package `wrk`), always the same one, so figures
 * from different runs and machines compare. It is C and leaves the server, not the client, as the
 * bottleneck on a 2-core machine; each request carries its own pre-signed header (wrk-hawk.lua).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  /** returns a fresh Authorization header for `url` (Hawk); omitted for unauthenticated routes */
  sign?: (url: string) => string;
  /** upper bound of requests per second expected, to pre-sign enough headers for wrk */
  maxRps?: number;
  /** the URL of the i-th request, when requests should differ (e.g. to defeat a cache); default `url` */
  vary?: (i: number) => string;
}

let version: string | undefined;

/**
 * The generator's name and version (`wrk 4.1.0-3+b2`), printed with every result. Throws, naming the
 * package to install, when wrk is missing: a silent fallback to another generator made runs incomparable.
 * ```ts
 * console.log(`load generator: ${loadGenerator()}`);
 * ```
 */
export function loadGenerator(): string {
  if (version !== undefined) return version;
  // `wrk --version` prints its banner and exits with status 1.
  const run = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (run.error !== undefined) {
    throw new Error('the benchmarks drive HTTP load with wrk, which is not installed: run `apt-get install wrk` (Debian/Ubuntu) and try again');
  }
  const banner = /^wrk (\S+)/m.exec(`${run.stdout}${run.stderr}`);
  version = `wrk ${banner?.[1]?.replace(/^debian\//, '') ?? 'unknown version'}`;
  return version;
}

const WRK_THREADS = 1;

/**
 * Drives GET `url` with wrk (one thread) for `durationS` seconds.
 * ```ts
 * const r = await load('http://127.0.0.1:8080/', { connections: 50, durationS: 10 });
 * ```
 */
export async function load(url: string, options: LoadOptions): Promise<LoadResult & { tool: string }> {
  const tool = loadGenerator();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wrk-'));
  try {
    const args = ['-t', String(WRK_THREADS), '-c', String(options.connections), '-d', `${options.durationS}s`, '-s', new URL('./wrk-hawk.lua', import.meta.url).pathname, url];
    if (options.sign) {
      const perThread = Math.ceil(((options.maxRps ?? 40_000) * options.durationS) / WRK_THREADS);
      for (let t = 0; t < WRK_THREADS; t++) {
        const lines: string[] = [];
        for (let i = 0; i < perThread; i++) {
          const target = new URL(options.vary ? options.vary(t * perThread + i) : url);
          lines.push(`${target.pathname}${target.search}\t${options.sign(target.href)}`);
        }
        writeFileSync(join(dir, `headers.${t}`), lines.join('\n') + '\n');
      }
      args.push('--', join(dir, 'headers'));
    }
    const out = execFileSync('wrk', args, { encoding: 'utf8' });
    const json = out.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!json) throw new Error(`unexpected wrk output:\n${out}`);
    const r = JSON.parse(json) as LoadResult & { requests: number };
    return { rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, tool };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
