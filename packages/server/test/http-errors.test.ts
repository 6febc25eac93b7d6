import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('REST v2 error envelope', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server.close());

  const envelope = (json: any) => {
    assert.deepEqual(Object.keys(json), ['errors']);
    assert.ok(json.errors.length > 0 && json.errors.every((e: unknown) => typeof e === 'string'));
    assert.doesNotMatch(JSON.stringify(json), /at .*\.(ts|js):\d+/, 'no stack traces');
  };

  it('unknown route → 404, wrong method → 405 with Allow', async () => {
    const missing = await server.request('GET', '/v2/nothing-here');
    assert.equal(missing.status, 404);
    envelope(missing.json);
    const wrong = await server.request('DELETE', '/v2/agents');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    envelope(wrong.json);
    const wrong2 = await server.request('GET', '/v2/alerts/dismiss');
    // GET /v2/alerts/dismiss matches /v2/alerts/:alertId — an unknown alert
    assert.equal(wrong2.status, 404);
  });

  it('accepts Content-Type: application/json on bodiless requests, as the Threat Stack scripts send it', async () => {
    const get = await server.request('GET', '/v2/agents?status=online', { headers: { 'content-type': 'application/json' } });
    assert.equal(get.status, 200);
    const user = await server.store.users.create({ email: 'gone@example.com', displayName: 'Gone' });
    await server.store.memberships.upsert(server.creds.orgId, user.id, 'reader');
    const del = await server.request('DELETE', `/v2/organizations/members/${user.id}`, { rawBody: '', contentType: 'application/json' });
    assert.equal(del.status, 204, del.text);
  });

  it('tolerates a trailing slash', async () => {
    const res = await server.request('GET', '/v2/agents/?status=online');
    assert.equal(res.status, 200);
  });

  it('malformed JSON → 400, wrong content type → 415, huge body → 413', async () => {
    const bad = await server.request('POST', '/v2/alerts/dismiss', { rawBody: '{"ids": [' });
    assert.equal(bad.status, 400);
    envelope(bad.json);
    assert.match(bad.json.errors[0], /JSON/);
    const form = await server.request('POST', '/v2/alerts/dismiss', { rawBody: 'ids=1', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    envelope(form.json);
    const huge = await server.request('POST', '/v2/organizations/invites', {
      rawBody: JSON.stringify({ email: 'a@b.co', role: 'user', pad: 'x'.repeat(1024 * 1024 + 10) }),
    });
    assert.equal(huge.status, 413);
    envelope(huge.json);
  });
});
