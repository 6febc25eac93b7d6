/**
 * Settings in Debian's chromium against a real server holding the demo dataset: Members (invite, revoke
 * the invite, change a role, remove a member), OAuth Management (a client whose secret is shown once and
 * works at POST /api/token, then revoked), the audit log with its filters in the URL, and a reader who sees
 * no edit control on any Settings page and whose forced requests are refused. axe-core on each page;
 * screenshots go to packages/web/test-results/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signIn, type ConsoleServer } from './helpers/console-harness.js';
import { fetchWithSession, openConsoleBrowser, type ConsoleBrowser } from './helpers/console-session.js';

describe('console settings in chromium', () => {
  let t: ConsoleBrowser;
  let c: ConsoleServer;
  let page: Page;
  const settingsLink = (p: Page, name: string) => p.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name });
  const memberRow = (p: Page, email: string) => p.locator('table.data tbody tr[data-index]', { hasText: email });

  before(async () => {
    t = await openConsoleBrowser();
    ({ c, page } = t);
    await signIn(page, c.url, c.owner);
  });
  after(() => t?.close());

  it('Members: lists members with roles, invites someone and revokes the invite', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await settingsLink(page, 'Members').click();
    await page.waitForURL(/\/settings\/members$/);
    await memberRow(page, c.owner.email).waitFor();
    assert.match((await memberRow(page, c.owner.email).textContent())!, /\(you\).*Owner/);
    await page.getByText('No pending invites.').waitFor();
    await t.checkPage(page, 'settings-members');

    // The API's refusal shows in the form, and nothing is invited.
    await page.getByLabel('Email', { exact: true }).fill('not-an-address@nowhere');
    await page.getByRole('button', { name: 'Send invite' }).click();
    await page.locator('form [role=alert]', { hasText: /email/i }).waitFor();
    assert.deepEqual(await c.server.store.invites.list(c.server.creds.orgId), []);

    await page.getByLabel('Email', { exact: true }).fill('New.Analyst@example.com');
    await page.locator('form', { has: page.getByRole('heading', { name: 'Invite someone' }) }).getByLabel('Role').selectOption('user');
    await page.getByRole('button', { name: 'Send invite' }).click();
    await page.getByText('Invited new.analyst@example.com as user.').waitFor();
    const row = page.locator('tbody tr', { hasText: 'new.analyst@example.com' });
    await row.waitFor();
    const [invite] = await c.server.store.invites.listPendingFor('new.analyst@example.com');
    assert.equal(invite?.role, 'user');
    await t.checkPage(page, 'settings-members-invited');

    await row.getByRole('button', { name: 'Revoke…' }).click();
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No pending invites.').waitFor();
    assert.equal((await c.server.store.invites.list(c.server.creds.orgId)).find((i) => i.id === invite!.id)?.status, 'revoked');
  });

  it('Members: changes a role and removes a member', async () => {
    const member = await c.member('reader');
    await page.reload();
    const row = memberRow(page, member.email);
    await row.waitFor();
    await row.getByLabel(`Role of ${member.email}`).selectOption('user');
    // The select shows the role the server answers once the list is read again.
    await page.waitForFunction((email) => {
      const select = (globalThis as any).document.querySelector(`select[aria-label="Role of ${email}"]`);
      return select?.value === 'user' && !select.disabled;
    }, member.email);
    assert.equal((await c.server.store.memberships.get(c.server.creds.orgId, member.userId))?.role, 'user');
    await row.getByRole('button', { name: 'Remove…' }).click();
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal(await c.server.store.memberships.get(c.server.creds.orgId, member.userId), undefined);
  });

  it('OAuth Management: creates a client whose secret is shown once and works, then revokes it', async () => {
    await settingsLink(page, 'OAuth Management').click();
    await page.waitForURL(/\/settings\/oauth$/);
    await page.getByRole('heading', { name: 'Add a client' }).waitFor();
    await page.locator('table.data tbody tr, .empty').first().waitFor();
    await t.checkPage(page, 'settings-oauth');
    await page.getByLabel('Name', { exact: true }).fill('SOAR playbooks');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByText(/The client secret of SOAR playbooks, shown only now/).waitFor();
    const secret = (await page.locator('.secret code').first().textContent())!;
    const clientId = (await page.locator('.secret code').nth(1).textContent())!;
    assert.ok(secret.length >= 20, secret);
    await t.checkPage(page, 'settings-oauth-created');

    // The pair is what a script sends to POST /api/token.
    const token = await fetch(`${c.url}/api/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    assert.equal(token.status, 200, await token.clone().text());
    const { access_token: accessToken } = (await token.json()) as { access_token: string };

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    const row = page.locator('tbody tr', { hasText: 'SOAR playbooks' });
    await row.waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is shown once');
    // Asked twice: focus waits on Cancel, and Escape takes the question back.
    await row.getByRole('button', { name: 'Revoke…' }).click();
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent), 'Cancel');
    await page.keyboard.press('Escape');
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByText(/^Revoked /).waitFor();
    const after = await fetch(`${c.url}/api/indicators?limit=1`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(after.status, 401, "the client's tokens end with it");
  });

  it('Audit log: pages newest first, filters by action, operation, user and time, all held in the URL', async () => {
    await settingsLink(page, 'Audit log').click();
    await page.waitForURL(/\/settings\/audit-log$/);
    const rows = page.locator('table.data tbody tr[data-index]');
    await rows.first().waitFor();
    await t.checkPage(page, 'settings-audit-log');

    const actionCells = () => page.locator('table.data tbody tr[data-index] td:nth-child(4)').allTextContents();
    await page.getByLabel('Action', { exact: true }).fill('revoke_invite');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/action=revoke_invite/);
    await page.waitForFunction(() => {
      const cells = [...(globalThis as any).document.querySelectorAll('table.data tbody tr[data-index] td:nth-child(4)')];
      return cells.length > 0 && cells.every((td: { textContent: string }) => td.textContent === 'revoke_invite');
    });
    assert.deepEqual(await actionCells(), ['revoke_invite']);

    // The same view from its URL alone, narrowed by operation: a revoke is a delete, never a create.
    const shared = new URL(page.url());
    shared.searchParams.set('operation', 'create');
    await page.goto(shared.toString());
    await page.getByText('No audit records match').waitFor();
    assert.equal(await page.getByLabel('Operation').inputValue(), 'create');
    assert.equal(await page.getByLabel('Action', { exact: true }).inputValue(), 'revoke_invite');
    await t.checkPage(page, 'settings-audit-log-empty');
    await page.getByLabel('Operation').selectOption('delete');
    await page.waitForURL(/operation=delete/);
    await rows.first().waitFor();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('User email').fill(c.owner.email);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/userEmail=/);
    await rows.first().waitFor();
    const users = await page.locator('table.data tbody tr[data-index] td:nth-child(2)').allTextContents();
    assert.ok(users.length > 0 && users.every((u) => u === c.owner.email), users.join(','));

    // A range that ends before anything happened.
    await page.goto(`${c.url}/settings/audit-log?until=2020-01-01T00%3A00%3A00.000Z`);
    await page.getByText('No audit records match').waitFor();
  });

  it('a user manages users and readers but not owners, and offers no owner role', async () => {
    const user = await c.member('user');
    const reader = await c.member('reader');
    const other = await t.browser.newContext({ viewport: { width: 420, height: 800 } });
    try {
      const p = await other.newPage();
      t.watch(p);
      await signIn(p, c.url, user);
      await p.goto(`${c.url}/settings/members`);
      const readerRow = memberRow(p, reader.email);
      await readerRow.waitFor();
      const options = await readerRow.getByLabel(`Role of ${reader.email}`).locator('option').allTextContents();
      assert.deepEqual(options, ['User', 'Reader']);
      await readerRow.getByRole('button', { name: 'Remove…' }).waitFor();
      const ownerRow = memberRow(p, c.owner.email);
      assert.equal(await ownerRow.locator('select, button').count(), 0, "no control on an owner's row");
      const inviteRoles = await p.locator('form', { has: p.getByRole('heading', { name: 'Invite someone' }) }).getByLabel('Role').locator('option').allTextContents();
      assert.deepEqual(inviteRoles, ['User', 'Reader']);
      await t.checkPage(p, 'settings-members-user-narrow');
      // What the missing owner option would have sent.
      assert.equal(await fetchWithSession(p, 'POST', '/v2/organizations/members', { id: reader.userId, role: 'owner' }), 403);
      assert.equal((await c.server.store.memberships.get(c.server.creds.orgId, reader.userId))?.role, 'reader');
    } finally {
      await other.close();
    }
  });

  it('a reader sees no edit control anywhere in Settings, and the APIs refuse their forced writes', async () => {
    const reader = await c.member('reader');
    const invite = await c.server.store.invites.create({ orgId: c.server.creds.orgId, email: 'pending@example.com', role: 'reader', invitedBy: c.owner.userId });
    const { client } = await c.server.store.oauth.createClient({ orgId: c.server.creds.orgId, userId: c.owner.userId, name: 'Kept' });
    const other = await t.browser.newContext();
    try {
      const p = await other.newPage();
      t.watch(p);
      await signIn(p, c.url, reader);
      const noEdits = async (name: string) => {
        await t.checkPage(p, `reader-${name}`);
        const controls = p.locator('main').locator('select, textarea, input:not([data-filter]):not([type=datetime-local]):not([name=userEmail]), button[type=submit]');
        const forms = await p.locator('main form:not(.filters)').count();
        assert.equal(forms, 0, `${name}: no form`);
        assert.equal(await p.locator('main').getByRole('button', { name: /^(Remove|Revoke|Rotate the|Issue a|Send|Add|Disable|Enable|Redeliver)/ }).count(), 0, `${name}: no edit button`);
        if (name !== 'audit-log') assert.equal(await controls.count(), 0, `${name}: no input`);
      };

      await p.goto(`${c.url}/settings/integrations`);
      await p.getByRole('heading', { name: 'Integrations' }).waitFor();
      await p.locator('table.data, .empty').first().waitFor();
      await noEdits('integrations');

      await p.goto(`${c.url}/settings/members`);
      await memberRow(p, reader.email).waitFor();
      await p.locator('tbody tr', { hasText: 'pending@example.com' }).waitFor();
      await noEdits('members');

      await p.goto(`${c.url}/settings/oauth`);
      await p.getByText('Only owners manage OAuth clients').waitFor();
      await noEdits('oauth');

      await p.goto(`${c.url}/settings/audit-log`);
      await p.locator('table.data tbody tr[data-index]').first().waitFor();
      await noEdits('audit-log');

      await p.goto(`${c.url}/settings/keys`);
      await p.getByRole('heading', { name: 'Agent deploy key' }).waitFor();
      assert.equal(await p.getByRole('button', { name: /deploy key/ }).count(), 0);

      // What the hidden controls would have sent, with the reader's own session and CSRF token.
      const forced: Array<[string, string, unknown?]> = [
        ['POST', '/v2/organizations/invites', { email: 'sneaky@example.com', role: 'reader' }],
        ['DELETE', `/console/api/invites/${invite.id}`],
        ['POST', '/v2/organizations/members', { id: reader.userId, role: 'owner' }],
        ['DELETE', `/v2/organizations/members/${c.owner.userId}`],
        ['POST', '/api/oauth/clients', { name: 'Sneaky' }],
        ['DELETE', `/api/oauth/clients/${client.id}`],
        ['POST', '/v2/integrations/webhooks', { url: 'https://example.com/hook' }],
        ['POST', '/console/api/keys/deploy-key'],
      ];
      for (const [method, path, body] of forced) assert.equal(await fetchWithSession(p, method, path, body), 403, `${method} ${path}`);
      const { store } = c.server;
      const { orgId } = c.server.creds;
      assert.deepEqual((await store.invites.list(orgId)).filter((i) => i.status === 'pending').map((i) => i.email), ['pending@example.com']);
      assert.equal((await store.memberships.get(orgId, reader.userId))?.role, 'reader');
      assert.equal((await store.memberships.get(orgId, c.owner.userId))?.role, 'owner');
      assert.deepEqual((await store.oauth.listClients(orgId)).filter((x) => x.revokedAt === null).map((x) => x.name), ['Kept']);
    } finally {
      await other.close();
    }
  });
});
