/**
 * ThreatQ attachments over real HTTP on both databases: multipart upload with malware_locked, title and type,
 * MD5/SHA-256 recorded, download always as an octet-stream attachment (never inline), the size limit (413,
 * nothing stored), metadata update, delete, relations, organization scoping and bad input.
 */
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const MAX_BYTES = 4096;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ attachments`, () => {
    let t: ThreatqServer;
    let token: string;
    let other: Awaited<ReturnType<typeof otherOrganization>>;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { attachmentMaxBytes: MAX_BYTES } });
      token = await t.login();
      other = await otherOrganization(t);
    });
    after(() => t.close());

    /** Posts a multipart form the way Demisto does: a `file` part plus fields. */
    async function upload(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type?: string }, tok = token) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (file) form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
      const res = await fetch(`${t.server.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: form });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
    }
    const total = async (tok = token) => (await t.tq('GET', '/api/attachments', { token: tok })).json.total as number;

    it('lists the attachment types', async () => {
      const res = await t.tq('GET', '/api/attachments/types', { token });
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 24);
      assert.equal(res.json.data.find((x: any) => x.name === 'Malware Sample').id, 14);
    });

    it('uploads a malware-locked file, records its hashes, and serves it only as a download', async () => {
      const bytes = new TextEncoder().encode('<html><script>alert(1)</script></html>\u0000\u00ff');
      const res = await upload({ name: 'dropper.html', title: 'Stage 1', type: 'Malware Sample', malware_locked: '1' }, { bytes, name: 'ignored.html', type: 'text/html' });
      assert.equal(res.status, 201, res.text);
      const file = res.json.data;
      assert.ok(Number.isInteger(file.id));
      assert.equal(file.name, 'dropper.html');
      assert.equal(file.title, 'Stage 1');
      assert.equal(file.type_id, 14);
      assert.equal(file.malware_locked, 1);
      assert.equal(file.file_size, bytes.length);
      assert.equal(file.content_type, 'text/html');
      assert.equal(file.hash, createHash('md5').update(bytes).digest('hex'));
      assert.equal(file.md5, file.hash);
      assert.equal(file.sha256, createHash('sha256').update(bytes).digest('hex'));

      const download = await fetch(`${t.server.url}/api/attachments/${file.id}/download`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'application/octet-stream');
      assert.match(download.headers.get('content-disposition')!, /^attachment; filename="dropper\.html"/);
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.match(download.headers.get('content-security-policy')!, /sandbox/);
      assert.equal(download.headers.get('x-malware-locked'), '1');
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);

      const got = await t.tq('GET', `/api/attachments/${file.id}?with=type`, { token });
      assert.deepEqual(got.json.data.type, { id: 14, name: 'Malware Sample' });
      assert.equal(got.json.data.content, undefined, 'metadata only');
    });

    it('takes the file name, type_id and defaults; a name with odd characters stays a safe header', async () => {
      const bytes = new Uint8Array([1, 2, 3]);
      const res = await upload({ type_id: '6' }, { bytes, name: 'r\u00e9port q1.txt' });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.data.name, 'r\u00e9port q1.txt', 'the file part name when no name field is sent');
      assert.equal(res.json.data.malware_locked, 0);
      assert.equal(res.json.data.title, null);
      const download = await fetch(`${t.server.url}/api/attachments/${res.json.data.id}/download`, { headers: { authorization: `Bearer ${token}` } });
      assert.match(download.headers.get('content-disposition')!, /^attachment; filename="r_port q1.txt"; filename\*=UTF-8''r%C3%A9port%20q1.txt$/);
      const odd = await upload({ type_id: '6', name: 'a"b\\c/d.txt' }, { bytes, name: 'x.bin' });
      assert.equal(odd.json.data.name, 'a"b\\c/d.txt');
      const oddDownload = await fetch(`${t.server.url}/api/attachments/${odd.json.data.id}/download`, { headers: { authorization: `Bearer ${token}` } });
      assert.match(oddDownload.headers.get('content-disposition')!, /^attachment; filename="a_b_c_d.txt"; /);
      assert.equal(download.headers.get('x-malware-locked'), '0');
    });

    it('refuses files over the size limit with a 413 and stores nothing', async () => {
      const before = await total();
      const res = await upload({ type: 'PDF' }, { bytes: new Uint8Array(MAX_BYTES + 1), name: 'big.pdf' });
      assert.equal(res.status, 413, res.text);
      assert.match(res.json.errors[0], new RegExp(String(MAX_BYTES)));
      assert.equal(await total(), before);
      const exact = await upload({ type: 'PDF' }, { bytes: new Uint8Array(MAX_BYTES), name: 'fits.pdf' });
      assert.equal(exact.status, 201, exact.text);
      assert.equal(exact.json.data.file_size, MAX_BYTES);
    });

    it('refuses bad uploads with a 400 and stores nothing', async () => {
      const before = await total();
      const bytes = new Uint8Array([9]);
      const cases: Array<[Record<string, string>, boolean, RegExp]> = [
        [{ type: 'PDF' }, false, /file part/],
        [{}, true, /type/],
        [{ type: 'Spreadsheet' }, true, /unknown attachment type/],
        [{ type_id: '99' }, true, /type_id/],
        [{ type: 'PDF', malware_locked: 'maybe' }, true, /malware_locked/],
        [{ type: 'PDF', title: 'x'.repeat(2000) }, true, /title/],
      ];
      for (const [fields, withFile, message] of cases) {
        const res = await upload(fields, withFile ? { bytes, name: 'a.bin' } : undefined);
        assert.equal(res.status, 400, `${JSON.stringify(fields)} → ${res.text}`);
        assert.match(res.json.errors.join(' '), message);
      }
      const twoFiles = new FormData();
      twoFiles.append('type', 'PDF');
      twoFiles.append('file', new Blob([bytes]), 'a.bin');
      twoFiles.append('file', new Blob([bytes]), 'b.bin');
      const two = await fetch(`${t.server.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: twoFiles });
      assert.equal(two.status, 400);
      const json = await t.tq('POST', '/api/attachments', { token, json: { name: 'a', type: 'PDF' } });
      assert.equal(json.status, 400, json.text);
      assert.equal(await total(), before);
      assert.equal((await upload({ type: 'PDF' }, { bytes, name: 'a.bin' }, 'not-a-token')).status, 401);
    });

    it('updates metadata, relates, keeps files inside their organization, and deletes', async () => {
      const res = await upload({ type: 'PDF', title: 'Report' }, { bytes: new TextEncoder().encode('%PDF-1.4'), name: 'report.pdf', type: 'application/pdf' });
      const id = res.json.data.id;
      const updated = await t.tq('PUT', `/api/attachments/${id}`, { token, json: { title: 'Final report', type: 'Whitepaper', malware_locked: 1 } });
      assert.equal(updated.status, 200, updated.text);
      assert.deepEqual([updated.json.data.title, updated.json.data.type_id, updated.json.data.malware_locked], ['Final report', 24, 1]);
      assert.equal((await t.tq('PUT', `/api/attachments/${id}`, { token, json: {} })).status, 400);
      assert.equal((await t.tq('PUT', `/api/attachments/${id}`, { token, json: { type: 'Nope' } })).status, 400);
      const worded: Array<[unknown, string]> = [
        [[], 'Request body must be object'],
        [{ name: ' ' }, 'Invalid value for body field name: must be a non-empty string of at most 255 characters'],
        [{ name: 'x'.repeat(256) }, 'Invalid value for body field name: must be a non-empty string of at most 255 characters'],
        [{ name: null }, 'Invalid value for body field name: must be a non-empty string of at most 255 characters'],
        [{ title: 5 }, 'Invalid value for body field title: must be a non-empty string of at most 1024 characters'],
        [{ title: 'x'.repeat(1025) }, 'Invalid value for body field title: must be a non-empty string of at most 1024 characters'],
        [{ malware_locked: 2 }, 'Invalid value for body field malware_locked: must be 0 or 1'],
        [{ malware_locked: 'maybe' }, 'Invalid value for body field malware_locked: must be 0 or 1'],
      ];
      for (const [body, message] of worded) {
        const res = await t.tq('PUT', `/api/attachments/${id}`, { token, json: body });
        assert.deepEqual([res.status, res.json.errors], [400, [message]], JSON.stringify(body).slice(0, 60));
      }
      for (const [locked, expected] of [['yes', 1], [false, 0], [' 1 ', 1], ['', 0], [true, 1]] as const) {
        const res = await t.tq('PUT', `/api/attachments/${id}`, { token, json: { malware_locked: locked } });
        assert.equal(res.json.data?.malware_locked, expected, `${JSON.stringify(locked)} → ${res.text}`);
      }
      assert.equal((await t.tq('PUT', `/api/attachments/${id}`, { token, json: { title: null } })).json.data?.title, null);
      assert.equal((await t.tq('PUT', `/api/attachments/${id}`, { token, json: { title: ' Final report ', malware_locked: 1 } })).json.data?.title, 'Final report');

      const ev = (await t.tq('POST', '/api/events', { token, json: { title: 'with file', type: 'Malware' } })).json.data;
      const linked = await t.tq('POST', `/api/attachments/${id}/events`, { token, json: { id: ev.id } });
      assert.equal(linked.status, 201, linked.text);
      const fromEvent = await t.tq('GET', `/api/events/${ev.id}/attachments`, { token });
      assert.equal(fromEvent.json.data[0].id, id);
      assert.equal(fromEvent.json.data[0].pivot.id, linked.json.data[0].pivot.id);

      for (const [method, path] of [['GET', `/api/attachments/${id}`], ['GET', `/api/attachments/${id}/download`], ['PUT', `/api/attachments/${id}`], ['DELETE', `/api/attachments/${id}`]] as const) {
        const r = await t.tq(method, path, { token: other.token, json: method === 'PUT' ? { title: 'stolen' } : undefined });
        assert.equal(r.status, 404, `${method} ${path}`);
      }
      assert.equal(await total(other.token), 0);
      assert.equal((await t.tq('GET', `/api/attachments/${id}`, { token })).json.data.title, 'Final report');

      assert.equal((await t.tq('DELETE', `/api/attachments/${id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/attachments/${id}/download`, { token })).status, 404);
      assert.equal((await t.tq('GET', `/api/events/${ev.id}/attachments`, { token })).json.total, 0, 'relations go with the file');
      assert.equal((await t.tq('GET', '/api/attachments?sort=size', { token })).status, 400);
    });
  });
}
