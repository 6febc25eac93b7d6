/**
 * JSON nested far deeper than any event, heartbeat or API object needs is refused with 400 before it is
 * parsed or stored (it used to answer 500 once a recursive serialization overflowed the stack), and a
 * batch refused that way leaves its batch id free.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { MAX_JSON_DEPTH } from '../src/http/json-depth.js';
import { agentPost, registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
const event = (extra: string) => `{"event_type":"audit","timestamp":1700000000000,"deep":${extra}}`;

for (const dialect of DIALECTS) {
  describe(`JSON nesting depth (${dialect})`, () => {
    let server: TestServer;
    let agent: AgentCreds;
    let seq = 0;
    const batchId = () => `deep-${process.pid}-${++seq}`;

    before(async () => {
      server = await startTestServer(dialect);
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      agent = await registerAgent(server.url, deployKey, { hostname: 'deep-1.internal' });
    });
    after(() => server?.close());

    const events = () => server.store.ingest.countEvents(server.creds.orgId, agent.agentId);

    it('refuses a JSON or NDJSON batch nested 200,000 deep with 400, stores nothing, and leaves the batch id free', async () => {
      const bodies: Array<[string, string]> = [
        ['application/json', `[${event(nested(200_000))}]`],
        ['application/json', `[${event(deepObject(200_000))}]`],
        ['application/x-ndjson', `${event('1')}\n${event(nested(200_000))}\n`],
        ['application/json', nested(200_000)],
      ];
      let stored = await events();
      for (const [contentType, body] of bodies) {
        const id = batchId();
        const res = await agentPost(server.url, '/agent/v1/events', agent, body, { contentType, headers: { 'vigil-batch-id': id } });
        assert.equal(res.status, 400, `${contentType}: ${res.text.slice(0, 200)}`);
        assert.match(res.json.errors[0], new RegExp(`nested deeper than ${MAX_JSON_DEPTH} levels`));
        assert.equal(await events(), stored, 'nothing stored');
        // The id was not used up by the refused batch.
        const retry = await agentPost(server.url, '/agent/v1/events', agent, `[${event('1')}]`, { headers: { 'vigil-batch-id': id } });
        assert.equal(retry.status, 200, retry.text);
        assert.deepEqual(retry.json, { accepted: 1, duplicate: false });
        assert.equal(await events(), ++stored);
      }
    });

    it(`accepts nesting up to ${MAX_JSON_DEPTH} levels`, async () => {
      // The event object and its array are two levels; the payload fills the rest.
      const res = await agentPost(server.url, '/agent/v1/events', agent, `[${event(nested(MAX_JSON_DEPTH - 2))}]`, {
        headers: { 'vigil-batch-id': batchId() },
      });
      assert.equal(res.status, 200, res.text);
      const tooDeep = await agentPost(server.url, '/agent/v1/events', agent, `[${event(nested(MAX_JSON_DEPTH - 1))}]`, {
        headers: { 'vigil-batch-id': batchId() },
      });
      assert.equal(tooDeep.status, 400, tooDeep.text);
    });

    it('refuses a heartbeat whose agentModuleHealth is nested 30,000 deep with 400 and keeps the stored report', async () => {
      const ok = await agentPost(server.url, '/agent/v1/heartbeat', agent, '{"version":"3.3.0","agentModuleHealth":{"isHealthy":true}}');
      assert.equal(ok.status, 200, ok.text);
      for (const deep of [deepObject(30_000), nested(30_000)]) {
        const res = await agentPost(server.url, '/agent/v1/heartbeat', agent, `{"version":"9.9.9","agentModuleHealth":{"x":${deep}}}`);
        assert.equal(res.status, 400, res.text.slice(0, 200));
        assert.match(res.json.errors[0], /nested deeper than/);
      }
      const stored = await server.store.agents.get(server.creds.orgId, agent.agentId);
      assert.equal(stored!.version, '3.3.0');
      assert.deepEqual(stored!.agentModuleHealth, { isHealthy: true });
    });

    it('refuses a deeply nested body on the user APIs too (ThreatQ and v2)', async () => {
      const v2 = await server.request('POST', '/v2/integrations/webhooks', { rawBody: `{"url":${nested(30_000)}}` });
      assert.equal(v2.status, 400, v2.text.slice(0, 200));
      assert.match(v2.json.errors[0], /nested deeper than/);
    });
  });
}
