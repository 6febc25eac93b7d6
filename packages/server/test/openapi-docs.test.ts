/**
 * /openapi.json and /docs as a user's browser meets them: tags in the order a Threat Stack user looks for
 * them (REST v2 first, the agent protocol and operations last), the document and Swagger UI's bundle sent
 * compressed in the encoding asked for (raw bytes over node:http: fetch would decompress), and ETag
 * revalidation answering 304 without a body.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from './helpers/test-server.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('OpenAPI document and /docs', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server.close());

  it('lists REST v2 first, then v1, webhooks, the threat library, TAXII, the agent protocol, the console and operations', async () => {
    const doc = JSON.parse((await get(server, '/openapi.json')).body.toString('utf8'));
    const rootVersion = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
    assert.equal(doc.info.version, rootVersion, 'the version written once, in package.json');
    const names = doc.tags.map((t: { name: string }) => t.name);
    assert.deepEqual(names, [
      'Agents', 'Alerts', 'Servers', 'Rulesets and Rules', 'Vulnerabilities', 'Organization', 'Audit Logs', 'Hawk',
      'REST v1', 'Webhooks', 'ThreatQ', 'TAXII 2.1', 'Agent protocol', 'Console', 'Operations',
    ]);
    const used = new Set<string>();
    for (const item of Object.values<any>(doc.paths)) for (const op of Object.values<any>(item)) for (const tag of op.tags ?? []) used.add(tag);
    assert.deepEqual([...used].filter((t) => !names.includes(t)), [], 'every tag in use is ordered');
    assert.equal(doc.paths['/taxii2/{root}/collections/']?.get?.tags?.[0], 'TAXII 2.1', 'TAXII apart from the 150 ThreatQ operations');
    for (const probe of ['/healthz', '/readyz']) assert.deepEqual([doc.paths[probe]?.get?.tags, doc.paths[probe]?.get?.security], [['Operations'], []], probe);
    assert.ok(names.every((n: string) => used.has(n)), 'no tag is listed without operations');
  });

  it('sends the document compressed as asked, the same bytes every time', async () => {
    const plain = await get(server, '/openapi.json');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(plain.headers['content-type']), /^application\/json/);
    assert.ok(plain.body.length > 100_000, `${plain.body.length} bytes uncompressed`);
    const br = await get(server, '/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.body.length * 5 < plain.body.length, `${br.body.length} bytes in Brotli`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    const gz = await get(server, '/openapi.json', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    assert.equal((await get(server, '/openapi.json', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding'], 'gzip');
    const ui = await get(server, '/docs/json', { 'accept-encoding': 'br' });
    assert.equal(ui.status, 200);
    assert.deepEqual(brotliDecompressSync(ui.body), plain.body, '/docs loads the same document');
  });

  it('answers a revalidation with the ETag by 304 without a body', async () => {
    const first = await get(server, '/openapi.json', { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    assert.equal(first.headers['cache-control'], 'no-cache');
    for (const path of ['/openapi.json', '/docs/json']) {
      const again = await get(server, path, { 'accept-encoding': 'br', 'if-none-match': etag });
      assert.equal(again.status, 304, path);
      assert.equal(again.body.length, 0);
      assert.equal(again.headers.etag, etag);
      assert.equal((await get(server, path, { 'if-none-match': `"other", W/${etag}` })).status, 304, 'a weak match in a list');
    }
    const stale = await get(server, '/openapi.json', { 'if-none-match': '"not-it"' });
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.etag, etag);
  });

  it('serves the docs page and Swagger UI\'s bundle compressed', async () => {
    const page = await get(server, '/docs/', { 'accept-encoding': 'gzip' });
    assert.equal(page.status, 200);
    assert.match(page.body.toString('utf8'), /swagger-ui-bundle\.js/);
    const bundle = await get(server, '/docs/static/swagger-ui-bundle.js', { 'accept-encoding': 'gzip' });
    assert.equal(bundle.status, 200);
    assert.equal(bundle.headers['content-encoding'], 'gzip');
    assert.match(String(bundle.headers['content-type']), /javascript/);
    const code = gunzipSync(bundle.body);
    assert.ok(code.length > 3 * bundle.body.length, `${code.length} → ${bundle.body.length} bytes`);
    assert.equal((await get(server, '/docs/static/swagger-ui-bundle.js', { 'if-none-match': String(bundle.headers.etag) })).status, 304);
    assert.equal((await get(server, '/docs/static/index.css')).status, 200, 'the other files still come from the UI');
  });
});
