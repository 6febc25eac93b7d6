/**
 * The console's budgets (issue #20), measured in Debian's headless chromium against a real server with the
 * demo dataset (`BENCH_ONLY=console npm run bench`, or as part of `npm run bench`):
 *  - initial JavaScript ≤ 250 KB gzipped: every script index.html loads, gzip -9 (and Brotli, which the
 *    server sends when the browser accepts it);
 *  - the alerts page interactive in < 1 s: from navigation start to the first row of the table on screen
 *    with its checkbox enabled, a fresh page each time in a signed-in context (the browser's HTTP cache
 *    warm, as for a user who opened the console before), median and worst of the runs;
 *  - 10,000 rows stay smooth: the alerts API answered by a stand-in with one page of 10,000 alerts, the table
 *    scrolled top to bottom one step per animation frame; frame times and the rows in the DOM are reported.
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildConsole, launchChromium, signIn, startConsoleServer } from '@vigil/web/testing';
import { writeResultsSection } from './results-section.js';

const HEADING = '## Console (issue #20)';
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 9);
const JS_BUDGET_KB = 250;
const INTERACTIVE_BUDGET_MS = 1000;
const BIG = 10_000;

const kb = (n: number) => Math.round(n / 102.4) / 10;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The scripts index.html loads before anything runs: its module entry and what it preloads. */
function initialScripts(dir: string): Array<{ file: string; raw: number; gzip: number; brotli: number }> {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  return srcs.map((src) => {
    const body = readFileSync(join(dir, src));
    return {
      file: src,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length,
    };
  });
}

/** A stand-in alert for the 10,000-row table (the shape of GET /v2/alerts). */
function fakeAlert(i: number) {
  return {
    id: `bench${i}`,
    title: `Synthetic alert ${i} on host-${i % 300}`,
    severity: 1 + (i % 3),
    dataSource: 'agent',
    agentId: null,
    ruleId: null,
    rulesetId: null,
    aggregates: [],
    createdAt: new Date(Date.UTC(2026, 11, 1) - i * 60_000).toISOString(),
    isDismissed: false,
    dismissedAt: null,
    dismissedBy: null,
    dismissReason: null,
    dismissReasonText: null,
  };
}

/**
 * Runs the three measurements and returns the RESULTS.md section.
 * ```ts
 * writeConsoleSection((await consoleBench()).markdown);
 * ```
 */
export async function consoleBench(): Promise<{ markdown: string }> {
  const loadBefore = loadavg()[0]!;
  const dir = await buildConsole();
  const scripts = initialScripts(dir);
  const gzipTotal = scripts.reduce((a, s) => a + s.gzip, 0);
  const brotliTotal = scripts.reduce((a, s) => a + s.brotli, 0);
  const rawTotal = scripts.reduce((a, s) => a + s.raw, 0);

  const [c, browser] = await Promise.all([startConsoleServer({ consoleDir: dir }), launchChromium()]);
  const times: number[] = [];
  let frames: number[] = [];
  let domRows = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(await context.newPage(), c.url, c.owner);
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      await page.goto(`${c.url}/alerts`, { waitUntil: 'commit' });
      await page.locator('table.data tbody tr[data-index] input[type=checkbox]:enabled').first().waitFor();
      times.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    const alerts = Array.from({ length: BIG }, (_, i) => fakeAlert(i));
    await context.route(/\/v2\/alerts\?/, (route) => route.fulfill({ json: { alerts, token: null } }));
    const page = await context.newPage();
    await page.goto(`${c.url}/alerts`);
    await page.locator('table.data tbody tr[data-index]').first().waitFor();
    // In the page (DOM globals through globalThis: this file is type-checked for Node).
    ({ frames, domRows } = await page.evaluate(async () => {
      const { document, requestAnimationFrame } = globalThis as any;
      const scroller = document.querySelector('.table-scroll');
      const deltas: number[] = [];
      let last = performance.now();
      const step = Math.ceil(scroller.scrollHeight / 400);
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += step;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        deltas.push(now - last);
        last = now;
      }
      return { frames: deltas, domRows: document.querySelectorAll('table.data tbody tr[data-index]').length };
    }));
  } finally {
    await browser.close();
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0]!;
  const median = quantile(times, 0.5);
  const worst = Math.max(...times);
  const p95Frame = quantile(frames, 0.95);
  const slowFrames = frames.filter((f) => f > 50).length;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const markdown = `${HEADING}

Measured on ${new Date().toISOString().slice(0, 10)} by \`bench/console.ts\` (\`BENCH_ONLY=console npm run bench\`): ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Debian's chromium headless;
1-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after, on ${cpus().length} cores. Server: SQLite with the demo dataset, on the same machine.

| budget | measured | target | |
|---|---:|---:|---|
| initial JavaScript, gzip -9 (${scripts.length} file${scripts.length === 1 ? '' : 's'}; ${kb(rawTotal)} KB raw, ${kb(brotliTotal)} KB Brotli as the server sends it) | ${kb(gzipTotal)} KB | ≤ ${JS_BUDGET_KB} KB | ${verdict(gzipTotal <= JS_BUDGET_KB * 1024)} |
| alerts page interactive (navigation start → first row on screen with its checkbox enabled), median of ${RUNS} | ${Math.round(median)} ms | < ${INTERACTIVE_BUDGET_MS} ms | ${verdict(median < INTERACTIVE_BUDGET_MS)} |
| the same, slowest run | ${Math.round(worst)} ms | | |
| ${BIG.toLocaleString('en')} alerts in the table, scrolled top to bottom in ${frames.length} frames: 95th-percentile frame time | ${p95Frame.toFixed(1)} ms | | |
| … frames slower than 50 ms | ${slowFrames} of ${frames.length} | | |
| … rows in the DOM at the end (virtualized) | ${domRows} of ${BIG.toLocaleString('en')} | | |

The interactive time is read inside the page (\`performance.now()\` when the row is there), after sign-in, with a
fresh tab each run: it covers fetching index.html (revalidated by ETag), the bundle from the browser's cache,
the session, the first page of 100 alerts and rendering. The 10,000 rows come from a stand-in for
\`GET /v2/alerts\` (one page, no token) so that the table's cost is measured alone.
`;
  console.log(markdown);
  return { markdown };
}

/** Replaces the console section of bench/RESULTS.md. */
export function writeConsoleSection(markdown: string): void {
  writeResultsSection(HEADING, markdown);
}
