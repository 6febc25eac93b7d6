/**
 * ThreatQ's multi-step request shapes over real HTTP on both databases: the staged import of threatqsdk
 * (`POST /api/imports` with a parser id, `PUT` options, `…/indicators`, `…/commit`, `DELETE`; multipart and
 * attachment sources), custom event types, resumable attachment uploads with sources and tags, and comments
 * inside indicator create/consume bodies. Bad input, readers, other organizations and limits change nothing.
 */
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const MAX_BYTES = 4096;
const REPORT = 'The dropper at hxxp://bad-cdn[.]example/x.bin called 203.0.113[.]9 and evil-c2.example.net.';

/** A reader (or user) of the test server's own organization, with a bearer token. */
async function memberOf(t: ThreatqServer, role: 'reader' | 'user') {
  const store = t.server.store;
  const user = await store.users.create({ email: `${role}-${randomBytes(4).toString('hex')}@example.com`, displayName: role });
  await store.memberships.upsert(t.server.creds.orgId, user.id, role);
  const { client } = await store.oauth.createClient({ orgId: t.server.creds.orgId, userId: user.id, name: role });
  const pair = await store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId: t.server.creds.orgId, grantType: 'password', accessTtlSec: 3600, refreshTtlSec: 3600 });
  return pair.accessToken;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ multi-step shapes`, () => {
    let t: ThreatqServer;
    let token: string;
    let other: Awaited<ReturnType<typeof otherOrganization>>;
    let reader: string;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { attachmentMaxBytes: MAX_BYTES, consumeMaxItems: 20 } });
      token = await t.login();
      other = await otherOrganization(t);
      reader = await memberOf(t, 'reader');
    });
    after(() => t.close());

    const total = async (path: string, tok = token) => (await t.tq('GET', path, { token: tok })).json.total as number;

    async function multipart(path: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }, tok = token) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file) form.append('file', new Blob([file.bytes], { type: 'application/octet-stream' }), file.name);
      const res = await fetch(`${t.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: form });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
    }

    it('documents every new route in /openapi.json', async () => {
      const doc: any = await (await fetch(`${t.server.url}/openapi.json`)).json();
      const expected: Array<[string, string[]]> = [
        ['/api/imports', ['post']],
        ['/api/imports/{id}', ['get', 'put', 'delete']],
        ['/api/imports/{id}/indicators', ['get']],
        ['/api/imports/{id}/commit', ['get']],
        ['/api/event/types', ['get', 'post']],
        ['/api/attachments/upload', ['post']],
        ['/api/attachments/{id}/sources', ['get', 'post']],
        ['/api/attachments/{id}/tags', ['get', 'post']],
        ['/api/attachments/{id}/sources/{subId}', ['delete']],
        ['/api/attachments/{id}/tags/{subId}', ['delete']],
      ];
      for (const [path, methods] of expected) {
        for (const method of methods) {
          const op = doc.paths[path]?.[method];
          assert.ok(op, `${method} ${path}`);
          assert.deepEqual(op.tags, ['ThreatQ'], `${method} ${path}`);
          assert.ok(op.summary, `${method} ${path} has a summary`);
        }
      }
    });

    describe('staged import', () => {
      it('lists Generic Text as the parser', async () => {
        const res = await t.tq('GET', '/api/attachments/types?is_parsable=Y', { token });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json.data, [{ id: 6, name: 'Generic Text', is_parsable: 'Y', parser_class: 'GenericText' }]);
        assert.equal((await t.tq('GET', '/api/attachments/types', { token })).json.total, 24);
        assert.equal((await t.tq('GET', '/api/attachments/types?is_parsable=maybe', { token })).status, 400);
      });

      it('runs import_text: stage, set options, list, commit once', async () => {
        const before = await total('/api/indicators');
        const staged = await t.tq('POST', '/api/imports', { token, json: { content_type_id: 6, text: REPORT, normalize: 'N' } });
        assert.equal(staged.status, 201, staged.text);
        const job = staged.json.data;
        assert.ok(Number.isInteger(job.id));
        assert.deepEqual([job.status, job.indicator_count, job.normalize, job.content_type_id, job.indicator_global_status], ['pending', 3, 'N', 6, 4]);
        assert.equal(await total('/api/indicators'), before, 'nothing is stored before the commit');

        const put = await t.tq('PUT', `/api/imports/${job.id}`, { token, json: { delete_after_import: 0, import_source: 'IR notes', indicator_global_status: 1, normalize: 'Y' } });
        assert.equal(put.status, 200, put.text);
        assert.deepEqual([put.json.data.import_source, put.json.data.indicator_global_status, put.json.data.normalize], ['IR notes', 1, 'Y']);

        const pending = await t.tq('GET', `/api/imports/${job.id}/indicators`, { token });
        assert.equal(pending.status, 200, pending.text);
        assert.deepEqual(
          pending.json.data.map((i: any) => [i.type.name, i.value]).sort(),
          [['FQDN', 'evil-c2.example.net'], ['IP Address', '203.0.113.9'], ['URL', 'http://bad-cdn.example/x.bin']],
        );

        const commit = await t.tq('GET', `/api/imports/${job.id}/commit`, { token });
        assert.equal(commit.status, 200, commit.text);
        assert.deepEqual([commit.json.data.status, commit.json.data.found, commit.json.data.created, commit.json.data.existing], ['committed', 3, 3, 0]);
        const ip = await t.tq('GET', '/api/indicators?value=203.0.113.9&with=sources,status', { token });
        assert.deepEqual([ip.json.data[0].status.name, ip.json.data[0].sources[0].name], ['Active', 'IR notes']);

        const again = await t.tq('GET', `/api/imports/${job.id}/commit`, { token });
        assert.equal(again.status, 409, again.text);
        assert.equal((await t.tq('PUT', `/api/imports/${job.id}`, { token, json: { import_source: 'late' } })).status, 409);
        assert.equal(await total('/api/indicators'), before + 3);
        assert.equal((await t.tq('GET', `/api/imports/${job.id}`, { token })).json.data.created, 3);
      });

      it('defaults to Review and the default source; known indicators keep their status; DELETE discards', async () => {
        await t.tq('POST', '/api/indicators', { token, json: { value: 'kept.example.org', type: 'FQDN', status: 'Whitelisted' } });
        const staged = await t.tq('POST', '/api/imports', { token, json: { content_type_id: '6', text: 'kept.example.org and new-one.example.org' } });
        const commit = await t.tq('GET', `/api/imports/${staged.json.data.id}/commit`, { token });
        assert.equal(commit.status, 200, commit.text);
        const byValue = Object.fromEntries(commit.json.data.indicators.map((i: any) => [i.value, [i.status_id, i.import_result]]));
        assert.deepEqual(byValue, { 'kept.example.org': [5, 'existing'], 'new-one.example.org': [4, 'created'] });
        const src = await t.tq('GET', '/api/indicators?value=new-one.example.org&with=sources', { token });
        assert.equal(src.json.data[0].sources[0].name, 'Free-text import');

        // import_text2: stage, list, discard — nothing stored.
        const before = await total('/api/indicators');
        const discard = await t.tq('POST', '/api/imports', { token, json: { content_type_id: 6, text: 'discard-me.example.org' } });
        assert.equal((await t.tq('DELETE', `/api/imports/${discard.json.data.id}`, { token })).status, 204);
        assert.equal((await t.tq('GET', `/api/imports/${discard.json.data.id}/indicators`, { token })).status, 404);
        assert.equal((await t.tq('GET', `/api/imports/${discard.json.data.id}/commit`, { token })).status, 404);
        assert.equal((await t.tq('DELETE', `/api/imports/${discard.json.data.id}`, { token })).status, 404);
        assert.equal(await total('/api/indicators'), before);
      });

      it('imports a multipart file (import_file) and an attachment (parse_and_import, delete_after_import)', async () => {
        const file = new TextEncoder().encode('beacon to 198.51.100.77 and filehost.example.com');
        const staged = await multipart('/api/imports', { resumableIdentifier: '1-report', resumableRelativePath: 'r.txt', resumableTotalChunks: '1', resumableFilename: 'r.txt', content_type_id: '6' }, { bytes: file, name: 'blob' });
        assert.equal(staged.status, 201, staged.text);
        assert.equal(staged.json.data.indicator_count, 2);
        await t.tq('PUT', `/api/imports/${staged.json.data.id}`, { token, json: { delete_after_import: false, import_source: { name: 'File drop' }, indicator_global_status: 'Review' } });
        const commit = await t.tq('GET', `/api/imports/${staged.json.data.id}/commit`, { token });
        assert.equal(commit.json.data.created, 2, commit.text);

        const chunked = await multipart('/api/imports', { content_type_id: '6', resumableTotalChunks: '2' }, { bytes: file, name: 'blob' });
        assert.equal(chunked.status, 400, chunked.text);

        const up = await multipart('/api/attachments', { type: 'Generic Text' }, { bytes: new TextEncoder().encode('see 192.0.2.200'), name: 'notes.txt' });
        assert.equal(up.status, 201, up.text);
        const fromFile = await t.tq('POST', '/api/imports', { token, json: { attachment_id: up.json.data.id, normalize: true, content_type_id: 6 } });
        assert.equal(fromFile.status, 201, fromFile.text);
        assert.equal(fromFile.json.data.attachment_id, up.json.data.id);
        await t.tq('PUT', `/api/imports/${fromFile.json.data.id}`, { token, json: { delete_after_import: true, import_source: 'Notes', indicator_global_status: 4 } });
        assert.equal((await t.tq('GET', `/api/imports/${fromFile.json.data.id}/commit`, { token })).json.data.created, 1);
        assert.equal((await t.tq('GET', `/api/attachments/${up.json.data.id}`, { token })).status, 404, 'deleted after the import');
        assert.equal((await t.tq('POST', '/api/imports', { token, json: { attachment_id: 999999, content_type_id: 6 } })).status, 404);
      });

      it('keeps import jobs inside their organization and away from readers', async () => {
        const staged = await t.tq('POST', '/api/imports', { token, json: { content_type_id: 6, text: 'private.example.org' } });
        const id = staged.json.data.id;
        for (const [method, path, json] of [
          ['GET', `/api/imports/${id}`, undefined],
          ['GET', `/api/imports/${id}/indicators`, undefined],
          ['PUT', `/api/imports/${id}`, { import_source: 'x' }],
          ['GET', `/api/imports/${id}/commit`, undefined],
          ['DELETE', `/api/imports/${id}`, undefined],
        ] as const) {
          assert.equal((await t.tq(method, path, { token: other.token, json })).status, 404, `${method} ${path}`);
        }
        for (const [method, path, json] of [
          ['POST', '/api/imports', { content_type_id: 6, text: 'r.example.org' }],
          ['PUT', `/api/imports/${id}`, { import_source: 'x' }],
          ['GET', `/api/imports/${id}/commit`, undefined],
          ['DELETE', `/api/imports/${id}`, undefined],
        ] as const) {
          assert.equal((await t.tq(method, path, { token: reader, json })).status, 403, `${method} ${path}`);
        }
        assert.equal((await t.tq('GET', `/api/imports/${id}/indicators`, { token: reader })).status, 200);
        const job = await t.tq('GET', `/api/imports/${id}`, { token });
        assert.deepEqual([job.json.data.status, job.json.data.import_source], ['pending', null]);
        assert.equal(await total('/api/indicators?value=private.example.org'), 0);
      });

      it('refuses bad staged imports and changes nothing', async () => {
        const before = await total('/api/indicators');
        const cases: Array<[unknown, number, RegExp]> = [
          [{ content_type_id: 21, text: '10.1.1.1' }, 400, /content_type_id/],
          [{ content_type_id: null, text: '10.1.1.1' }, 400, /content_type_id/],
          [{ content_type_id: 6 }, 400, /text/],
          [{ content_type_id: 6, text: 42 }, 400, /text/],
          [{ content_type_id: 6, text: '10.1.1.1', normalize: 'maybe' }, 400, /normalize/],
          [{ content_type_id: 6, text: '10.1.1.1', indicator_global_status: 99 }, 400, /status/],
          [{ content_type_id: 6, attachment_id: 'abc' }, 400, /attachment_id/],
          [{ content_type_id: 6, text: Array.from({ length: 21 }, (_, i) => `10.7.0.${i + 1}`).join(' ') }, 413, /21; at most 20/],
        ];
        for (const [body, status, message] of cases) {
          const res = await t.tq('POST', '/api/imports', { token, json: body });
          assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
          assert.match(res.json.errors.join(' '), message);
        }
        const staged = await t.tq('POST', '/api/imports', { token, json: { content_type_id: 6, text: '10.1.1.1' } });
        for (const body of [{}, [], { indicator_global_status: 'Nope' }, { import_source: '' }, { delete_after_import: 'x' }]) {
          assert.equal((await t.tq('PUT', `/api/imports/${staged.json.data.id}`, { token, json: body })).status, 400, JSON.stringify(body));
        }
        const flagReason = 'must be "Y" or "N" (or true/false, 1/0)';
        const worded: Array<[string, unknown, string]> = [
          ['PUT', [], 'Request body must be an object {delete_after_import, import_source, indicator_global_status, normalize}'],
          ['PUT', { delete_after_import: 'x' }, `Invalid value for body field delete_after_import: ${flagReason}`],
          ['PUT', { normalize: 2 }, `Invalid value for body field normalize: ${flagReason}`],
          ['PUT', { normalize: null }, `Invalid value for body field normalize: ${flagReason}`],
          ['POST', { content_type_id: 6, text: '10.1.1.1', normalize: 'maybe' }, `Invalid value for body field normalize: ${flagReason}`],
        ];
        for (const [method, body, message] of worded) {
          const res = await t.tq(method, method === 'PUT' ? `/api/imports/${staged.json.data.id}` : '/api/imports', { token, json: body });
          assert.deepEqual([res.status, res.json.errors], [400, [message]], JSON.stringify(body));
        }
        for (const [normalize, expected] of [[' yes ', 'Y'], ['N', 'N'], [true, 'Y'], [0, 'N'], ['', 'N'], ['TRUE', 'Y']] as const) {
          const res = await t.tq('PUT', `/api/imports/${staged.json.data.id}`, { token, json: { normalize } });
          assert.equal(res.json.data?.normalize, expected, `${JSON.stringify(normalize)} → ${res.text}`);
        }
        assert.equal((await t.tq('GET', '/api/imports/abc', { token })).status, 400);
        assert.equal((await t.tq('GET', '/api/imports/987654/commit', { token })).status, 404);
        assert.equal((await t.tq('POST', '/api/imports', { json: { content_type_id: 6, text: '10.1.1.1' } })).status, 401);
        assert.equal(await total('/api/indicators'), before);
        // The one-shot shape still answers its summary.
        const oneShot = await t.tq('POST', '/api/imports', { token, json: { text: 'oneshot.example.org', import_source: 'Chat' } });
        assert.deepEqual([oneShot.status, oneShot.json.data.created, oneShot.json.data.id], [201, 1, undefined]);
      });
    });

    describe('custom event types', () => {
      it('adds a type per organization and creates events with it', async () => {
        const created = await t.tq('POST', '/api/event/types', { token, json: { name: 'Phishing Campaign' } });
        assert.equal(created.status, 201, created.text);
        assert.deepEqual(created.json.data, { id: 15, name: 'Phishing Campaign' });
        const second = await t.tq('POST', '/api/event/types', { token, json: { name: 'Insider' } });
        assert.equal(second.json.data.id, 16);
        const types = await t.tq('GET', '/api/event/types', { token });
        assert.equal(types.json.total, 16);
        assert.deepEqual(types.json.data.slice(13), [{ id: 14, name: 'Sighting' }, { id: 15, name: 'Phishing Campaign' }, { id: 16, name: 'Insider' }]);

        const event = await t.tq('POST', '/api/events?with=type', { token, json: { title: 'Q3 wave', type: 'phishing campaign' } });
        assert.equal(event.status, 201, event.text);
        assert.deepEqual(event.json.data.type, { id: 15, name: 'Phishing Campaign' });
        const byId = await t.tq('POST', '/api/events', { token, json: [{ title: 'Badge misuse', type_id: 16 }, { title: 'x', type: { name: 'Insider' } }] });
        assert.equal(byId.status, 201, byId.text);
        const listed = await t.tq('GET', '/api/events?type=Phishing%20Campaign&with=type', { token });
        assert.deepEqual(listed.json.data.map((e: any) => [e.title, e.type.name]), [['Q3 wave', 'Phishing Campaign']]);
        const got = await t.tq('GET', `/api/events/${byId.json.data[0].id}?with=type`, { token });
        assert.deepEqual(got.json.data.type, { id: 16, name: 'Insider' });
        const moved = await t.tq('PUT', `/api/events/${byId.json.data[0].id}?with=type`, { token, json: { type: 'Phishing Campaign' } });
        assert.equal(moved.json.data.type.id, 15);

        // Another organization has its own list and numbering.
        assert.equal(await total('/api/event/types', other.token), 14);
        const theirs = await t.tq('POST', '/api/events', { token: other.token, json: { title: 'y', type: 'Phishing Campaign' } });
        assert.equal(theirs.status, 400, theirs.text);
        assert.match(theirs.json.errors[0], /unknown event type/);
        assert.equal((await t.tq('POST', '/api/event/types', { token: other.token, json: { name: 'Phishing Campaign' } })).json.data.id, 15);
      });

      it('refuses taken names, bad names and readers', async () => {
        const before = await total('/api/event/types');
        for (const name of ['phishing campaign', 'SPEARPHISH', '  Insider ']) {
          const res = await t.tq('POST', '/api/event/types', { token, json: { name } });
          assert.equal(res.status, 409, `${name} → ${res.text}`);
          assert.match(res.json.errors[0], /already been taken/);
        }
        // Worded as an adversary's name is.
        const nameReason = 'Invalid value for body field name: must be a non-empty name of at most 255 characters';
        const worded: Array<[unknown, string]> = [
          [{}, nameReason], [{ name: '' }, nameReason], [{ name: ' ' }, nameReason], [{ name: 7 }, nameReason], [{ name: 'x'.repeat(300) }, nameReason],
          [{ name: { name: 'x' } }, nameReason], [['Insider'], 'Request body must be object'], ['Insider', 'Request body must be object'],
        ];
        for (const [body, message] of worded) {
          const res = await t.tq('POST', '/api/event/types', { token, json: body });
          assert.deepEqual([res.status, res.json.errors], [400, [message]], JSON.stringify(body));
        }
        assert.equal((await t.tq('POST', '/api/event/types', { token: reader, json: { name: 'Reader type' } })).status, 403);
        assert.equal((await t.tq('POST', '/api/event/types', { token: await memberOf(t, 'user'), json: { name: 'User type' } })).status, 201);
        assert.equal(await total('/api/event/types'), before + 1);
      });
    });

    describe('resumable attachment upload', () => {
      const chunk = (fields: Record<string, string>, bytes: Uint8Array, tok = token) =>
        multipart('/api/attachments/upload', { resumableRelativePath: fields.resumableFilename ?? '', ...fields }, { bytes, name: 'blob' }, tok);

      it('runs upload_file: one chunk, then JSON create with sources and tags', async () => {
        const bytes = new TextEncoder().encode('MZ fake sample');
        const up = await chunk({ resumableIdentifier: '4242-samplebin', resumableFilename: 'sample.bin', resumableTotalChunks: '1' }, bytes);
        assert.equal(up.status, 200, up.text);
        assert.deepEqual(up.json.data, { identifier: '4242-samplebin', filename: 'sample.bin', received: 1, total_chunks: 1, size: bytes.length, complete: true });
        const created = await t.tq('POST', '/api/attachments?with=sources,tags', { token, json: { name: 'sample.bin', type: 'Spearphish Attachment', malware_locked: true, sources: ['Mail gateway'], tags: ['phish'] } });
        assert.equal(created.status, 201, created.text);
        const file = created.json.data;
        assert.deepEqual([file.name, file.type_id, file.malware_locked, file.file_size], ['sample.bin', 20, 1, bytes.length]);
        assert.deepEqual(file.sources.map((s: any) => s.name), ['Mail gateway']);
        assert.deepEqual(file.tags.map((s: any) => s.name), ['phish']);
        const download = await fetch(`${t.server.url}/api/attachments/${file.id}/download`, { headers: { authorization: `Bearer ${token}` } });
        assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
        const again = await t.tq('POST', '/api/attachments', { token, json: { name: 'sample.bin', type: 'PDF' } });
        assert.equal(again.status, 400, 'the upload was used up');

        // Tags as the SDK adds them, sources, listing and removal by pivot id.
        const tag = await t.tq('POST', `/api/attachments/${file.id}/tags`, { token, json: { name: 'apt-x' } });
        assert.equal(tag.status, 201, tag.text);
        assert.deepEqual(tag.json.data.map((x: any) => x.name), ['phish', 'apt-x']);
        const src = await t.tq('POST', `/api/attachments/${file.id}/sources`, { token, json: [{ name: 'Sandbox', tlp: 'AMBER' }] });
        assert.deepEqual(src.json.data.map((x: any) => [x.name, x.tlp_id]), [['Mail gateway', null], ['Sandbox', 2]]);
        const pivot = tag.json.data[0].pivot.id;
        assert.equal((await t.tq('DELETE', `/api/attachments/${file.id}/tags/${pivot}`, { token })).status, 204);
        assert.equal((await t.tq('DELETE', `/api/attachments/${file.id}/tags/${pivot}`, { token })).status, 404);
        assert.deepEqual((await t.tq('GET', `/api/attachments/${file.id}/tags`, { token })).json.data.map((x: any) => x.name), ['apt-x']);
        const put = await t.tq('PUT', `/api/attachments/${file.id}?with=sources,comments`, { token, json: { sources: [{ name: 'Analyst' }], comments: [{ value: 'detonated' }] } });
        assert.equal(put.status, 200, put.text);
        assert.deepEqual([put.json.data.sources.length, put.json.data.comments[0].value], [3, 'detonated']);

        // Another organization and readers see and change nothing.
        for (const [method, path, json] of [
          ['GET', `/api/attachments/${file.id}/tags`, undefined],
          ['POST', `/api/attachments/${file.id}/tags`, { name: 'x' }],
          ['DELETE', `/api/attachments/${file.id}/sources/${src.json.data[0].pivot.id}`, undefined],
        ] as const) {
          assert.equal((await t.tq(method, path, { token: other.token, json })).status, 404, `${method} ${path}`);
        }
        assert.equal((await t.tq('POST', `/api/attachments/${file.id}/tags`, { token: reader, json: { name: 'x' } })).status, 403);
        assert.equal((await t.tq('POST', `/api/attachments/${file.id}/tags`, { token, json: { name: '' } })).status, 400);
        assert.equal((await t.tq('POST', `/api/attachments/${file.id}/sources`, { token, json: { name: 'S', tlp: 'purple' } })).status, 400);
        assert.equal((await t.tq('GET', `/api/attachments/${file.id}/sources`, { token })).json.total, 3);
      });

      it('assembles chunks in order, whatever order they arrive in', async () => {
        const parts = ['first-', 'second-', 'third'].map((p) => new TextEncoder().encode(p));
        const id = 'multi-1';
        const r3 = await chunk({ resumableIdentifier: id, resumableFilename: 'multi.txt', resumableTotalChunks: '3', resumableChunkNumber: '3' }, parts[2]!);
        assert.equal(r3.json.data.complete, false, r3.text);
        const early = await t.tq('POST', '/api/attachments', { token, json: { name: 'multi.txt', type: 'Generic Text' } });
        assert.equal(early.status, 400, 'incomplete');
        await chunk({ resumableIdentifier: id, resumableFilename: 'multi.txt', resumableTotalChunks: '3', resumableChunkNumber: '1' }, parts[0]!);
        const last = await chunk({ resumableIdentifier: id, resumableFilename: 'multi.txt', resumableTotalChunks: '3', resumableChunkNumber: '2' }, parts[1]!);
        assert.equal(last.json.data.complete, true);
        // Someone else in the organization cannot claim this user's upload.
        const user = await memberOf(t, 'user');
        assert.equal((await t.tq('POST', '/api/attachments', { token: user, json: { name: 'multi.txt', type: 'Generic Text' } })).status, 400);
        const created = await t.tq('POST', '/api/attachments', { token, json: { name: 'multi.txt', type_id: 6, title: 'Three parts' } });
        assert.equal(created.status, 201, created.text);
        const download = await fetch(`${t.server.url}/api/attachments/${created.json.data.id}/download`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(await download.text(), 'first-second-third');
      });

      it('refuses oversized and malformed chunks, readers and strangers; nothing is created', async () => {
        const before = await total('/api/attachments');
        const big = new Uint8Array(MAX_BYTES / 2 + 10);
        const a = await chunk({ resumableIdentifier: 'big', resumableFilename: 'big.bin', resumableTotalChunks: '2', resumableChunkNumber: '1' }, big);
        assert.equal(a.status, 200, a.text);
        const b = await chunk({ resumableIdentifier: 'big', resumableFilename: 'big.bin', resumableTotalChunks: '2', resumableChunkNumber: '2' }, big);
        assert.equal(b.status, 413, b.text);
        const oneTooBig = await chunk({ resumableIdentifier: 'huge', resumableFilename: 'huge.bin' }, new Uint8Array(MAX_BYTES + 1));
        assert.equal(oneTooBig.status, 413, oneTooBig.text);
        const cases: Array<[Record<string, string>, RegExp]> = [
          [{ resumableFilename: 'x.bin' }, /resumableIdentifier/],
          [{ resumableIdentifier: 'x' }, /resumableFilename/],
          [{ resumableIdentifier: 'x', resumableFilename: 'x.bin', resumableTotalChunks: '0' }, /resumableTotalChunks/],
          [{ resumableIdentifier: 'x', resumableFilename: 'x.bin', resumableTotalChunks: '2', resumableChunkNumber: '3' }, /resumableChunkNumber/],
          [{ resumableIdentifier: 'big', resumableFilename: 'big.bin', resumableTotalChunks: '5', resumableChunkNumber: '2' }, /resumableTotalChunks/],
        ];
        for (const [fields, message] of cases) {
          const res = await chunk(fields, new Uint8Array([1]));
          assert.equal(res.status, 400, `${JSON.stringify(fields)} → ${res.text}`);
          assert.match(res.json.errors.join(' '), message);
        }
        const noFile = await multipart('/api/attachments/upload', { resumableIdentifier: 'x', resumableFilename: 'x.bin' });
        assert.equal(noFile.status, 400);
        assert.equal((await t.tq('POST', '/api/attachments/upload', { token, json: { resumableIdentifier: 'x' } })).status, 400);
        assert.equal((await chunk({ resumableIdentifier: 'r', resumableFilename: 'r.bin' }, new Uint8Array([1]), reader)).status, 403);
        await chunk({ resumableIdentifier: 'mine', resumableFilename: 'mine.bin' }, new Uint8Array([1, 2]));
        assert.equal((await t.tq('POST', '/api/attachments', { token: other.token, json: { name: 'mine.bin', type: 'PDF' } })).status, 400);
        for (const body of [{ name: 'mine.bin' }, { name: 'mine.bin', type: 'Nope' }, { type: 'PDF' }, { name: 'mine.bin', type: 'PDF', sources: 'x' }, { name: 'mine.bin', type: 'PDF', malware_locked: 'maybe' }]) {
          assert.equal((await t.tq('POST', '/api/attachments', { token, json: body })).status, 400, JSON.stringify(body));
        }
        assert.equal(await total('/api/attachments'), before);
        assert.equal((await t.tq('POST', '/api/attachments', { token, json: { name: 'mine.bin', type: 'PDF' } })).status, 201, 'still there after the refusals');
      });
    });

    describe('comments in indicator bodies', () => {
      it('stores comments from create and consume, once per text', async () => {
        const created = await t.tq('POST', '/api/indicators', { token, json: { value: 'commented.example.com', type: 'FQDN', comments: [{ value: 'seen in phish' }, 'second note'] } });
        assert.equal(created.status, 201, created.text);
        const id = created.json.data[0].id;
        const consumed = await t.tq('POST', '/api/indicators/consume', {
          token,
          json: [
            { value: 'commented.example.com', type: 'FQDN', comments: [{ value: 'seen in phish' }, { value: 'from the feed' }] },
            { value: '192.0.2.45', type: 'IP Address' },
          ],
        });
        assert.equal(consumed.status, 201, consumed.text);
        const comments = await t.tq('GET', `/api/indicators/${id}/comments`, { token });
        assert.deepEqual(comments.json.data.map((c: any) => c.value), ['seen in phish', 'second note', 'from the feed']);
        const withComments = await t.tq('GET', `/api/indicators/${id}?with=comments`, { token });
        assert.equal(withComments.json.data.comments.length, 3);
        assert.equal((await t.tq('GET', `/api/indicators/${consumed.json.data[1].id}/comments`, { token })).json.total, 0);
      });

      it('refuses bad comments and stores nothing', async () => {
        const before = await total('/api/indicators');
        for (const comments of ['x', [{ value: '' }], [{ value: 5 }], [{}], ['x'.repeat(70_000)]]) {
          const res = await t.tq('POST', '/api/indicators/consume', { token, json: [{ value: 'ok.example.com', type: 'FQDN' }, { value: 'bad-comment.example.com', type: 'FQDN', comments }] });
          assert.equal(res.status, 400, `${JSON.stringify(comments).slice(0, 40)} → ${res.text}`);
          assert.match(res.json.errors[0], /\[1\]\.comments/);
        }
        assert.equal(await total('/api/indicators'), before);
        assert.equal((await t.tq('POST', '/api/indicators', { token: reader, json: { value: 'r.example.com', type: 'FQDN', comments: ['x'] } })).status, 403);
      });
    });
  });
}
