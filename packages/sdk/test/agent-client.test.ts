/**
 * `AgentClient` against a real server (both databases) and, for retries, against a scripted one.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from '@vigil/server/testing';
import { AgentClient, AuthenticationError, BadRequestError, ConfigError, encodeBatch, VigilClient, type AgentCredentials } from '../src/index.js';

const event = (i: number) => ({ event_type: 'audit', timestamp: Date.now(), command: 'ls', args: ['ls', String(i)] });

for (const dialect of DIALECTS) {
  describe(`SDK agent protocol client against a real server (${dialect})`, () => {
    let server: TestServer;
    let credentials: AgentCredentials;
    let agent: AgentClient;
    before(async () => {
      server = await startTestServer(dialect);
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      credentials = await AgentClient.register({ baseUrl: server.url, deployKey, host: { hostname: 'sdk-1.internal', version: '3.3.0' } });
      agent = new AgentClient({ baseUrl: `${server.url}/agent/v1`, ...credentials });
    });
    after(() => server.close());

    it('registers with the deploy key and heartbeats: the agent is online under its hostname', async () => {
      assert.equal(credentials.organizationId, server.creds.orgId);
      const answer = await agent.heartbeat({ agentModuleHealth: { isHealthy: true } });
      assert.equal(answer.status, 'online');
      assert.ok(Math.abs(Date.parse(answer.serverTime) - Date.now()) < 60_000);
      const { userId, apiKey, orgId } = server.creds;
      const seen = await new VigilClient({ userId, apiKey, organizationId: orgId, baseUrl: server.url }).agents.retrieve(credentials.agentId);
      assert.equal(seen.hostname, 'sdk-1.internal');
      assert.equal(seen.status, 'online');
      assert.equal(seen.version, '3.3.0');
    });

    it('sends batches as JSON, as gzip’d NDJSON and encoded ahead; a repeated batch id is a duplicate stored once', async () => {
      const before = await server.store.ingest.countEvents(server.creds.orgId, credentials.agentId);
      assert.deepEqual(await agent.sendEvents('sdk-b1', [event(1), event(2)]), { accepted: 2, duplicate: false });
      assert.deepEqual(await agent.sendEvents('sdk-b1', [event(1), event(2)]), { accepted: 0, duplicate: true });
      assert.deepEqual(await agent.sendEvents('sdk-b2', [event(3), event(4), event(5)], { format: 'ndjson', gzip: true }), { accepted: 3, duplicate: false });
      // A batch encoded ahead (as a spool keeps it) is sent as it is.
      assert.deepEqual(await agent.sendEvents('sdk-b3', encodeBatch([event(6)], { format: 'ndjson' })), { accepted: 1, duplicate: false });
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId, credentials.agentId), before + 6);
    });

    it('throws typed errors: a bad event names it, a wrong deploy key or secret is an AuthenticationError', async () => {
      await assert.rejects(agent.sendEvents('sdk-bad', [event(1), { event_type: 'audit' }]), (err: unknown) => {
        assert.ok(err instanceof BadRequestError);
        assert.match(err.message, /^POST \/agent\/v1\/events: 400 Bad Request: .*events\[1\]\.timestamp/);
        return true;
      });
      await assert.rejects(AgentClient.register({ baseUrl: server.url, deployKey: 'vdk_wrong', host: { hostname: 'x' } }), (err: unknown) => {
        assert.ok(err instanceof AuthenticationError);
        assert.doesNotMatch(JSON.stringify(err), /vdk_wrong/);
        return true;
      });
      const impostor = new AgentClient({ baseUrl: server.url, agentId: credentials.agentId, secret: 'not-the-secret-0123456789' });
      await assert.rejects(impostor.heartbeat(), AuthenticationError);
      await assert.rejects(agent.sendEvents('has space', []), TypeError);
      assert.throws(() => new AgentClient({ baseUrl: server.url, agentId: 'a', secret: '' }), ConfigError);
    });
  });
}

describe('SDK agent protocol client retries (scripted server)', () => {
  let fake: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve())));

  async function scripted(answers: Array<{ status: number; headers?: Record<string, string>; body: unknown }>): Promise<{ url: string; seen: string[] }> {
    const seen: string[] = [];
    fake = createServer((req, res) => {
      req.resume();
      seen.push(`${req.method} ${req.url} ${req.headers['vigil-batch-id'] ?? ''}`.trim());
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, seen };
  }

  it('waits out a 429 on registration (Retry-After) and a 500 on a batch (idempotent by its batch id)', async () => {
    const reg = await scripted([
      { status: 429, headers: { 'retry-after': '0' }, body: { errors: ['slow down'] } },
      { status: 200, body: { agentId: 'a1', secret: 's'.repeat(32), organizationId: 'o1' } },
    ]);
    const creds = await AgentClient.register({ baseUrl: reg.url, deployKey: 'vdk_x', host: { hostname: 'h' }, backoff: { baseMs: 1, maxMs: 2 } });
    assert.deepEqual(creds, { agentId: 'a1', secret: 's'.repeat(32), organizationId: 'o1' });
    assert.equal(reg.seen.length, 2);
    await new Promise<void>((resolve) => fake!.close(() => resolve()));

    const batch = await scripted([
      { status: 500, body: { errors: ['boom'] } },
      { status: 200, body: { accepted: 1, duplicate: false } },
    ]);
    const agent = new AgentClient({ baseUrl: batch.url, ...creds, verifyServerAuthorization: false, backoff: { baseMs: 1, maxMs: 2 } });
    let retries = 0;
    assert.deepEqual(await agent.sendEvents('b-1', [event(1)], { onRetry: () => retries++ }), { accepted: 1, duplicate: false });
    assert.equal(retries, 1);
    assert.deepEqual(batch.seen, ['POST /agent/v1/events b-1', 'POST /agent/v1/events b-1']);
  });
});
