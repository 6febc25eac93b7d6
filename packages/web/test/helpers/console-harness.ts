/**
 * What the console's browser tests and its benchmark share: the app as built from the current sources (dist/
 * when `npm run build` left it newer than every source, as after `npm ci`; otherwise a build into a temporary
 * folder, so a test never runs yesterday's dist), a real server on 127.0.0.1:0 holding the demo
 * dataset and serving that build, users with passwords, Debian's chromium driven by playwright-core, and
 * axe-core run inside a page.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { isUpToDate } from '../../../../scripts/build-freshness.mjs';
import { memberWithRole, startTestServer, type TestServer } from '@vigil/server/testing';

const WEB_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots of each run (git-ignored). */
export const RESULTS_DIR = join(WEB_ROOT, 'test-results');
const AXE = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

/** Debian's package (`apt-get install chromium`); .ci/run installs it. */
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface Account {
  email: string;
  password: string;
  userId: string;
}

export interface ConsoleServer {
  server: TestServer;
  url: string;
  owner: Account;
  /** a new member of the organization with this role and a password */
  member(role: 'owner' | 'user' | 'reader'): Promise<Account>;
  close(): Promise<void>;
}

/**
 * `vite build` of packages/web into a temporary folder; returns the folder (remove it when done).
 * ```ts
 * const dir = await buildConsole();
 * ```
 */
export async function buildConsole(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-console-build-'));
  await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** dist/ if it is newer than every source the build reads (the build of a checkout costs seconds of CPU), else a new build. */
async function currentConsole(): Promise<{ dir: string; temporary: boolean }> {
  const dist = join(WEB_ROOT, 'dist');
  if (isUpToDate(join(dist, 'index.html'))) return { dir: dist, temporary: false };
  return { dir: await buildConsole(), temporary: true };
}

/**
 * A server with the demo dataset serving the current build, and an owner who signs in with a password.
 * ```ts
 * const c = await startConsoleServer();
 * await signIn(page, c.url, c.owner);
 * ```
 */
export async function startConsoleServer(options: { consoleDir?: string } = {}): Promise<ConsoleServer> {
  const current = options.consoleDir ? { dir: options.consoleDir, temporary: false } : await currentConsole();
  const consoleDir = current.dir;
  // Webhooks may target the test's own receiver on 127.0.0.1 over http.
  const webhooks = { allowHttp: true, allowPrivate: true, pollMs: 1000 };
  const server = await startTestServer('sqlite', { demo: true, config: { consoleDir, webhooks } });
  const withPassword = async (userId: string): Promise<Account> => {
    const user = await server.store.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    await server.store.passwords.set(userId, password);
    return { email: user.email, password, userId };
  };
  return {
    server,
    url: server.url,
    owner: await withPassword(server.creds.userId),
    member: async (role) => withPassword((await memberWithRole(server.store, server.creds.orgId, role)).user.id),
    async close() {
      await server.close();
      if (current.temporary) rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}

/**
 * Headless chromium as the CI machine has it.
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Signs in through the form and waits for the signed-in shell.
 * ```ts
 * await signIn(page, url, owner);
 * ```
 */
export async function signIn(page: Page, url: string, account: Pick<Account, 'email' | 'password'>, path = '/login'): Promise<void> {
  await page.goto(url + path);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core over the page as it is now; only serious and critical violations.
 * ```ts
 * assert.deepEqual(await seriousViolations(page), []);
 * ```
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: an injected <script> would be (rightly) refused by the CSP.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  // In the page (DOM globals through globalThis: this file is type-checked for Node).
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as any;
    const result: { violations: any[] } = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: { target: string[] }) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Saves a full-page screenshot as test-results/<name>.png.
 * ```ts
 * await screenshot(page, 'alerts');
 * ```
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
}
