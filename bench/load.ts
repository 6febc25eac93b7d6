/**
 * Load generators for the benchmarks. wrk (Debian package `wrk`) is used when installed: it is C and
 * leaves the server, not the client, as the bottleneck on a 2-core machine. autocannon is the fallback;
 * it must rebuild every request to give each one a fresh Hawk nonce, which makes it client-bound.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

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

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

const WRK_THREADS = 1;

function runWrk(url: string, options: LoadOptions): LoadResult {
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
    return { rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAutocannon(url: string, options: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  const sign = options.sign;
  let n = 0;
  const result = await autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        method: 'GET',
        path: target.pathname + target.search,
        // Only when signing: an explicit `setupRequest: undefined` overrides autocannon's default and throws.
        ...(sign
          ? {
              setupRequest: (req: any) => {
                const next = new URL(options.vary ? options.vary(n++) : url);
                return { ...req, path: next.pathname + next.search, headers: { ...req.headers, authorization: sign(next.href) } };
              },
            }
          : {}),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Drives GET `url` for `durationS` seconds with the best generator available.
 * ```ts
 * const r = await load('http://127.0.0.1:8080/', { connections: 50, durationS: 10 });
 * ```
 */
export async function load(url: string, options: LoadOptions): Promise<LoadResult & { tool: string }> {
  if (hasWrk()) return { ...runWrk(url, options), tool: 'wrk' };
  return { ...(await runAutocannon(url, options)), tool: 'autocannon' };
}
