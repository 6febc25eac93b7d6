/**
 * Broken multipart bodies on the three ThreatQ upload endpoints (a Content-Type without a boundary, a body
 * cut off mid-part or before its closing boundary) answer 400 and store nothing; they used to answer 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { startThreatq, type ThreatqServer } from './threatq-support.js';

const BOUNDARY = 'vigil-test-boundary';
const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="feed.txt"\r\nContent-Type: text/plain\r\n\r\n${content}`;

/** Each endpoint with the fields a complete request would carry. */
const ENDPOINTS: Array<[path: string, fields: string]> = [
  ['/api/attachments', part('name', 'feed.txt') + part('type', 'Generic Text')],
  ['/api/attachments/upload', part('resumableIdentifier', 'id-1') + part('resumableFilename', 'feed.txt')],
  ['/api/imports', part('content_type_id', '6') + part('normalize', 'Y')],
];

/** The broken bodies: [what, Content-Type, body after the fields]. */
const BROKEN: Array<[string, string, (fields: string) => string]> = [
  ['no boundary', 'multipart/form-data', (fields) => fields + filePart('8.8.8.8\r\n') + `--${BOUNDARY}--\r\n`],
  ['an empty boundary', 'multipart/form-data; boundary=', (fields) => fields + filePart('8.8.8.8\r\n') + `--${BOUNDARY}--\r\n`],
  ['cut off inside the file', `multipart/form-data; boundary=${BOUNDARY}`, (fields) => fields + filePart('8.8.8.8 evil.example.com')],
  ['cut off inside part headers', `multipart/form-data; boundary=${BOUNDARY}`, (fields) => fields + `--${BOUNDARY}\r\nContent-Disposition: form-da`],
  ['no closing boundary', `multipart/form-data; boundary=${BOUNDARY}`, (fields) => fields + filePart('8.8.8.8') + '\r\n'],
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ multipart errors`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
    });
    after(() => t.close());

    async function stored() {
      const attachments = (await t.tq('GET', '/api/attachments', { token })).json.total as number;
      const upload = await t.server.store.attachmentUploads.complete(t.server.creds.orgId, t.server.creds.userId, 'feed.txt');
      const audit = await t.server.request('GET', '/v2/auditlogs');
      const staged = audit.json.recs.filter((r: { action: string }) => r.action === 'imports.stage').length as number;
      return { attachments, upload: upload !== undefined, staged };
    }

    it('answers 400 for a multipart body without a boundary or cut short, and stores nothing', async () => {
      const before = await stored();
      for (const [path, fields] of ENDPOINTS) {
        for (const [what, contentType, body] of BROKEN) {
          const res = await t.tq('POST', path, { token, raw: body(fields), contentType });
          assert.equal(res.status, 400, `${path}, ${what}: ${res.text}`);
          assert.match(res.text, /multipart/i, `${path}, ${what}: the message says what is wrong`);
        }
      }
      assert.deepEqual(await stored(), before);
    });

    it('still takes the same bodies when they are whole', async () => {
      const whole = (fields: string) => fields + filePart('8.8.8.8\r\n') + `\r\n--${BOUNDARY}--\r\n`;
      for (const [path, fields] of ENDPOINTS) {
        const res = await t.tq('POST', path, { token, raw: whole(fields), contentType: `multipart/form-data; boundary=${BOUNDARY}` });
        assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${res.text}`);
      }
    });
  });
}
