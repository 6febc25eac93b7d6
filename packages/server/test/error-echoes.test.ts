/**
 * Error bodies answer with fixed text, never with what the caller put in grant_type, Hawk `ext`, the v1
 * `Organization` header or a token field name: a reflected value is a way to plant text in a trusted page or log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest } from './helpers/test-server.js';
import { v1Request } from './helpers/v1-client.js';
import { startThreatq, type ThreatqServer } from './threatq-support.js';

// Characters a Hawk attribute and a header value may carry, so the marker reaches the check unmangled.
const MARKER = 'zq-Marker-7f3a';

for (const dialect of DIALECTS) {
  describe(`error bodies do not echo caller input (${dialect})`, () => {
    let t: ThreatqServer;
    before(async () => {
      t = await startThreatq(dialect);
    });
    after(() => t.close());

    const assertNoMarker = (res: { status: number; headers: Headers; text: string }, what: string) => {
      assert.ok(!res.text.includes(MARKER), `${what}: ${res.text}`);
      for (const [name, value] of res.headers) assert.ok(!value.includes(MARKER), `${what}: header ${name}`);
    };

    it('POST /api/token: an unsupported grant_type or an odd field name is not repeated', async () => {
      for (const request of [
        { json: { grant_type: MARKER } },
        { form: { grant_type: `password ${MARKER}` } },
        { json: { grant_type: 'password', [MARKER]: 5 } },
      ]) {
        const res = await t.tq('POST', '/api/token', request);
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.error, /unsupported_grant_type|invalid_request/);
        assertNoMarker(res, JSON.stringify(request));
      }
    });

    it('REST v2: a Hawk ext naming an organization the user is not in is not repeated', async () => {
      const res = await hawkRequest(t.server.url, 'GET', '/v2/agents?status=online', { ...t.server.creds, orgId: MARKER });
      assert.equal(res.status, 401, res.text);
      assert.match(res.json.errors[0], /not a member of the organization in Hawk ext/);
      assertNoMarker(res, 'ext');
    });

    it('REST v1: an Organization header the user is not in is not repeated', async () => {
      const res = await v1Request(t.server.url, 'GET', '/api/v1/agents', { apiKey: t.server.creds.apiKey, orgId: MARKER });
      assert.equal(res.status, 401, res.text);
      assertNoMarker(res, 'Organization');
    });
  });
}
