import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { otherOrganization } from './helpers/fixtures.js';

for (const backend of ['memory', 'redis'] as const) {
  describe(`rate limits (${backend})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(backend === 'redis' ? 'postgres' : 'sqlite', {
        redis: backend === 'redis',
        config: { rateLimit: { perOrg: 5, perIp: 12, lockoutSeconds: 900 } },
      });
    });
    after(() => server.close());

    it('counts per organization, with headers on every response and 429 + Retry-After past the limit', async () => {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await server.request('GET', '/v2/agents?status=online');
        statuses.push(last.status);
        assert.equal(last.headers.get('x-rate-limit-limit'), '5');
        assert.match(last.headers.get('x-rate-limit-reset') ?? '', /^\d+$/);
        if (i < 5) assert.equal(last.headers.get('x-rate-limit-remaining'), String(4 - i));
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      assert.ok(Number(last!.headers.get('retry-after')) >= 1);
      assert.match(last!.json.errors[0], /Rate limit/);
      // another organization has its own budget
      const other = await otherOrganization(server.store);
      assert.equal((await server.request('GET', '/v2/agents?status=online', { creds: other.creds })).status, 200);
    });

    it('locks an IP out once it crosses its limit, even for valid requests of another org', async () => {
      const other = await otherOrganization(server.store);
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) {
        status = (await server.request('GET', '/help/hawk/self-test', { unsigned: true })).status;
      }
      assert.equal(status, 429);
      const locked = await server.request('GET', '/help/hawk/self-test', { creds: other.creds });
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.headers.get('retry-after')) > 800, 'about 15 minutes');
    });
  });
}
