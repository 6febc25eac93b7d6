import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AgentClient, AuthenticationError, type AgentConfig } from '@vigil/sdk';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization } from './helpers/fixtures.js';
import { registerAgent } from './helpers/agent-client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const fileRule = (over: Record<string, unknown> = {}) => ({
  name: `Watch ${Math.random().toString(16).slice(2, 8)}`,
  type: 'File',
  title: '{{filename}} changed',
  severityOfAlerts: 1,
  alertDescription: 'watched file changed',
  aggregateFields: ['filename'],
  window: 3600,
  threshold: 1,
  filter: '',
  fileIntegrityPaths: [{ path: '/srv/app/config/', recursive: true }],
  ignoreFiles: ['/srv/app/config/**.swp', '/srv/app/config/cache'],
  eventsToMonitor: ['MODIFY', 'delete'],
  enabled: true,
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`GET /agent/v1/config (${dialect})`, () => {
    let server: TestServer;
    let client: AgentClient;
    let rulesetId: string;

    before(async () => {
      server = await startTestServer(dialect, {
        config: { agents: { heartbeatSeconds: 30, configPollSeconds: 20, procScanSeconds: 2, sources: ['audit', 'fim'] } },
      });
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      const agent = await registerAgent(server.url, deployKey, { tags: [{ source: 'ec2', key: 'env', value: 'prod' }] });
      client = new AgentClient({ baseUrl: server.url, ...agent, maxRetries: 0 });
      const rs = await server.request('POST', '/v2/rulesets', { body: { name: 'FIM test set', description: '', ruleIds: [] } });
      assert.equal(rs.status, 200, rs.text);
      rulesetId = rs.json.id;
    });
    after(() => server.close());

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await server.request(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${res.text}`);
      return res.json;
    };
    const current = async () => {
      const answer = await client.config();
      assert.equal(answer.notModified, false);
      return answer as { etag: string; config: AgentConfig };
    };
    const watching = (config: AgentConfig, path: string) => config.fileIntegrity.paths.filter((p) => p.path === path);

    it('tells the intervals and sources set on the server, with a strong ETag; the same ETag back answers 304', async () => {
      const { etag, config } = await current();
      assert.deepEqual([config.heartbeatSeconds, config.configPollSeconds, config.procScanSeconds, config.sources], [30, 20, 2, ['audit', 'fim']]);
      assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/);
      assert.deepEqual(await client.config({ etag }), { notModified: true, etag });
      assert.equal((await client.config({ etag: '"stale"' })).notModified, false);
    });

    it('a File rule added, changed and disabled changes the watched paths and the ETag', async () => {
      const before = await current();
      assert.deepEqual(watching(before.config, '/srv/app/config'), []);

      const rule = await api('POST', `/v2/rulesets/${rulesetId}/rules`, fileRule());
      const added = await current();
      assert.notEqual(added.etag, before.etag);
      assert.deepEqual(watching(added.config, '/srv/app/config'), [
        { path: '/srv/app/config', recursive: true, ignoreFiles: ['/srv/app/config/**.swp', '/srv/app/config/cache'], eventsToMonitor: ['delete', 'modify'] },
      ]);
      assert.deepEqual(await client.config({ etag: added.etag }), { notModified: true, etag: added.etag });

      await api('PUT', `/v2/rulesets/${rulesetId}/rules/${rule.id}`, fileRule({ name: rule.name, eventsToMonitor: ['ALL'], fileIntegrityPaths: [{ path: '/srv/app/config', recursive: false }] }));
      const changed = await current();
      assert.notEqual(changed.etag, added.etag);
      assert.deepEqual(watching(changed.config, '/srv/app/config').map((p) => [p.recursive, p.eventsToMonitor]), [[false, ['attrib', 'delete', 'modify', 'open']]]);
      assert.equal((await client.config({ etag: added.etag })).notModified, false, 'the old ETag no longer matches');

      await api('PUT', `/v2/rulesets/${rulesetId}/rules/${rule.id}`, fileRule({ name: rule.name, enabled: false }));
      const disabled = await current();
      assert.deepEqual(watching(disabled.config, '/srv/app/config'), []);
      assert.equal(disabled.etag, before.etag, 'the same rules give the same configuration and ETag');
    });

    it("only the rules that apply to the agent by their tags, and never another organization's rules", async () => {
      const other = await otherOrganization(server.store);
      const theirSet = await server.request('POST', '/v2/rulesets', { creds: other.creds, body: { name: 'Theirs', description: '', ruleIds: [] } });
      assert.equal(theirSet.status, 200, theirSet.text);
      const theirs = await server.request('POST', `/v2/rulesets/${theirSet.json.id}/rules`, { creds: other.creds, body: fileRule({ fileIntegrityPaths: [{ path: '/their/secret', recursive: true }] }) });
      assert.equal(theirs.status, 200, theirs.text);

      const staging = await api('POST', `/v2/rulesets/${rulesetId}/rules`, fileRule({ fileIntegrityPaths: [{ path: '/only/staging', recursive: false }] }));
      await api('PUT', `/v2/rules/${staging.id}/tags`, { inclusion: [{ source: '', key: 'env', value: 'staging' }], exclusion: [] });
      const prod = await api('POST', `/v2/rulesets/${rulesetId}/rules`, fileRule({ fileIntegrityPaths: [{ path: '/only/prod', recursive: false }] }));
      await api('PUT', `/v2/rules/${prod.id}/tags`, { inclusion: [{ source: 'ec2', key: 'env', value: 'prod' }], exclusion: [] });

      const { config } = await current();
      const paths = config.fileIntegrity.paths.map((p) => p.path);
      assert.ok(paths.includes('/only/prod'), paths.join());
      assert.ok(!paths.includes('/only/staging'), paths.join());
      assert.ok(!paths.includes('/their/secret'), paths.join());
    });

    it('refuses an unsigned request and a wrong secret with 401', async () => {
      const unsigned = await fetch(`${server.url}/agent/v1/config`);
      assert.equal(unsigned.status, 401);
      const wrong = new AgentClient({ baseUrl: server.url, agentId: client.agentId, secret: 'not-the-secret', maxRetries: 0 });
      await assert.rejects(wrong.config(), AuthenticationError);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, any> };
      const op = doc.paths['/agent/v1/config']?.get;
      assert.ok(op, 'GET /agent/v1/config is documented');
      assert.ok(op.responses['200'] && op.responses['304'] && op.responses['401']);
    });
  });
}
