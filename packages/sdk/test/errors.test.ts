import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { afterEach, describe, it } from 'node:test';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  VigilClient,
  VigilError,
} from '../src/index.js';
import { apiErrorFor } from '../src/errors.js';
import { FAKE_CREDS, startFakeApi, type FakeApi } from './helpers/fake-api.js';

describe('typed errors', () => {
  it('maps statuses to subclasses', () => {
    const table: Array<[number, typeof ApiError]> = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [413, PayloadTooLargeError],
      [415, BadRequestError],
      [429, RateLimitError],
      [500, InternalServerError],
      [503, InternalServerError],
    ];
    for (const [status, ErrorClass] of table) {
      const err = apiErrorFor({ status, method: 'GET', path: '/v2/x', errors: [] });
      assert.ok(err instanceof ErrorClass, `${status} → ${err.name}`);
      assert.ok(err instanceof ApiError && err instanceof VigilError);
      assert.equal(err.name, ErrorClass.name);
    }
    const teapot = apiErrorFor({ status: 418, method: 'GET', path: '/v2/x', errors: [] });
    assert.equal(teapot.constructor, ApiError);
    assert.equal(teapot.message, 'GET /v2/x: 418');
  });

  it('reads like "METHOD path: status reason: first error" and serializes without headers', () => {
    const err = apiErrorFor({ status: 404, method: 'GET', path: '/v2/agents/abc', errors: ['Agent not found', 'second'] });
    assert.equal(err.message, 'GET /v2/agents/abc: 404 Not Found: Agent not found');
    assert.deepEqual(JSON.parse(JSON.stringify(err)), {
      name: 'NotFoundError',
      message: 'GET /v2/agents/abc: 404 Not Found: Agent not found',
      status: 404,
      method: 'GET',
      path: '/v2/agents/abc',
      errors: ['Agent not found', 'second'],
    });
  });

  describe('never leak the key, the Authorization header or a Hawk MAC', () => {
    let fake: FakeApi | undefined;
    afterEach(() => fake?.close());

    it('even when the server echoes the Authorization header back', async () => {
      let authorization = '';
      fake = await startFakeApi((_n, request) => {
        authorization = String(request.headers.authorization);
        return {
          status: 400,
          headers: { 'server-authorization': 'Hawk mac="c2VjcmV0LW1hYw==", hash="x"', 'www-authenticate': 'Hawk ts="1", tsm="c2VjcmV0LXRzbQ=="' },
          body: { errors: [`bad header: ${authorization}`, `key was ${FAKE_CREDS.apiKey}`] },
        };
      });
      const client = new VigilClient({ userId: FAKE_CREDS.userId, apiKey: FAKE_CREDS.apiKey, organizationId: FAKE_CREDS.orgId, baseUrl: fake.url });
      const err = await client.rulesets.create({ name: 'x' }).catch((e: unknown) => e);
      assert.ok(err instanceof BadRequestError);
      const mac = /mac="([^"]+)"/.exec(authorization)![1]!;
      const views = [err.message, JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), String(err.stack), inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)];
      for (const view of views) {
        for (const secret of [FAKE_CREDS.apiKey, authorization, mac, 'c2VjcmV0LW1hYw==', 'c2VjcmV0LXRzbQ==']) {
          assert.ok(!view.includes(secret), `leaked ${secret.slice(0, 12)}… in ${view.slice(0, 80)}`);
        }
      }
      assert.match(err.errors[0]!, /^bad header: Hawk \[REDACTED\]/);
      assert.equal(err.errors[1], 'key was [REDACTED]');
      assert.equal(err.headers['server-authorization'], undefined);
      assert.equal(err.headers['content-type'], 'application/json; charset=utf-8');
    });

    it('in connection errors', async () => {
      const closed = await startFakeApi(() => ({ status: 200 }));
      const url = closed.url;
      await closed.close();
      const client = new VigilClient({ userId: 'u1', apiKey: 'a-very-secret-key-xyz', organizationId: 'o1', baseUrl: url, maxRetries: 0 });
      const err = await client.agents.list({ status: 'online' }).catch((e: unknown) => e);
      const text = inspect(err, { depth: 10, showHidden: true }) + JSON.stringify(err);
      assert.ok(!text.includes('a-very-secret-key-xyz'));
      assert.ok(!/Hawk id=/.test(text));
    });
  });
});
