/**
 * What every browser test file of the console does around its cases: one server and one chromium for the
 * file, a page at 1280 px, a watch for CSP refusals and uncaught errors, each page checked (screenshot,
 * axe-core, no errors so far), and a request forced with the page's own session as a crafted client would.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousViolations, startConsoleServer, type ConsoleServer } from './console-harness.js';

export interface ConsoleBrowser {
  c: ConsoleServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** CSP refusals and uncaught errors seen so far on watched pages */
  problems: string[];
  /** records the page's CSP refusals and uncaught errors in `problems` */
  watch(p: Page): void;
  /** screenshot `<name>.png`, then no serious axe violation and no problem so far */
  checkPage(p: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server (demo dataset, fresh build) and chromium, and opens a watched page.
 * ```ts
 * let t: ConsoleBrowser;
 * before(async () => { t = await openConsoleBrowser(); });
 * after(() => t?.close());
 * ```
 */
export async function openConsoleBrowser(): Promise<ConsoleBrowser> {
  const [c, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    p.on('pageerror', (err) => problems.push(String(err)));
  };
  watch(page);
  return {
    c,
    browser,
    context,
    page,
    problems,
    watch,
    async checkPage(p, name) {
      await screenshot(p, name);
      assert.deepEqual(await seriousViolations(p), [], `axe on ${name}`);
      assert.deepEqual(problems, [], `console errors on ${name}`);
    },
    async close() {
      await browser.close();
      await c.close();
    },
  };
}

/**
 * Sends a request from inside the page with its session cookie and CSRF token, as the console's own client
 * would (what a reader could do by hand to get past hidden buttons, or a test seeding data); answers the
 * status and the parsed JSON body (undefined when empty).
 * ```ts
 * const { status, json } = await fetchJsonWithSession(p, 'POST', '/api/events', { title: 'Phish' });
 * ```
 */
export async function fetchJsonWithSession(p: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  return p.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'x-csrf-token': session.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    },
    { method, path, body },
  );
}

/**
 * fetchJsonWithSession's status alone.
 * ```ts
 * assert.equal(await fetchWithSession(p, 'POST', '/v2/alerts/dismiss', { ids: [id], dismissReason: 'OTHER' }), 403);
 * ```
 */
export async function fetchWithSession(p: Page, method: string, path: string, body?: unknown): Promise<number> {
  return (await fetchJsonWithSession(p, method, path, body)).status;
}
