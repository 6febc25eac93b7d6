import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { clientHeader, verifyServerAuthorization } from '@vigil/hawk';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type TestServer } from './helpers/test-server.js';

interface AgentCreds {
  agentId: string;
  secret: string;
}

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

interface AgentRequestOptions {
  method?: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** sign this payload instead of the body (to test the payload hash) */
  signedPayload?: string | Buffer;
}

const credentialsOf = (a: AgentCreds) => ({ id: a.agentId, key: a.secret, algorithm: 'sha256' as const });

/** Signs like an agent (our own Hawk client) and verifies Server-Authorization on every 2xx. */
async function agentRequest(base: string, path: string, agent: AgentCreds, options: AgentRequestOptions = {}): Promise<Sent> {
  const url = base + path;
  const method = options.method ?? 'POST';
  const contentType = options.contentType ?? 'application/json';
  const payload = options.signedPayload ?? options.body;
  const { header, artifacts } = clientHeader(url, method, {
    credentials: credentialsOf(agent),
    ...(payload !== undefined ? { payload, contentType } : {}),
  });
  const headers: Record<string, string> = { authorization: header, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = contentType;
  const res = await fetch(url, { method, headers, body: options.body });
  const text = await res.text();
  if (res.status >= 200 && res.status < 300) {
    verifyServerAuthorization(
      res.headers.get('server-authorization') ?? undefined,
      credentialsOf(agent),
      artifacts,
      { payload: text, contentType: res.headers.get('content-type') ?? undefined },
      { required: true },
    );
  }
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function register(base: string, deployKey: string, body: Record<string, unknown> = {}): Promise<Sent> {
  const res = await fetch(`${base}/agent/v1/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${deployKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hostname: 'web-1.internal', ...body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

let seq = 0;
const batchId = () => `b-${process.pid}-${++seq}`;
const event = (i: number, over: Record<string, unknown> = {}) => ({
  event_type: 'audit',
  timestamp: 1_700_000_000_000 + i,
  syscall: 'execve',
  exe: '/usr/bin/curl',
  user: 'root',
  seq: i,
  ...over,
});
const events = (n: number) => Array.from({ length: n }, (_, i) => event(i));
const ndjson = (items: unknown[]) => items.map((e) => JSON.stringify(e)).join('\n') + '\n';

function postEvents(server: TestServer, agent: AgentCreds, body: string | Buffer, options: AgentRequestOptions & { batch?: string | null } = {}) {
  const { batch, ...rest } = options;
  const headers: Record<string, string> = { ...rest.headers };
  if (batch !== null) headers['vigil-batch-id'] = batch ?? batchId();
  return agentRequest(server.url, '/agent/v1/events', agent, { ...rest, body, headers });
}

for (const dialect of DIALECTS) {
  describe(`agent protocol (${dialect})`, () => {
    let server: TestServer;
    let deployKey: string;
    let agent: AgentCreds;

    before(async () => {
      server = await startTestServer(dialect);
      deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      const res = await register(server.url, deployKey, { instanceId: 'i-0abc', version: '3.2.1', agentType: 'monitor' });
      assert.equal(res.status, 200, res.text);
      agent = { agentId: res.json.agentId, secret: res.json.secret };
    });
    after(() => server.close());

    it('registers with the deploy key, heartbeats, and the agent shows online in GET /v2/agents', async () => {
      const res = await register(server.url, deployKey, { hostname: 'db-7.internal', tags: [{ source: 'ec2', key: 'env', value: 'prod' }] });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.json).sort(), ['agentId', 'organizationId', 'secret']);
      assert.equal(res.json.organizationId, server.creds.orgId);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const me: AgentCreds = { agentId: res.json.agentId, secret: res.json.secret };

      // silent long enough to be swept offline, then a heartbeat brings it back
      await server.store.ingest.markOffline(Date.now() + 1);
      const offline = await server.request('GET', '/v2/agents?status=offline');
      assert.equal(offline.status, 200, offline.text);
      assert.ok(offline.json.agents.some((a: { id: string }) => a.id === me.agentId));

      const before = Date.now();
      const hb = await agentRequest(server.url, '/agent/v1/heartbeat', me, { body: JSON.stringify({ version: '3.3.0', kernel: '6.1.0' }) });
      assert.equal(hb.status, 200, hb.text);
      assert.equal(hb.json.status, 'online');
      assert.ok(Math.abs(Date.parse(hb.json.serverTime) - Date.now()) < 60_000);
      const empty = await agentRequest(server.url, '/agent/v1/heartbeat', me);
      assert.equal(empty.status, 200, 'the body is optional');

      const online = await server.request('GET', '/v2/agents?status=online');
      const listed = online.json.agents.find((a: { id: string }) => a.id === me.agentId);
      assert.ok(listed, 'online after the heartbeat');
      assert.equal(listed.hostname, 'db-7.internal');
      assert.equal(listed.version, '3.3.0');
      assert.equal(listed.kernel, '6.1.0');
      assert.deepEqual(listed.tags, [{ source: 'ec2', key: 'env', value: 'prod' }]);
      assert.ok(Date.parse(listed.lastReportedAt) >= before - 5);

      const audit = await server.request('GET', '/v2/auditlogs');
      const registered = audit.json.recs.find((r: { action: string; context: { agentId?: string } }) => r.context.agentId === me.agentId);
      assert.equal(registered?.action, 'register_agent');
    });

    it('accepts the deploy key in the body, and refuses missing, unknown and revoked keys with 401', async () => {
      const viaBody = await fetch(`${server.url}/agent/v1/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hostname: 'h', deployKey }),
      });
      assert.equal(viaBody.status, 200, await viaBody.clone().text());

      const missing = await fetch(`${server.url}/agent/v1/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hostname: 'h' }),
      });
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.deepEqual(Object.keys((await missing.json()) as object), ['errors']);

      const wrong = await register(server.url, deployKey.slice(0, -1) + (deployKey.endsWith('A') ? 'B' : 'A'));
      assert.equal(wrong.status, 401);
      assert.match(wrong.json.errors[0], /unknown or revoked deploy key/);
      // a bad key is refused before the body is looked at
      assert.equal((await register(server.url, 'nope', { hostname: '' })).status, 401);

      const agentsBefore = await server.store.agents.count(server.creds.orgId);
      const rotated = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      assert.equal((await register(server.url, deployKey)).status, 401, 'the rotated-out key is revoked');
      assert.equal(await server.store.agents.count(server.creds.orgId), agentsBefore);
      // agents registered with the old key keep working
      assert.equal((await agentRequest(server.url, '/agent/v1/heartbeat', agent)).status, 200);
      deployKey = rotated;
    });

    it('refuses bad registration fields with 400 naming them', async () => {
      const noHost = await fetch(`${server.url}/agent/v1/register`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deployKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: '1' }),
      });
      assert.equal(noHost.status, 400);
      assert.match(((await noHost.json()) as { errors: string[] }).errors[0], /hostname/);
      const badType = await register(server.url, deployKey, { agentType: 'spy' });
      assert.equal(badType.status, 400);
      assert.match(badType.json.errors[0], /agentType.*monitor, investigate/);
      const badTags = await register(server.url, deployKey, { tags: 'env=prod' });
      assert.equal(badTags.status, 400);
      assert.match(badTags.json.errors[0], /tags/);
    });

    it('stores a JSON array batch, stamped with the agent identity, and acknowledges only then', async () => {
      const before = await server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      const items = [...events(3), event(3, { timestamp: '2024-03-01T12:00:00Z', event_type: 'file' })];
      const res = await postEvents(server, agent, JSON.stringify(items));
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { accepted: 4, duplicate: false });
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId, agent.agentId), before + 4);
      const [newest] = await server.store.ingest.listEvents(server.creds.orgId, agent.agentId, 1);
      assert.equal(newest!.eventType, 'file');
      assert.equal(newest!.timestamp, Date.UTC(2024, 2, 1, 12));
      assert.equal(newest!.data.timestamp, Date.UTC(2024, 2, 1, 12), 'ISO times are normalised to epoch ms');
      assert.equal(newest!.data.agentId, agent.agentId);
      assert.equal(newest!.data.hostname, 'web-1.internal');
      assert.equal(newest!.data.organizationId, server.creds.orgId);
      assert.equal(newest!.data.exe, '/usr/bin/curl');
    });

    it('stores NDJSON (blank lines and CRLF tolerated) and gzip-compressed JSON and NDJSON', async () => {
      const count = () => server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      let expected = await count();
      const lines = events(3).map((e) => JSON.stringify(e)).join('\r\n') + '\r\n\r\n';
      const nd = await postEvents(server, agent, lines, { contentType: 'application/x-ndjson' });
      assert.deepEqual(nd.json, { accepted: 3, duplicate: false }, nd.text);
      expected += 3;

      const gzJson = gzipSync(JSON.stringify(events(50)));
      const gz = await postEvents(server, agent, gzJson, { headers: { 'content-encoding': 'gzip' } });
      assert.deepEqual(gz.json, { accepted: 50, duplicate: false }, gz.text);
      expected += 50;

      const gzNd = gzipSync(ndjson(events(20)));
      const gz2 = await postEvents(server, agent, gzNd, {
        contentType: 'application/x-ndjson; charset=utf-8',
        headers: { 'content-encoding': 'gzip' },
      });
      assert.deepEqual(gz2.json, { accepted: 20, duplicate: false }, gz2.text);
      expected += 20;
      assert.equal(await count(), expected);
    });

    it('stores a retried batch once', async () => {
      const id = batchId();
      const body = JSON.stringify(events(7));
      const first = await postEvents(server, agent, body, { batch: id });
      assert.deepEqual(first.json, { accepted: 7, duplicate: false });
      const count = await server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      const retry = await postEvents(server, agent, body, { batch: id });
      assert.equal(retry.status, 200);
      assert.deepEqual(retry.json, { accepted: 0, duplicate: true });
      const gzRetry = await postEvents(server, agent, gzipSync(body), { batch: id, headers: { 'content-encoding': 'gzip' } });
      assert.deepEqual(gzRetry.json, { accepted: 0, duplicate: true });
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId, agent.agentId), count);
    });

    it('stores events that claim another agent or organization under the authenticated agent', async () => {
      const other = await register(server.url, deployKey, { hostname: 'victim.internal' });
      assert.equal(other.status, 200, other.text);
      const victim = other.json.agentId as string;
      const forged = events(2).map((e, i) => ({
        ...e,
        timestamp: Date.UTC(2030, 0, 1) + i, // the newest events of this agent, for listEvents below
        agentId: victim,
        agent_id: victim,
        hostname: 'victim.internal',
        organizationId: 'someone-else',
        organization_id: 'someone-else',
      }));
      const res = await postEvents(server, agent, JSON.stringify(forged));
      assert.deepEqual(res.json, { accepted: 2, duplicate: false });
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId, victim), 0);
      const stored = await server.store.ingest.listEvents(server.creds.orgId, agent.agentId, 2);
      for (const e of stored) {
        assert.equal(e.agentId, agent.agentId);
        assert.equal(e.data.agentId, agent.agentId);
        assert.equal(e.data.agent_id, agent.agentId);
        assert.equal(e.data.hostname, 'web-1.internal');
        assert.equal(e.data.organizationId, server.creds.orgId);
        assert.equal(e.data.organization_id, server.creds.orgId);
      }
    });

    it('keeps user and agent credentials apart, and checks the body hash', async () => {
      const count = await server.store.ingest.countEvents(server.creds.orgId);
      // a user's API key signing an events post (hawk npm client, ext = org)
      const asUser = await hawkRequest(server.url, 'POST', '/agent/v1/events', server.creds, {
        rawBody: JSON.stringify(events(1)),
        headers: { 'vigil-batch-id': batchId() },
      });
      assert.equal(asUser.status, 401);
      assert.match(asUser.json.errors[0], /Unknown credentials/);
      const userHeartbeat = await hawkRequest(server.url, 'POST', '/agent/v1/heartbeat', server.creds);
      assert.equal(userHeartbeat.status, 401);

      // an agent's secret on REST v2 and on the self-test
      const asAgent = await hawkRequest(server.url, 'GET', '/v2/agents?status=online', {
        userId: agent.agentId,
        apiKey: agent.secret,
        orgId: server.creds.orgId,
      });
      assert.equal(asAgent.status, 401);
      const selfTest = await agentRequest(server.url, '/help/hawk/self-test', agent, { method: 'GET' });
      assert.equal(selfTest.status, 401);

      // unsigned, wrong secret, tampered body
      const unsigned = await fetch(`${server.url}/agent/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'vigil-batch-id': batchId() },
        body: '[]',
      });
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.headers.get('www-authenticate'), 'Hawk');
      const wrong = await postEvents(server, { ...agent, secret: agent.secret + 'x' }, JSON.stringify(events(1)));
      assert.equal(wrong.status, 401);
      const tampered = await postEvents(server, agent, JSON.stringify(events(2)), { signedPayload: JSON.stringify(events(1)) });
      assert.equal(tampered.status, 401);
      assert.match(tampered.json.errors[0], /payload hash/i);
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId), count);
    });

    it('refuses malformed bodies with 400 and stores nothing', async () => {
      const count = () => server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      const start = await count();
      const badJson = await postEvents(server, agent, '[{"event_type": "audit",');
      assert.equal(badJson.status, 400);
      assert.match(badJson.json.errors[0], /not valid JSON/);
      const notArray = await postEvents(server, agent, JSON.stringify(event(0)));
      assert.equal(notArray.status, 400);
      assert.match(notArray.json.errors[0], /JSON array/);
      const badLine = await postEvents(server, agent, `${JSON.stringify(event(0))}\n{oops}\n`, { contentType: 'application/x-ndjson' });
      assert.equal(badLine.status, 400);
      assert.match(badLine.json.errors[0], /line 2 is not valid JSON/);
      const empty = await postEvents(server, agent, '');
      assert.equal(empty.status, 400);
      const notGzip = await postEvents(server, agent, JSON.stringify(events(1)), { headers: { 'content-encoding': 'gzip' } });
      assert.equal(notGzip.status, 400);
      assert.match(notGzip.json.errors[0], /gzip/);
      const brotli = await postEvents(server, agent, JSON.stringify(events(1)), { headers: { 'content-encoding': 'br' } });
      assert.equal(brotli.status, 415);
      const xml = await postEvents(server, agent, '<events/>', { contentType: 'application/xml' });
      assert.equal(xml.status, 415);
      assert.equal(await count(), start);
    });

    it('requires a valid Vigil-Batch-Id', async () => {
      const body = JSON.stringify(events(1));
      const missing = await postEvents(server, agent, body, { batch: null });
      assert.equal(missing.status, 400);
      assert.match(missing.json.errors[0], /vigil-batch-id/);
      for (const bad of ['has space', 'x'.repeat(129), 'a/b']) {
        const res = await postEvents(server, agent, body, { batch: bad });
        assert.equal(res.status, 400, bad);
        assert.match(res.json.errors[0], /vigil-batch-id/);
      }
      const ok = await postEvents(server, agent, body, { batch: 'spool:2024-03-01T12.00.00_0001' });
      assert.equal(ok.status, 200, ok.text);
    });

    it('refuses a batch with a bad event with a 400 naming events[i], storing none of it', async () => {
      const start = await server.store.ingest.countEvents(server.creds.orgId, agent.agentId);
      const cases: Array<[unknown, RegExp]> = [
        [{ timestamp: 1_700_000_000_000 }, /Missing required parameter events\[3\]\.event_type/],
        [event(3, { event_type: '' }), /events\[3\]\.event_type/],
        [event(3, { event_type: 42 }), /events\[3\]\.event_type/],
        [event(3, { event_type: 'x'.repeat(65) }), /events\[3\]\.event_type/],
        [event(3, { timestamp: undefined }), /Missing required parameter events\[3\]\.timestamp/],
        [event(3, { timestamp: 'yesterday' }), /events\[3\]\.timestamp.*ISO-8601/],
        [event(3, { timestamp: 1_700_000_000 }), /events\[3\]\.timestamp.*seconds/],
        [event(3, { timestamp: true }), /events\[3\]\.timestamp/],
        ['audit', /events\[3\]: must be a JSON object/],
        [[event(3)], /events\[3\]: must be a JSON object/],
        [null, /events\[3\]: must be a JSON object/],
      ];
      for (const [bad, message] of cases) {
        const res = await postEvents(server, agent, JSON.stringify([...events(3), bad, event(4)]));
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.match(res.json.errors[0], message);
      }
      const nd = await postEvents(server, agent, ndjson([...events(3), { event_type: 'audit' }]), { contentType: 'application/x-ndjson' });
      assert.equal(nd.status, 400);
      assert.match(nd.json.errors[0], /events\[3\]\.timestamp/);
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId, agent.agentId), start);
    });

    it('documents the protocol in /openapi.json', async () => {
      const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as any;
      for (const path of ['/agent/v1/register', '/agent/v1/heartbeat', '/agent/v1/events']) {
        const op = doc.paths[path]?.post;
        assert.ok(op, path);
        assert.deepEqual(op.tags, ['Agent protocol']);
        assert.ok(op.description.length > 40, path);
      }
      assert.ok(doc.components.securitySchemes.agentHawk);
      assert.ok(doc.components.securitySchemes.deployKey);
      assert.ok(doc.tags.some((t: { name: string }) => t.name === 'Agent protocol'));
    });
  });

  describe(`agent protocol limits, saturation and liveness (${dialect})`, () => {
    let server: TestServer;
    let agent: AgentCreds;
    const MAX_BYTES = 4096;

    before(async () => {
      server = await startTestServer(dialect, {
        config: { ingest: { maxEvents: 5, maxBytes: MAX_BYTES, maxInFlight: 1 }, agentOfflineSeconds: 1 },
      });
      const { key } = await server.store.deployKeys.issue(server.creds.orgId);
      const res = await register(server.url, key);
      agent = { agentId: res.json.agentId, secret: res.json.secret };
    });
    after(() => server.close());

    it('answers 413 past the event count or the byte size, sent or decompressed, storing nothing', async () => {
      const ok = await postEvents(server, agent, JSON.stringify(events(5)));
      assert.deepEqual(ok.json, { accepted: 5, duplicate: false }, ok.text);
      const start = await server.store.ingest.countEvents(server.creds.orgId);

      const tooMany = await postEvents(server, agent, JSON.stringify(events(6)));
      assert.equal(tooMany.status, 413);
      assert.match(tooMany.json.errors[0], /more than 5 events/);
      const tooManyLines = await postEvents(server, agent, ndjson(events(6)), { contentType: 'application/x-ndjson' });
      assert.equal(tooManyLines.status, 413);
      // many tiny items are refused before parsing
      const tiny = await postEvents(server, agent, `[${Array(1000).fill('{}').join(',')}]`);
      assert.equal(tiny.status, 413);

      const big = JSON.stringify([event(0, { padding: 'x'.repeat(MAX_BYTES) })]);
      const tooBig = await postEvents(server, agent, big);
      assert.equal(tooBig.status, 413);
      assert.match(tooBig.json.errors[0], new RegExp(`larger than ${MAX_BYTES} bytes`));

      // a gzip bomb: 3 KiB that inflate to 3 MiB (deflate tops out near 1000:1)
      const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20));
      assert.ok(bomb.length < MAX_BYTES);
      const bombed = await postEvents(server, agent, bomb, { headers: { 'content-encoding': 'gzip' } });
      assert.equal(bombed.status, 413);
      assert.match(bombed.json.errors[0], /Decompressed batch is larger than 4096 bytes/);
      assert.equal(await server.store.ingest.countEvents(server.creds.orgId), start);
    });

    it('answers 503 with Retry-After while the gate is full, and frees the slot when a request ends or aborts', async () => {
      const hold = (id: string) => {
        const body = Buffer.from(JSON.stringify(events(2)));
        const url = `${server.url}/agent/v1/events`;
        const { header } = clientHeader(url, 'POST', {
          credentials: credentialsOf(agent),
          payload: body,
          contentType: 'application/json',
        });
        const req = httpRequest(url, {
          method: 'POST',
          agent: false, // a fresh connection: a pooled one may be closing after an earlier 503
          headers: {
            authorization: header,
            'content-type': 'application/json',
            'content-length': String(body.length),
            'vigil-batch-id': id,
          },
        });
        const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
          req.on('response', (res: IncomingMessage) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          req.on('error', reject);
        });
        req.write(body.subarray(0, 5)); // headers and the start of the body: the request is admitted and waits
        return { req, response, rest: body.subarray(5) };
      };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      /** Holds a request inside the gate and returns it with the 503 another request got meanwhile. */
      const holdAndProbe = async () => {
        for (let attempt = 1; attempt <= 20; attempt++) {
          const held = hold(batchId());
          let settled = false;
          held.response.then(
            () => (settled = true),
            () => (settled = true),
          );
          await sleep(25 * attempt); // let its headers be authenticated and admitted
          if (settled) continue; // it lost a race to an earlier probe and was refused itself; hold again
          const probe = await postEvents(server, agent, JSON.stringify(events(1)));
          if (probe.status === 503) return { held, probe };
          assert.equal(probe.status, 200, probe.text); // the probe got in first; start over
          held.req.destroy();
        }
        throw new Error('the gate never filled');
      };

      const first = await holdAndProbe();
      assert.equal(first.probe.headers.get('retry-after'), '1');
      assert.match(first.probe.json.errors[0], /Service unavailable/);
      first.held.req.end(first.held.rest);
      const done = await first.held.response;
      assert.equal(done.status, 200, done.text);
      assert.deepEqual(JSON.parse(done.text), { accepted: 2, duplicate: false });
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        if (i > 0) await sleep(20);
        status = (await postEvents(server, agent, JSON.stringify(events(1)))).status;
      }
      assert.equal(status, 200, 'the slot is released after the response');

      const second = await holdAndProbe();
      second.held.response.catch(() => {});
      second.held.req.destroy();
      status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        if (i > 0) await sleep(20);
        status = (await postEvents(server, agent, JSON.stringify(events(1)))).status;
      }
      assert.equal(status, 200, 'an aborted upload gives its slot back');
    });

    it('marks a silent agent offline, and a heartbeat brings it back online', async () => {
      const { key } = await server.store.deployKeys.issue(server.creds.orgId);
      const res = await register(server.url, key, { hostname: 'quiet.internal' });
      const quiet: AgentCreds = { agentId: res.json.agentId, secret: res.json.secret };
      const statusOf = async () => (await server.request('GET', `/v2/agents/${quiet.agentId}`)).json.status;
      assert.equal(await statusOf(), 'online');
      let status = 'online';
      for (let i = 0; i < 100 && status === 'online'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await statusOf();
      }
      assert.equal(status, 'offline', 'the sweep marked it offline after 1 s of silence');
      assert.equal((await agentRequest(server.url, '/agent/v1/heartbeat', quiet)).status, 200);
      assert.equal(await statusOf(), 'online');
    });
  });
}
