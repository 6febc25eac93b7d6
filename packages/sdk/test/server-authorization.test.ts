import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from '@vigil/server/testing';
import { ServerAuthorizationError, VigilClient } from '../src/index.js';
import { FAKE_CREDS, startFakeApi } from './helpers/fake-api.js';

type Tamper = 'none' | 'body' | 'header' | 'strip';

/** A pass-through proxy on 127.0.0.1:0 to a real server that can alter what comes back. */
async function startTamperingProxy(target: string) {
  const state = { mode: 'none' as Tamper, requests: 0 };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    // The Host header is forwarded as is: the client signed the proxy's host and port.
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...up.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          const sa = headers['server-authorization'];
          if (state.mode === 'body') body = Buffer.from(body.toString('utf8').replace('"online"', '"offline"'));
          if (state.mode === 'header' && typeof sa === 'string') headers['server-authorization'] = sa.replace(/mac="[^"]{4}/, 'mac="AAAA');
          if (state.mode === 'strip') delete headers['server-authorization'];
          res.writeHead(up.statusCode!, headers).end(body);
        });
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

for (const dialect of DIALECTS) {
  describe(`Server-Authorization is verified (${dialect})`, () => {
    let server: TestServer;
    let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
    let agentId: string;
    const client = (verify = true) =>
      new VigilClient({
        userId: server.creds.userId,
        apiKey: server.creds.apiKey,
        organizationId: server.creds.orgId,
        baseUrl: proxy.url,
        verifyServerAuthorization: verify,
      });

    before(async () => {
      server = await startTestServer(dialect);
      proxy = await startTamperingProxy(server.url);
      const agent = await server.store.agents.create({
        orgId: server.creds.orgId, instanceId: 'i-sa', status: 'online', lastReportedAt: Date.now(), version: '1', name: 'sa',
        description: '', hostname: 'sa.internal', ipAddresses: { private: [], link_local: [], public: [] }, tags: [],
        agentType: 'investigate', osVersion: 'x', kernel: 'y', agentModuleHealth: { isHealthy: true },
      });
      agentId = agent.id;
    });
    after(async () => {
      await proxy?.close();
      await server?.close();
    });

    it('passes an untouched answer through the proxy', async () => {
      proxy.state.mode = 'none';
      assert.equal((await client().agents.retrieve(agentId)).status, 'online');
    });

    for (const mode of ['body', 'header', 'strip'] as const) {
      it(`refuses an answer whose ${mode === 'strip' ? 'header was removed' : mode + ' was altered'}, without retrying`, async () => {
        proxy.state.mode = mode;
        const before = proxy.state.requests;
        await assert.rejects(client().agents.retrieve(agentId), (err: unknown) => {
          assert.ok(err instanceof ServerAuthorizationError, String(err));
          assert.equal(err.status, 200);
          assert.match(err.message, new RegExp(`^GET /v2/agents/${agentId}: 200 response failed Server-Authorization check`));
          assert.ok(!JSON.stringify(err).includes(server.creds.apiKey));
          return true;
        });
        assert.equal(proxy.state.requests - before, 1);
      });
    }

    it('accepts the altered answer only when verification is switched off', async () => {
      proxy.state.mode = 'body';
      assert.equal((await client(false).agents.retrieve(agentId)).status, 'offline');
    });
  });
}

describe('Server-Authorization (fake server)', () => {
  it('refuses a MAC over a different body and a missing header', async () => {
    for (const signature of ['tampered', 'none'] as const) {
      const fake = await startFakeApi(() => ({ status: 200, body: { rulesets: [], token: null }, signature }));
      try {
        const client = new VigilClient({ userId: FAKE_CREDS.userId, apiKey: FAKE_CREDS.apiKey, organizationId: FAKE_CREDS.orgId, baseUrl: fake.url });
        await assert.rejects(client.rulesets.list(), ServerAuthorizationError);
        assert.equal(fake.requests.length, 1);
      } finally {
        await fake.close();
      }
    }
  });
});
