/**
 * `ThreatLibraryClient` against a real server on both databases: logins with both grants, token renewal
 * (before expiry and after a 401), indicators end to end, bulk consume in chunks, bad input and
 * another organization's ids as typed errors, and no secret in any error or printed client.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, PASSWORD, startThreatq, type ThreatqServer } from '@vigil/server/testing/threatq';
import {
  AuthenticationError,
  BadRequestError,
  ConfigError,
  NotFoundError,
  PermissionDeniedError,
  ThreatLibraryClient,
  type TqIndicatorInput,
} from '../src/index.js';

/** A fetch that records the grant of each token request (never its secrets). */
function recordingFetch() {
  const grants: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname === '/api/token') grants.push(new URLSearchParams(String(init?.body ?? '')).get('grant_type') ?? '?');
    return fetch(input, init);
  };
  return { grants, fetch: fetchFn };
}

for (const dialect of DIALECTS) {
  describe(`SDK threat library client (${dialect})`, () => {
    let t: ThreatqServer;
    let tq: ThreatLibraryClient;
    const passwordClient = (over: Partial<ConstructorParameters<typeof ThreatLibraryClient>[0]> = {}) =>
      new ThreatLibraryClient({ baseUrl: t.server.url, email: t.email, password: PASSWORD, clientId: t.clientId, maxRetries: 0, ...over });

    before(async () => {
      t = await startThreatq(dialect);
      tq = passwordClient();
    });
    after(() => t.close());

    it('creates, lists page by page, retrieves, updates and deletes indicators', async () => {
      const created = await tq.indicators.create(
        [
          { value: 'hxxp://evil[.]example/a', type: 'URL', status: 'Active', sources: [{ name: 'Feed A' }] },
          { value: '80.85.158.121', type: 'IP Address', status: 'Review', tags: ['c2'] },
          { value: 'bad.example', type: 'FQDN' },
        ],
        { with: ['sources'] },
      );
      assert.equal(created.total, 3);
      const url = created.data[0]!;
      assert.equal(url.value, 'http://evil.example/a');
      assert.deepEqual(url.sources?.map((s) => s.name), ['Feed A']);

      const first = await tq.indicators.list({ limit: 2, sort: 'id' });
      assert.equal(first.items.length, 2);
      assert.equal(first.raw.total, 3);
      const all: string[] = [];
      for await (const i of tq.indicators.list({ limit: 2, sort: 'id' })) all.push(i.value);
      assert.deepEqual(all, ['http://evil.example/a', '80.85.158.121', 'bad.example']);
      const found = await tq.indicators.list({ value: 'hxxp://evil[.]example/a', type: 'URL' }).toArray({ limit: 10 });
      assert.deepEqual(found.map((i) => i.id), [url.id]);

      const one = await tq.indicators.retrieve(url.id, { with: ['status', 'score'] });
      assert.equal(one.status?.name, 'Active');
      const updated = await tq.indicators.update(url.id, { status: 'Whitelisted', description: 'our CDN' });
      assert.equal(updated.description, 'our CDN');
      assert.equal((await tq.indicators.retrieve(url.id, { with: ['status'] })).status?.name, 'Whitelisted');

      await tq.indicators.delete(url.id);
      await assert.rejects(tq.indicators.retrieve(url.id), NotFoundError);
      await assert.rejects(tq.indicators.delete(url.id), NotFoundError);
    });

    it('reads the type and status vocabularies', async () => {
      const types = await tq.indicators.types();
      assert.equal(types.length, 34);
      assert.ok(types.some((x) => x.name === 'IP Address'));
      const statuses = await tq.indicators.statuses();
      assert.deepEqual(statuses.map((s) => s.name).sort(), ['Active', 'Expired', 'Indirect', 'Review', 'Whitelisted']);
    });

    it('consumes an iterable in chunks; a refused chunk throws and stores nothing of itself', async () => {
      async function* feed(): AsyncGenerator<TqIndicatorInput> {
        for (let i = 1; i <= 5; i++) yield { value: `10.9.0.${i}`, type: 'IP Address', sources: [{ name: 'Bulk' }] };
      }
      const progress: number[] = [];
      const result = await tq.indicators.consume(feed(), { chunkSize: 2, onChunk: (p) => progress.push(p.stored) });
      assert.deepEqual(result, { stored: 5, chunks: 3 });
      assert.deepEqual(progress, [2, 4, 5]);
      const stored = await tq.indicators.list({ value: '10.9.0.5' });
      assert.equal(stored.items.length, 1);

      const bad: TqIndicatorInput[] = [
        { value: '10.8.0.1', type: 'IP Address' },
        { value: '10.8.0.2', type: 'IP Address' },
        { value: '10.8.0.3', type: 'IP Address' },
        { value: 'not-an-ip', type: 'IP Address' },
      ];
      const err = await tq.indicators.consume(bad, { chunkSize: 2 }).catch((e) => e);
      assert.ok(err instanceof BadRequestError, String(err));
      assert.match(err.errors[0], /\[1\]\.value/);
      assert.equal((await tq.indicators.list({ value: '10.8.0.1' })).items.length, 1, 'the first chunk stays stored');
      assert.equal((await tq.indicators.list({ value: '10.8.0.3' })).items.length, 0, 'the refused chunk stored nothing');
      await assert.rejects(tq.indicators.consume([], { chunkSize: 2001 }), RangeError);
    });

    it('answers bad input and other organizations\' ids with typed errors, changing nothing', async () => {
      const [ip] = (await tq.indicators.create({ value: '192.0.2.77', type: 'IP Address' })).data;
      await assert.rejects(tq.indicators.create({ value: 'nope', type: 'IP Address' }), (e: unknown) => e instanceof BadRequestError && /value/.test(e.message));
      await assert.rejects(tq.indicators.update(ip!.id, { status: 'Nonsense' }), BadRequestError);
      await assert.rejects(tq.indicators.list({ sort: 'colour' }).then((p) => p.items), BadRequestError);
      await assert.rejects(tq.indicators.retrieve(999_999), NotFoundError);
      await assert.rejects(tq.indicators.retrieve(0), TypeError);

      const other = await otherOrganization(t);
      await t.server.store.passwords.set(other.userId, 'another password!');
      const user = (await t.server.store.users.get(other.userId))!;
      const outsider = new ThreatLibraryClient({ baseUrl: t.server.url, email: user.email, password: 'another password!', clientId: other.clientId });
      await assert.rejects(outsider.indicators.retrieve(ip!.id), NotFoundError);
      await assert.rejects(outsider.indicators.update(ip!.id, { status: 'Active' }), NotFoundError);
      await assert.rejects(outsider.indicators.delete(ip!.id), NotFoundError);
      assert.equal((await tq.indicators.retrieve(ip!.id, { with: ['status'] })).status?.name, 'Review');
    });

    it('logs in with client credentials and manages OAuth clients (owners only)', async () => {
      const machine = new ThreatLibraryClient({ baseUrl: `${t.server.url}/api/`, clientId: t.clientId, clientSecret: t.clientSecret });
      assert.equal(machine.grant, 'client_credentials');
      const created = await machine.oauthClients.create({ name: 'SIEM' });
      assert.ok(created.client_secret);
      const listed = await machine.oauthClients.list();
      assert.ok(listed.some((c) => c.client_id === created.client_id && c.client_secret === undefined));
      const siem = new ThreatLibraryClient({ baseUrl: t.server.url, clientId: created.client_id, clientSecret: created.client_secret! });
      assert.ok((await siem.indicators.types()).length > 0);
      await machine.oauthClients.revoke(created.client_id);
      await assert.rejects(siem.indicators.types(), AuthenticationError);
      await assert.rejects(machine.oauthClients.revoke('no-such-client'), NotFoundError);
      await assert.rejects(machine.oauthClients.create({ name: '' }), BadRequestError);

      const reader = await otherOrganization(t, 'reader');
      await t.server.store.passwords.set(reader.userId, 'reader password!');
      const email = (await t.server.store.users.get(reader.userId))!.email;
      const readOnly = new ThreatLibraryClient({ baseUrl: t.server.url, email, password: 'reader password!', clientId: reader.clientId });
      await assert.rejects(readOnly.indicators.create({ value: '192.0.2.1', type: 'IP Address' }), PermissionDeniedError);
      await assert.rejects(readOnly.oauthClients.list(), PermissionDeniedError);
    });

    it('refuses wrong credentials with an AuthenticationError that holds no secret', async () => {
      const wrong = passwordClient({ password: 'wrong-password-123' });
      const err = await wrong.indicators.types().catch((e) => e);
      assert.ok(err instanceof AuthenticationError, String(err));
      assert.equal(err.path, '/api/token');
      const shown = `${err.message} ${JSON.stringify(err)} ${inspect(err)} ${inspect(wrong)} ${JSON.stringify(wrong)}`;
      assert.ok(!shown.includes('wrong-password-123'));

      const badSecret = new ThreatLibraryClient({ baseUrl: t.server.url, clientId: t.clientId, clientSecret: 'not-the-secret-456' });
      const err2 = await badSecret.indicators.types().catch((e) => e);
      assert.ok(err2 instanceof AuthenticationError, String(err2));
      assert.ok(!`${err2.message} ${JSON.stringify(err2)} ${inspect(err2)}`.includes('not-the-secret-456'));
      const unknownClient = passwordClient({ clientId: 'no-such-client' });
      await assert.rejects(unknownClient.indicators.types(), AuthenticationError);

      assert.ok(!inspect(tq).includes(PASSWORD) && !JSON.stringify(tq).includes(PASSWORD));
      assert.throws(() => new ThreatLibraryClient({ baseUrl: t.server.url, email: t.email, clientId: t.clientId }), ConfigError);
      assert.throws(() => new ThreatLibraryClient({ baseUrl: t.server.url, clientId: t.clientId }), ConfigError);
      assert.throws(() => new ThreatLibraryClient({ baseUrl: 'ftp://x', clientId: 'a', clientSecret: 'b' }), ConfigError);
      assert.throws(() => ThreatLibraryClient.fromEnv({ VIGIL_INTEL_URL: t.server.url }), ConfigError);
    });

    it('renews the access token with the refresh token before it expires', async () => {
      const rec = recordingFetch();
      // a margin longer than the token's lifetime: every call finds the token due for renewal
      const eager = passwordClient({ fetch: rec.fetch, refreshMarginSec: 7200 });
      await eager.indicators.types();
      await eager.indicators.statuses();
      await eager.indicators.list({ limit: 1 });
      assert.deepEqual(rec.grants, ['password', 'refresh_token', 'refresh_token']);

      const lazy = recordingFetch();
      const normal = passwordClient({ fetch: lazy.fetch });
      await Promise.all([normal.indicators.types(), normal.indicators.statuses(), normal.indicators.list()]);
      await normal.indicators.types();
      assert.deepEqual(lazy.grants, ['password'], 'one login shared by concurrent calls, no renewal while valid');
    });

    it('renews once after a 401 (tokens revoked): refresh refused, so it logs in again', async () => {
      const rec = recordingFetch();
      const client = passwordClient({ fetch: rec.fetch });
      await client.indicators.types();
      await t.server.store.oauth.revokeForUser(t.server.creds.userId);
      assert.ok((await client.indicators.statuses()).length === 5);
      assert.deepEqual(rec.grants, ['password', 'refresh_token', 'password']);
      assert.equal(client.tokenRequests, 3);
    });

    it('queries with cursorMark paging, imports free text and exports STIX and CSV', async () => {
      await tq.indicators.create([1, 2, 3, 4, 5].map((n) => ({ value: `q${n}.cursor.example`, type: 'FQDN' })));
      const criteria = { criteria: { value: { '+contains': '.cursor.example' } } };
      const first = await tq.indicators.query(criteria, { limit: 2, sort: 'id' });
      assert.equal(first.items.length, 2);
      assert.ok(first.token, 'a nextCursorMark');
      const values: string[] = [];
      for await (const i of tq.indicators.query(criteria, { limit: 2, sort: 'id' })) values.push(i.value);
      assert.deepEqual(values, [1, 2, 3, 4, 5].map((n) => `q${n}.cursor.example`));
      await assert.rejects(tq.indicators.query({ criteria: { colour: 'red' } }).then((p) => p.items), BadRequestError);

      const imported = await tq.indicators.importText({ text: 'Seen: 198.51.100.77 and hxxp://drop[.]example/x', import_source: 'Notes' });
      assert.equal(imported.data.found, 2);
      assert.equal((await tq.indicators.list({ value: '198.51.100.77' })).items.length, 1);
      await assert.rejects(tq.indicators.importText({ text: '' }), BadRequestError);

      const bundle = await tq.indicators.exportStix({ type: 'FQDN', value: 'q1.cursor.example' });
      assert.equal(bundle.type, 'bundle');
      assert.ok(bundle.objects.some((o) => typeof o.pattern === 'string' && o.pattern.includes('q1.cursor.example')));
      const csv = await tq.indicators.exportCsv({ type: 'FQDN' });
      assert.match(csv, /q3\.cursor\.example/);
      await assert.rejects(tq.indicators.exportCsv({ type: 'Nonsense' }), BadRequestError);
    });

    it('fromEnv reads the VIGIL_INTEL_* variables', async () => {
      const client = ThreatLibraryClient.fromEnv({
        VIGIL_INTEL_URL: t.server.url,
        VIGIL_INTEL_CLIENT_ID: t.clientId,
        VIGIL_INTEL_CLIENT_SECRET: t.clientSecret,
      });
      assert.equal((await client.indicators.statuses()).length, 5);
    });
  });
}
