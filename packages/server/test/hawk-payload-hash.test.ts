import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Hawk from 'hawk';
import { DIALECTS } from '@vigil/store/testing';
import { registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

interface SignedPost {
  url: string;
  credentials: { id: string; key: string; algorithm: 'sha256' };
  ext?: string;
  body: string;
  /** sign with the payload hash (as every Threat Stack client does for a body) */
  hash: boolean;
  /** send the body chunked (no Content-Length) */
  chunked?: boolean;
  headers?: Record<string, string>;
}

/** Signs with the independent `hawk` npm client, with or without `hash=`, and sends the body. */
async function signedPost(options: SignedPost): Promise<{ status: number; headers: Headers; json: any }> {
  const { url, credentials, ext, body } = options;
  const { header } = Hawk.client.header(url, 'POST', {
    credentials,
    ...(ext ? { ext } : {}),
    ...(options.hash ? { payload: body, contentType: 'application/json' } : {}),
  });
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(body));
      controller.close();
    },
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: header, 'content-type': 'application/json', ...options.headers },
    body: options.chunked ? stream : body,
    ...(options.chunked ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

for (const dialect of DIALECTS) {
  describe(`Hawk payload hash is required with a body (${dialect})`, () => {
    let server: TestServer;
    let agent: AgentCreds;
    before(async () => {
      server = await startTestServer(dialect);
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      agent = await registerAgent(server.url, deployKey);
    });
    after(() => server.close());

    it('REST v2: a body signed without hash= is a 401 and creates nothing; with the hash it is a 200', async () => {
      const credentials = { id: server.creds.userId, key: server.creds.apiKey, algorithm: 'sha256' as const };
      const url = `${server.url}/v2/rulesets`;
      const names = async () => ((await server.request('GET', '/v2/rulesets')).json.rulesets as { name: string }[]).map((r) => r.name);
      for (const chunked of [false, true]) {
        const name = `unhashed-${chunked ? 'chunked' : 'sized'}`;
        const body = JSON.stringify({ name, description: '', ruleIds: [] });
        const res = await signedPost({ url, credentials, ext: server.creds.orgId, body, hash: false, chunked });
        assert.equal(res.status, 401, JSON.stringify(res.json));
        assert.match(res.json.errors[0], /payload hash/i);
        assert.equal(res.headers.get('www-authenticate'), 'Hawk error="Missing required payload hash"');
        assert.ok(!(await names()).includes(name), `${name} was not created`);
      }
      const body = JSON.stringify({ name: 'hashed', description: '', ruleIds: [] });
      const ok = await signedPost({ url, credentials, ext: server.creds.orgId, body, hash: true });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      assert.ok((await names()).includes('hashed'));
    });

    it('REST v2: a request without a body needs no hash', async () => {
      const res = await server.request('GET', '/v2/rulesets');
      assert.equal(res.status, 200, res.text);
      const del = await server.request('DELETE', `/v2/rulesets/${(await server.request('GET', '/v2/rulesets')).json.rulesets[0].id}`);
      assert.equal(del.status, 200, del.text);
    });

    it('agent protocol: events and heartbeats with a body need the hash; nothing is stored without it', async () => {
      const credentials = { id: agent.agentId, key: agent.secret, algorithm: 'sha256' as const };
      const count = () => server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      const before = await count();
      const batch = JSON.stringify([{ event_type: 'audit', timestamp: Date.now(), syscall: 'execve' }]);
      const eventsUrl = `${server.url}/agent/v1/events`;
      for (const chunked of [false, true]) {
        const res = await signedPost({ url: eventsUrl, credentials, body: batch, hash: false, chunked, headers: { 'vigil-batch-id': `nohash-${chunked}` } });
        assert.equal(res.status, 401, JSON.stringify(res.json));
        assert.match(res.json.errors[0], /payload hash/i);
      }
      assert.equal(await count(), before);
      const hb = await signedPost({ url: `${server.url}/agent/v1/heartbeat`, credentials, body: '{"version":"9.9.9"}', hash: false });
      assert.equal(hb.status, 401, JSON.stringify(hb.json));

      const ok = await signedPost({ url: eventsUrl, credentials, body: batch, hash: true, headers: { 'vigil-batch-id': 'hashed' } });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      assert.equal(await count(), before + 1);
      // an empty heartbeat has no body to hash
      const { header } = Hawk.client.header(`${server.url}/agent/v1/heartbeat`, 'POST', { credentials });
      const empty = await fetch(`${server.url}/agent/v1/heartbeat`, { method: 'POST', headers: { authorization: header } });
      assert.equal(empty.status, 200, await empty.text());
    });
  });
}
