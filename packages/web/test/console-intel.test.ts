/**
 * The console's threat library in Debian's chromium against a real server holding the demo dataset (its
 * threat library: 15 indicators, 3 events, 2 adversaries, no attachment): create an indicator, bulk import
 * pasted lines and a file, search with the filters in the URL, open an indicator with its sources, tags and
 * relations, events, adversaries and attachments (with an upload), dark theme and a narrow window, and a
 * reader who gets no create controls and whose write is refused. axe-core on each page; screenshots go to
 * packages/web/test-results/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signIn, type ConsoleServer } from './helpers/console-harness.js';
import { fetchJsonWithSession as sessionFetch, openConsoleBrowser, type ConsoleBrowser } from './helpers/console-session.js';

describe('console threat library in chromium', () => {
  let t: ConsoleBrowser;
  let c: ConsoleServer;
  let page: Page;
  const check = (p: Page, name: string) => t.checkPage(p, name);
  const rows = () => page.locator('table.data tbody tr[data-index]');
  /** The id in an /intel/<kind>/<id> URL. */
  const idInUrl = (url: string) => Number(new URL(url).pathname.split('/').pop());

  before(async () => {
    t = await openConsoleBrowser();
    ({ c, page } = t);
    await signIn(page, c.url, c.owner);
  });
  after(() => t?.close());

  it('opens from the main navigation on the demo library', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Threat library' }).click();
    await page.waitForURL(/\/intel\/indicators$/);
    await page.getByText('1–15 of 15').waitFor();
    // An attacker address the demo alerts connect to.
    await page.getByRole('link', { name: '203.0.113.45', exact: true }).waitFor();
    await check(page, 'intel-indicators');
  });

  it('creates an indicator, refusing a value that is not of its type where it was typed', async () => {
    await page.getByRole('link', { name: 'New indicator' }).first().click();
    await page.waitForURL(/\/intel\/indicators\/new$/);
    await page.getByRole('heading', { name: 'New indicator' }).waitFor();
    await page.getByLabel('Value').fill('not an ip');
    await page.getByLabel('Type').selectOption('IP Address');
    await page.getByRole('button', { name: 'Create indicator' }).click();
    await page.locator('.intel-form [role=alert]').waitFor();
    await check(page, 'intel-indicator-new-error');
    await page.getByLabel('Value').fill('Evil.Example.com');
    await page.getByLabel('Type').selectOption('FQDN');
    await page.getByLabel('Status').selectOption('Active');
    await page.getByLabel(/^Source/).fill('Analyst');
    await page.getByLabel(/^Tags/).fill('phishing, c2');
    await page.getByRole('button', { name: 'Create indicator' }).click();
    await page.waitForURL(/\/intel\/indicators\/\d+$/);
    await page.getByRole('heading', { name: 'evil.example.com' }).waitFor();
    const stored = await sessionFetch(page, 'GET', `/api/indicators/${idInUrl(page.url())}?with=sources,tags,status`);
    assert.equal(stored.json.data.value, 'evil.example.com');
    assert.equal(stored.json.data.status.name, 'Active');
    assert.deepEqual(stored.json.data.sources.map((s: { name: string }) => s.name), ['Analyst']);
    assert.deepEqual(stored.json.data.tags.map((t: { name: string }) => t.name).sort(), ['c2', 'phishing']);
  });

  it('bulk imports pasted lines and an uploaded file', async () => {
    await page.getByRole('navigation', { name: 'Threat library' }).getByRole('link', { name: 'Import' }).click();
    await page.waitForURL(/\/intel\/import$/);
    await page.getByRole('heading', { name: 'Import indicators' }).waitFor();
    await page.getByLabel('Text to import').fill('203.0.113.7\nevil.example.com\nbad[.]example[.]org\n');
    await page.getByLabel('Source', { exact: true }).fill('Pasted list');
    await check(page, 'intel-import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported: 3 found, 2 new, 1 already known' }).waitFor();
    await check(page, 'intel-import-done');
    await page.getByLabel('Or read a text file').setInputFiles({ name: 'iocs.txt', mimeType: 'text/plain', buffer: Buffer.from('198.51.100.23\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n') });
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('textarea[name=text]')?.value ?? '').includes('198.51.100.23'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported: 2 found, 2 new, 0 already known' }).waitFor();
    const found = await sessionFetch(page, 'GET', '/api/indicators?value=198.51.100.23&with=sources,status');
    assert.equal(found.json.total, 1);
    assert.equal(found.json.data[0].status.name, 'Review');
  });

  it('searches indicators with the filters in the URL, sorts and pages them', async () => {
    await page.goto(`${c.url}/intel/indicators`);
    await page.getByText('1–20 of 20').waitFor();
    await page.getByLabel('Value contains').fill('example');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/value=example/);
    await page.getByLabel('Type').selectOption('FQDN');
    await page.waitForURL(/type=FQDN/);
    assert.match(page.url(), /value=example/, 'a second filter keeps the first');
    await page.getByText('1–5 of 5').waitFor();
    assert.deepEqual((await rows().locator('td:first-child').allTextContents()).sort(), ['bad.example.org', 'evil.example.com', 'login-office365.example.com', 'update-cdn.example.net', 'xmr-pool.example.org']);
    await page.getByLabel('Status').selectOption('Review');
    await page.waitForURL(/status=Review/);
    await page.getByText('1–2 of 2').waitFor();
    assert.deepEqual((await rows().locator('td:first-child').allTextContents()).sort(), ['bad.example.org', 'login-office365.example.com']);
    await check(page, 'intel-indicators-search');
    // A shared link opens the same search.
    const shared = page.url();
    await page.goto(`${c.url}/intel/indicators`);
    await page.goto(shared);
    await page.getByText('1–2 of 2').waitFor();
    assert.equal(await page.getByLabel('Value contains').inputValue(), 'example');
    // Sorting is the API's: the order follows the URL.
    await page.goto(`${c.url}/intel/indicators?value=example&sort=value`);
    await page.getByText('1–6 of 6').waitFor();
    const ascending = await rows().locator('td:first-child').allTextContents();
    assert.deepEqual(ascending, [...ascending].sort());
    await page.getByRole('button', { name: 'Value' }).click();
    await page.waitForURL(/sort=-value/);
    await page.waitForFunction((first) => (globalThis as any).document.querySelector('table.data tbody tr[data-index] td')?.textContent !== first, ascending[0]);
    assert.deepEqual(await rows().locator('td:first-child').allTextContents(), [...ascending].reverse());
    // A minimum score no indicator reaches: an empty result that says how to widen it.
    await page.goto(`${c.url}/intel/indicators?minScore=10`);
    await page.getByRole('heading', { name: 'No indicator matches' }).waitFor();
  });

  it('opens an indicator with its score, sources, attributes, tags and relations to events and adversaries', async () => {
    const indicator = (await sessionFetch(page, 'GET', '/api/indicators?value=evil.example.com')).json.data[0];
    const event = (await sessionFetch(page, 'POST', '/api/events', { title: 'Vendor site compromise', type: 'Watering Hole', happened_at: '2026-12-01 10:00:00', sources: [{ name: 'Analyst' }] })).json.data;
    const adversary = (await sessionFetch(page, 'POST', '/api/adversaries', { name: 'Sandworm Demo', description: 'Tracked since 2014.' })).json.data;
    assert.equal((await sessionFetch(page, 'POST', `/api/indicators/${indicator.id}/events`, [{ id: event.id }])).status, 201);
    assert.equal((await sessionFetch(page, 'POST', `/api/indicators/${indicator.id}/adversaries`, [{ id: adversary.id }])).status, 201);
    assert.equal((await sessionFetch(page, 'POST', `/api/events/${event.id}/adversaries`, [{ id: adversary.id }])).status, 201);
    assert.equal((await sessionFetch(page, 'POST', `/api/indicators/${indicator.id}/attributes`, { name: 'Confidence', value: 'High' })).status, 201);
    await page.goto(`${c.url}/intel/indicators?value=evil`);
    await page.getByRole('link', { name: 'evil.example.com' }).click();
    await page.getByRole('heading', { name: 'evil.example.com' }).waitFor();
    await page.getByRole('link', { name: 'Vendor site compromise' }).waitFor();
    await page.getByRole('link', { name: 'Sandworm Demo' }).waitFor();
    const facts = page.locator('dl.facts');
    assert.match((await facts.textContent())!, /TypeFQDN.*StatusActive.*Score\d/);
    assert.match((await page.locator('dl.fields').textContent())!, /ConfidenceHigh/);
    await page.locator('ul.tags li', { hasText: 'Analyst' }).waitFor();
    await page.locator('ul.tags li', { hasText: 'phishing' }).waitFor();
    await check(page, 'intel-indicator');
    // A writer changes the status where it is shown.
    await page.locator('form[aria-label="Change the status"]').getByLabel('Status').selectOption({ label: 'Review' });
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Saved.').waitFor();
    assert.equal((await sessionFetch(page, 'GET', `/api/indicators/${indicator.id}?with=status`)).json.data.status.name, 'Review');
    // An id that is not there answers where it was asked.
    await page.goto(`${c.url}/intel/indicators/999999`);
    await page.getByRole('alert').waitFor();
    await check(page, 'intel-indicator-missing');
  });

  it('lists events and adversaries and opens each with what they are linked to', async () => {
    await page.goto(`${c.url}/intel/indicators`);
    await page.getByRole('navigation', { name: 'Threat library' }).getByRole('link', { name: 'Events' }).click();
    await page.waitForURL(/\/intel\/events$/);
    const row = rows().filter({ hasText: 'Vendor site compromise' });
    await row.waitFor();
    assert.match((await row.textContent())!, /Vendor site compromise.*Watering Hole/);
    await check(page, 'intel-events');
    await page.getByRole('link', { name: 'Vendor site compromise' }).click();
    await page.getByRole('heading', { name: 'Vendor site compromise' }).waitFor();
    await page.getByRole('link', { name: 'evil.example.com' }).waitFor();
    await page.locator('ul.tags li', { hasText: 'Analyst' }).waitFor();
    await check(page, 'intel-event');
    await page.getByRole('link', { name: 'Sandworm Demo' }).click();
    await page.waitForURL(/\/intel\/adversaries\/\d+$/);
    await page.getByText('Tracked since 2014.').waitFor();
    await page.getByRole('link', { name: 'Vendor site compromise' }).waitFor();
    await check(page, 'intel-adversary');
    await page.getByRole('navigation', { name: 'Threat library' }).getByRole('link', { name: 'Adversaries' }).click();
    await page.getByRole('heading', { name: 'Adversaries' }).waitFor();
    await rows().filter({ hasText: 'Sandworm Demo' }).waitFor();
    await check(page, 'intel-adversaries');
    await page.getByLabel('Name').fill('nobody');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'No adversaries named nobody' }).waitFor();
  });

  it('uploads an attachment, lists it and opens it', async () => {
    await page.goto(`${c.url}/intel/attachments`);
    await page.getByRole('heading', { name: 'No attachments yet' }).waitFor();
    await check(page, 'intel-attachments-empty');
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('a threat report\n') });
    await page.getByLabel('Title').fill('Weekly report');
    await page.getByLabel('Type').selectOption({ label: 'Generic Text' });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Uploaded report.txt.').waitFor();
    await rows().first().waitFor();
    assert.match((await rows().first().textContent())!, /report\.txt.*Weekly report.*Generic Text/);
    await check(page, 'intel-attachments');
    await page.getByRole('link', { name: 'report.txt', exact: true }).click();
    await page.getByRole('heading', { name: 'Weekly report' }).waitFor();
    // The digest the server computed from the bytes the form sent.
    const sha256 = createHash('sha256').update('a threat report\n').digest('hex');
    assert.equal((await sessionFetch(page, 'GET', `/api/attachments/${idInUrl(page.url())}`)).json.data.sha256, sha256);
    await page.getByText(sha256).waitFor();
    await check(page, 'intel-attachment');
  });

  it('works in the dark theme and on a narrow window', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.goto(`${c.url}/intel/indicators`);
    await rows().first().waitFor();
    await check(page, 'intel-indicators-dark');
    await page.setViewportSize({ width: 420, height: 800 });
    await page.getByRole('link', { name: 'evil.example.com' }).click();
    await page.getByRole('heading', { name: 'evil.example.com' }).waitFor();
    await page.getByRole('link', { name: 'Vendor site compromise' }).waitFor();
    await check(page, 'intel-indicator-narrow');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('is reached by keyboard: g then i opens it and / focuses the search', async () => {
    await page.goto(`${c.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.waitForURL(/\/intel\/indicators$/);
    await rows().first().waitFor();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.name), 'value');
    await page.keyboard.type('198.51');
    await page.keyboard.press('Enter');
    await page.waitForURL(/value=198\.51/);
    await page.getByText('1–1 of 1').waitFor();
  });

  it('shows a reader no create or upload controls, and the API refuses their write', async () => {
    const reader = await c.member('reader');
    const other = await t.browser.newContext();
    try {
      const p = await other.newPage();
      t.watch(p);
      await signIn(p, c.url, reader);
      await p.goto(`${c.url}/intel/indicators`);
      await p.locator('table.data tbody tr[data-index]').first().waitFor();
      assert.equal(await p.getByRole('link', { name: 'New indicator' }).count(), 0);
      assert.equal(await p.getByRole('navigation', { name: 'Threat library' }).getByRole('link', { name: 'Import' }).count(), 0);
      await check(p, 'intel-indicators-reader');
      await p.getByRole('link', { name: 'evil.example.com' }).click();
      await p.getByRole('link', { name: 'Vendor site compromise' }).waitFor();
      assert.equal(await p.getByRole('button', { name: 'Change status' }).count(), 0);
      await p.goto(`${c.url}/intel/attachments`);
      await p.locator('table.data tbody tr[data-index]').first().waitFor();
      assert.equal(await p.getByRole('button', { name: 'Upload' }).count(), 0);
      await p.goto(`${c.url}/intel/indicators/new`);
      await p.getByRole('heading', { name: 'Your role only reads the threat library' }).waitFor();
      assert.equal(await p.getByRole('button', { name: 'Create indicator' }).count(), 0);
      const before = (await sessionFetch(p, 'GET', '/api/indicators')).json.total;
      const refused = await sessionFetch(p, 'POST', '/api/indicators', [{ value: 'reader.example.com', type: 'FQDN' }]);
      assert.equal(refused.status, 403);
      assert.equal((await sessionFetch(p, 'GET', '/api/indicators')).json.total, before);
    } finally {
      await other.close();
    }
  });
});
