import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('operations endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('postgres', { redis: true });
  });
  after(() => server.close());

  it('healthz, readyz', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
    assert.deepEqual(await (await fetch(`${server.url}/readyz`)).json(), { status: 'ready' });
  });

  it('metrics count requests by route and status', async () => {
    await server.request('GET', '/v2/agents?status=online');
    await server.request('GET', '/v2/agents');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /vigil_http_requests_total\{method="GET",route="\/v2\/agents",status="200"\} 1/);
    assert.match(text, /vigil_http_requests_total\{method="GET",route="\/v2\/agents",status="400"\} 1/);
    assert.match(text, /vigil_http_request_duration_seconds_bucket/);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc: any = await (await fetch(`${server.url}/openapi.json`)).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/v2/agents', '/v2/agents/{agentId}', '/v2/alerts', '/v2/alerts/{alertId}', '/v2/alerts/{alertId}/events', '/v2/alerts/severity-counts', '/v2/alerts/dismiss', '/v2/organizations/members', '/v2/organizations/members/{userId}', '/v2/organizations/invites', '/v2/auditlogs', '/help/hawk/self-test']) {
      assert.ok(doc.paths[path], path);
    }
    const status = doc.paths['/v2/agents'].get.parameters.find((p: any) => p.name === 'status');
    assert.equal(status.required, true);
    // Nullable fields are OpenAPI 3.1 type arrays (which the response serialiser writes without a validator).
    const alertList = doc.paths['/v2/alerts'].get.responses['200'].content['application/json'].schema;
    const alert = alertList.properties.alerts.items;
    assert.deepEqual(alert.properties.dismissedAt, { type: ['string', 'null'], format: 'date-time' });
    assert.deepEqual(alert.properties.agentId, { type: ['string', 'null'] });
    assert.deepEqual(alert.properties.createdAt, { type: 'string', format: 'date-time' });
    const docs = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });
});
