/**
 * The console in Debian's chromium against a real server holding the demo dataset: sign in, every page,
 * dismiss one alert and two at once, `/alerts/<id>` opened from a link, a reader who sees no edit controls
 * and whose write is refused, the server-down banner, and axe-core on each page. One browser for the file;
 * screenshots go to packages/web/test-results/.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { otherOrganization } from '@vigil/server/testing';
import { screenshot, signIn, type Account, type ConsoleServer } from './helpers/console-harness.js';
import { fetchWithSession, openConsoleBrowser, type ConsoleBrowser } from './helpers/console-session.js';

describe('console in chromium', () => {
  let t: ConsoleBrowser;
  let c: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const watch = (p: Page) => t.watch(p);
  const checkPage = (p: Page, name: string) => t.checkPage(p, name);
  async function activeAlertIds(n: number): Promise<string[]> {
    const res = await c.server.request('GET', '/v2/alerts?status=active');
    return res.json.alerts.slice(0, n).map((a: { id: string }) => a.id);
  }

  before(async () => {
    t = await openConsoleBrowser();
    ({ c, browser, context, page } = t);
  });
  after(() => t?.close());

  it('sends a signed-out visitor to sign in, says when the password is wrong, then opens the dashboard', async () => {
    await page.goto(`${c.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Sign in to Vigil' }).waitFor();
    await checkPage(page, 'sign-in');
    await page.getByLabel('Email').fill(c.owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.ok((await error.textContent())!.length > 0);
    await checkPage(page, 'sign-in-error');
    await page.getByLabel('Password').fill(c.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.locator('.card-value', { hasText: /^\d/ }).first().waitFor();
    await page.locator('.chart canvas').waitFor();
    await checkPage(page, 'dashboard');
  });

  it('lists alerts with the filters in the URL and opens one', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(/\/alerts$/);
    await page.locator('table.data tbody tr[data-index]').first().waitFor();
    await checkPage(page, 'alerts');
    await page.getByLabel('Severity').selectOption('1');
    await page.waitForURL(/severity=1/);
    // The rows of the unfiltered list stay until the filtered page arrives: wait for the table to hold
    // only high-severity alerts (a wrong filter never gets there and times out).
    await page
      .waitForFunction(() => {
        const cells: Array<{ textContent: string | null }> = [...(globalThis as any).document.querySelectorAll('table.data tbody .sev')];
        return cells.length > 0 && cells.every((c) => c.textContent === 'High');
      }, undefined, { timeout: 15_000 })
      .catch(async (err: Error) => {
        throw new Error(`the alerts table never showed only High alerts: ${(await page.locator('table.data tbody .sev').allTextContents()).join(',')} (${err.message})`);
      });
    const first = page.locator('table.data tbody a.title').first();
    const title = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/\/alerts\/[^/?]+$/);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await checkPage(page, 'alert-detail');
  });

  it('dismisses an alert with a reason', async () => {
    const [id] = await activeAlertIds(1);
    await page.goto(`${c.url}/alerts/${id}`);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Reason').selectOption('MAINTENANCE');
    await page.getByLabel(/Note/).fill('patch window');
    await checkPage(page, 'alert-dismiss');
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await page.getByText(/^Dismissed /).waitFor();
    const res = await c.server.request('GET', `/v2/alerts/${id}`);
    assert.equal(res.json.isDismissed, true);
    assert.equal(res.json.dismissReason, 'MAINTENANCE');
    assert.equal(res.json.dismissReasonText, 'patch window');
  });

  it('dismisses two selected alerts at once', async () => {
    await page.goto(`${c.url}/alerts`);
    const rows = page.locator('table.data tbody tr[data-index]');
    await rows.first().waitFor();
    const ids = await Promise.all([0, 1].map(async (i) => (await rows.nth(i).locator('a.title').getAttribute('href'))!.split('/').pop()!));
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Dismiss selected' }).click();
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await page.getByText('2 alerts dismissed.').waitFor();
    for (const id of ids) assert.equal((await c.server.request('GET', `/v2/alerts/${decodeURIComponent(id)}`)).json.isDismissed, true, id);
  });

  it('shows agents, one agent, and the rules', async () => {
    await page.goto(`${c.url}/agents`);
    const link = page.locator('table.data tbody tr[data-index] a').first();
    await link.waitFor();
    await checkPage(page, 'agents');
    await link.click();
    await page.getByRole('heading', { name: 'Rulesets that apply' }).waitFor();
    await checkPage(page, 'agent-detail');
    await page.goto(`${c.url}/rules`);
    await page.locator('table.data tbody tr[data-index]').first().waitFor();
    await checkPage(page, 'rules');
  });

  it('edits a rule: a bad filter is refused with where and why, a good one is saved', async () => {
    await page.goto(`${c.url}/rules`);
    const link = page.locator('table.data tbody tr[data-index] a').first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/rules\/[^/]+\/[^/]+$/);
    const [, rulesetId, ruleId] = new URL(page.url()).pathname.split('/').slice(1);
    const filter = page.getByLabel('Filter');
    await filter.fill('event_type = "audit" and comand = "nc"');
    // Checked as typed, by the server's parser.
    await page.locator('#filter-check .errors', { hasText: 'unknown field "comand" (line 1, column 26) — did you mean "command"' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#filter-error');
    await error.waitFor();
    assert.match((await error.textContent())!, /position 25: unknown field "comand" \(did you mean "command"\?\)/);
    assert.equal(await filter.getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'rule-edit-error');
    await filter.fill('event_type = "audit" and command = "nc"');
    await page.getByText('The filter is valid.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\./).waitFor();
    const saved = await c.server.request('GET', `/v2/rulesets/${rulesetId}/rules/${ruleId}`);
    assert.equal(saved.json.filter, 'event_type = "audit" and command = "nc"');
  });

  it('lists vulnerabilities, or says how to get them', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vulnerabilities' }).click();
    await page.waitForURL(/\/vulnerabilities$/);
    await page.locator('table.data, .empty').first().waitFor();
    await checkPage(page, 'vulnerabilities');
  });

  it('works in the dark theme and on a narrow window', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    assert.equal(await page.evaluate(() => (globalThis as any).document.documentElement.dataset.theme), 'dark');
    await page.goto(`${c.url}/alerts`);
    await page.locator('table.data tbody tr[data-index]').first().waitFor();
    await checkPage(page, 'alerts-dark');
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${c.url}/`);
    await page.locator('.card-value', { hasText: /^\d/ }).first().waitFor();
    await checkPage(page, 'dashboard-narrow');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('adds a webhook, shows its secret once and sends a test', async () => {
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        received.push(String(req.headers['webhook-id']));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL(/\/settings\/integrations$/);
      await page.getByText('No webhooks yet').waitFor();
      await checkPage(page, 'settings-integrations-empty');
      // The API's refusal appears in the form.
      await page.getByLabel('URL').fill('ftp://example.com/hook');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.locator('.webhook-form [role=alert]', { hasText: /url/i }).waitFor();
      await page.getByLabel('Description').fill('On-call');
      await page.getByLabel('URL').fill(hook);
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByText(/shown only now/).waitFor();
      assert.match((await page.locator('.secret code').textContent())!, /^whsec_/);
      await checkPage(page, 'settings-integrations');
      await page.getByRole('link', { name: 'On-call' }).click();
      await page.getByRole('button', { name: 'Send a test' }).click();
      await page.getByText(/^Test delivered: 200/).waitFor();
      assert.equal(received.length, 1);
      await page.locator('tbody tr', { hasText: 'Test' }).first().waitFor();
      await checkPage(page, 'settings-webhook');
      await page.getByRole('link', { name: 'Application Keys' }).click();
      await page.getByText(`TS_USER_ID=${c.owner.userId}`, { exact: false }).first().waitFor();
      await checkPage(page, 'settings-keys');
      await page.getByRole('button', { name: /^(Rotate the|Issue a) deploy key…$/ }).click();
      await page.getByRole('button', { name: /^(Rotate the|Issue a) deploy key$/ }).click();
      await page.getByText('Your new deploy key, shown only now:').waitFor();
      const deployKey = (await page.locator('.secret code').textContent())!;
      assert.ok(deployKey.length >= 20, deployKey);
      await screenshot(page, 'settings-keys-rotated');
    } finally {
      receiver.close();
    }
  });

  it('says when the server cannot be reached and recovers', async () => {
    await page.goto(`${c.url}/agents`);
    await page.locator('table.data tbody tr[data-index]').first().waitFor();
    await context.route(/\/(v2|healthz)/, (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Offline' }).click();
    const banner = page.getByText('The Vigil server cannot be reached', { exact: false });
    await banner.first().waitFor();
    await screenshot(page, 'server-down');
    await context.unroute(/\/(v2|healthz)/);
    await banner.first().waitFor({ state: 'detached' });
  });

  it('opens /alerts/<id> from a link when signed out, after signing in', async () => {
    const [id] = await activeAlertIds(1);
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      watch(p);
      await p.goto(`${c.url}/alerts/${id}`);
      await p.waitForURL(/\/login\?next=/);
      await p.getByLabel('Email').fill(c.owner.email);
      await p.getByLabel('Password').fill(c.owner.password);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(new RegExp(`/alerts/${id}$`));
      await p.getByRole('heading', { name: 'Events' }).waitFor();
    } finally {
      await other.close();
    }
  });

  it('switches organization for a user in two, with the role of each', async () => {
    const other = await otherOrganization(c.server.store);
    await c.server.store.memberships.upsert(other.org.id, c.owner.userId, 'reader');
    await page.goto(`${c.url}/`);
    const picker = page.getByLabel('Organization');
    await picker.waitFor();
    await picker.selectOption(other.org.id);
    await page.locator('.role', { hasText: 'reader' }).waitFor();
    await page.getByText('No active alerts in this range').waitFor();
    await checkPage(page, 'organization-switched');
    await page.getByLabel('Organization').selectOption(c.server.creds.orgId);
    await page.locator('.role', { hasText: 'owner' }).waitFor();
  });

  it('shows a reader no edit controls and the API refuses their write', async () => {
    const reader: Account = await c.member('reader');
    const [id] = await activeAlertIds(1);
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      watch(p);
      await signIn(p, c.url, reader);
      await p.goto(`${c.url}/alerts`);
      await p.locator('table.data tbody tr[data-index]').first().waitFor();
      assert.equal(await p.getByRole('checkbox').count(), 0);
      await p.goto(`${c.url}/alerts/${id}`);
      await p.getByRole('heading', { name: 'Events' }).waitFor();
      assert.equal(await p.getByRole('button', { name: 'Dismiss' }).count(), 0);
      await checkPage(p, 'alert-detail-reader');
      // The same request the owner's button sends, with the reader's session and CSRF token.
      assert.equal(await fetchWithSession(p, 'POST', '/v2/alerts/dismiss', { ids: [id], dismissReason: 'OTHER' }), 403);
      assert.equal((await c.server.request('GET', `/v2/alerts/${id}`)).json.isDismissed, false);
    } finally {
      await other.close();
    }
  });
});
