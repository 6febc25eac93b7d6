/**
 * Hosts and their risks in Debian's chromium against a real server holding the demo dataset: an agent's
 * detail page with its installed packages (searched) and vulnerability findings, a vulnerability
 * suppression created, edited and deleted (and a reader offered no control, the API refusing their write
 * anyway), a File rule's dry run in the rule editor, and an invitation accepted at /invites/<id>.
 * axe-core on each page; screenshots go to packages/web/test-results/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { memberWithRole } from '@vigil/server/testing';
import { signIn, type ConsoleServer } from './helpers/console-harness.js';
import { fetchWithSession, openConsoleBrowser, type ConsoleBrowser } from './helpers/console-session.js';

describe('console hosts and vulnerabilities in chromium', () => {
  let t: ConsoleBrowser;
  let c: ConsoleServer;
  let page: Page;
  /** a host of the demo with findings, and one of its CVEs */
  let host: { agentId: string; hostname: string; cve: string };

  before(async () => {
    t = await openConsoleBrowser();
    ({ c, page } = t);
    // The demo's inventories are matched against its sample advisories by the matcher's pass.
    await c.server.vulnMatching?.tick();
    const found = await c.server.request('GET', '/v2/vulnerabilities');
    const first = found.json.cves[0];
    assert.ok(first, 'the demo dataset yields vulnerability findings');
    host = { agentId: first.agents[0].agentId, hostname: first.agents[0].hostname, cve: first.cveNumber };
    await signIn(page, c.url, c.owner);
  });
  after(() => t?.close());

  it("an agent's page lists its findings, linked to the vulnerabilities page, and its packages, searchable", async () => {
    await page.goto(`${c.url}/agents/${host.agentId}`);
    const findings = page.getByRole('table', { name: 'Vulnerability findings' });
    await findings.getByRole('link', { name: host.cve }).first().waitFor();
    const packages = page.locator('table.data', { has: page.locator('caption, th', { hasText: 'Package' }) }).last();
    await packages.locator('tbody tr[data-index]').first().waitFor();
    await t.checkPage(page, 'agent-detail-packages');

    const stored = await c.server.store.inventory.listPackages(c.server.creds.orgId, host.agentId, { limit: 500 });
    const target = stored.items.find((p) => p.name.length > 4)!;
    await page.getByLabel('Search packages').fill(target.name);
    await page.getByText(/ of \d+ match/).waitFor();
    const names = await packages.locator('tbody tr[data-index] td:first-child').allTextContents();
    assert.ok(names.length > 0 && names.includes(target.name), `search shows ${target.name}`);
    for (const n of names) assert.ok(n.toLowerCase().includes(target.name.toLowerCase()) || stored.items.some((p) => p.name === n && p.sourceName.toLowerCase().includes(target.name.toLowerCase())), n);

    await findings.getByRole('link', { name: host.cve }).first().click();
    await page.waitForURL((u) => u.pathname === '/vulnerabilities' && u.searchParams.get('cve') === host.cve);
    await page.getByRole('heading', { name: host.cve }).waitFor();
    await page.getByRole('region', { name: host.cve }).getByRole('link', { name: host.hostname }).first().waitFor();
    await t.checkPage(page, 'vulnerability-cve');
  });

  it('creates a suppression with a reason and an expiry, which hides the finding, then edits and deletes it', async () => {
    await page.goto(`${c.url}/vulnerabilities?view=suppressions`);
    await page.getByRole('heading', { name: 'No suppressions' }).waitFor();
    await page.getByRole('button', { name: 'Add suppression' }).click();
    const form = page.getByRole('form', { name: 'Suppress vulnerabilities' });
    // No criterion: the API's refusal shows in the form and nothing is stored.
    await form.getByLabel('Reason').fill('not reachable from the network');
    await form.getByRole('button', { name: 'Add suppression' }).click();
    await form.getByRole('alert').filter({ hasText: /at least one/i }).waitFor();
    assert.equal((await c.server.store.vulnSuppressions.list(c.server.creds.orgId, { now: Date.now() }, { limit: 10 })).items.length, 0);

    await form.getByLabel('CVE').fill(host.cve);
    await form.getByLabel('Agent id').fill(host.agentId);
    await form.getByLabel(/Expires/).fill('2099-01-31T12:00');
    await form.getByRole('button', { name: 'Add suppression' }).click();
    const row = page.locator('tbody tr', { hasText: 'not reachable from the network' });
    await row.waitFor();
    assert.match((await row.textContent())!, /2099.*In force/);
    await t.checkPage(page, 'vulnerability-suppressions');
    const suppressed = await c.server.request('GET', `/v2/vulnerabilities?agentId=${host.agentId}&status=suppressed`);
    assert.ok(suppressed.json.cves.some((v: { cveNumber: string }) => v.cveNumber === host.cve));

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: /^Edit suppression/ });
    await edit.getByLabel('Reason').fill('compensating firewall rule');
    await edit.getByRole('button', { name: 'Save suppression' }).click();
    const edited = page.locator('tbody tr', { hasText: 'compensating firewall rule' });
    await edited.waitFor();

    await edited.getByRole('button', { name: 'Delete…' }).click();
    await edited.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'No suppressions' }).waitFor();
    const active = await c.server.request('GET', `/v2/vulnerabilities?agentId=${host.agentId}`);
    assert.ok(active.json.cves.some((v: { cveNumber: string }) => v.cveNumber === host.cve));
  });

  it('a reader sees suppressions but no control, and the API refuses their write', async () => {
    await c.server.request('POST', '/v2/vulnerabilities/suppressions', { body: { cve: host.cve, reason: 'kept for the reader' } });
    const reader = await c.member('reader');
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await context.newPage();
    t.watch(p);
    await signIn(p, c.url, reader);
    await p.goto(`${c.url}/vulnerabilities?view=suppressions`);
    await p.locator('tbody tr', { hasText: 'kept for the reader' }).waitFor();
    assert.equal(await p.getByRole('button', { name: /Add suppression|Edit|Delete/ }).count(), 0);
    await t.checkPage(p, 'vulnerability-suppressions-reader');
    assert.equal(await fetchWithSession(p, 'POST', '/v2/vulnerabilities/suppressions', { cve: host.cve, reason: 'forced' }), 403);
    await context.close();
  });

  it("a File rule's dry run in the rule editor finds a stored file event under its watched paths, not one its filter alone would match", async () => {
    const { store, creds } = c.server;
    const rulesets = (await c.server.request('GET', '/v2/rulesets')).json.rulesets as Array<{ id: string }>;
    type FileRule = { id: string; rulesetId: string; type: string; fileIntegrityPaths?: Array<{ path: string }> };
    let fileRule: FileRule | undefined;
    for (const rs of rulesets) {
      const rules: FileRule[] = (await c.server.request('GET', `/v2/rulesets/${rs.id}/rules`)).json.rules;
      fileRule ??= rules.find((r) => r.type === 'File' && r.fileIntegrityPaths?.some((p) => p.path === '/home'));
    }
    assert.ok(fileRule, "the demo has the authorized_keys File rule watching /home");
    const now = Date.now();
    const watched = `/home/dry${now}/.ssh/authorized_keys`;
    const unwatched = `/tmp/dry${now}/.ssh/authorized_keys`;
    const ev = (filename: string) => ({ eventType: 'file', timestamp: now, data: { event_type: 'file', filename, syscall: 'write', user: 'root', exe: '/usr/bin/vi' } });
    await store.ingest.storeBatch(creds.orgId, host.agentId, `dry-run-${now}`, [ev(watched), ev(unwatched)], now);

    await page.goto(`${c.url}/rules/${fileRule.rulesetId}/${fileRule.id}`);
    await page.getByRole('heading', { name: 'Dry run' }).waitFor();
    await page.getByLabel('Look back').selectOption('1');
    await page.getByRole('button', { name: 'Run dry run' }).click();
    const table = page.getByRole('table', { name: 'Matching events' });
    await table.getByText(watched).waitFor();
    assert.equal(await table.getByText(unwatched).count(), 0);
    await page.getByRole('status').filter({ hasText: /matching event/ }).waitFor();
    await t.checkPage(page, 'rule-dry-run-file');
  });

  it('an invitee opens /invites/<id>, sees the organization and role, and accepts; a wrong or used id says it cannot be accepted', async () => {
    const { store, creds } = c.server;
    const home = await store.organizations.create({ name: 'Invitee Home' });
    const { user } = await memberWithRole(store, home.id, 'owner');
    const password = `pw-invitee-${Date.now()}`;
    await store.passwords.set(user.id, password);
    const sent = await c.server.request('POST', '/v2/organizations/invites', { body: { email: user.email, role: 'user' } });
    assert.equal(sent.status, 200, sent.text);
    const [invite] = await store.invites.listPendingFor(user.email);
    assert.ok(invite);
    const orgName = (await store.organizations.get(creds.orgId))!.name;

    const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await context.newPage();
    t.watch(p);
    await signIn(p, c.url, { email: user.email, password });
    await p.goto(`${c.url}/invites/not-an-invite`);
    await p.getByRole('heading', { name: 'This invitation cannot be accepted' }).waitFor();
    await t.checkPage(p, 'invite-unknown');

    await p.goto(`${c.url}/invites/${invite.id}`);
    await p.getByText(`You are invited to join ${orgName} as user.`).waitFor();
    await t.checkPage(p, 'invite');
    await p.getByRole('button', { name: 'Accept invitation' }).click();
    await p.getByText(`You joined ${orgName} as user.`).waitFor();
    assert.equal((await store.memberships.get(creds.orgId, user.id))?.role, 'user');
    await p.getByRole('button', { name: `Switch to ${orgName}` }).click();
    await p.getByRole('button', { name: `Switch to ${orgName}` }).waitFor({ state: 'detached' });

    // Used once: opening it again says so.
    await p.goto(`${c.url}/invites/${invite.id}`);
    await p.getByRole('heading', { name: 'This invitation cannot be accepted' }).waitFor();
    await context.close();
  });
});
