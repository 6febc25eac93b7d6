import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** A stand-in for packages/web/dist: what `vite build` writes. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(dir, 'assets', 'index-DeF456.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('console files at /', () => {
  let server: TestServer;
  let missing: TestServer;
  let dist: string;
  before(async () => {
    dist = fakeDist();
    [server, missing] = await Promise.all([
      startTestServer('sqlite', { config: { consoleDir: dist } }),
      startTestServer('sqlite', { config: { consoleDir: join(dist, 'not-there') } }),
    ]);
  });
  after(async () => {
    await Promise.all([server.close(), missing.close()]);
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers index.html for every client route, revalidated and under a strict CSP', async () => {
    for (const url of ['/', '/login', '/alerts', '/alerts/a1b2c3', '/alerts?status=active&severity=1', '/agents/x', '/rules', '/settings/integrations', '/intel/indicators/7', '/dashboard', '/vulnerabilities?severity=high', '/rules/rs1/r2']) {
      const res = await server.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.match(res.body, /<div id="root">/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      const csp = res.headers['content-security-policy'] as string;
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
    const first = await server.app.inject({ url: '/alerts' });
    const again = await server.app.inject({ url: '/alerts', headers: { 'if-none-match': first.headers.etag as string } });
    assert.equal(again.statusCode, 304);
  });

  it('serves hashed bundles for a year, compressed when the client accepts it', async () => {
    const res = await server.app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(res.headers['content-type'] as string, /^text\/javascript/);
    assert.match(gunzipSync(res.rawPayload).toString(), /^console\.log\("x+"\);$/);
    const css = await server.app.inject({ url: '/assets/index-DeF456.css' });
    assert.equal(css.body, 'body{margin:0}');
    assert.match(css.headers['content-type'] as string, /^text\/css/);
    const icon = await server.app.inject({ url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['cache-control'], 'no-cache');
    assert.equal((await server.app.inject({ url: '/assets/index-Gone99.js' })).statusCode, 404);
  });

  it('leaves every API surface its own answers', async () => {
    const v2 = await server.app.inject({ url: '/v2/alerts?status=active' });
    assert.equal(v2.statusCode, 401);
    assert.ok(Array.isArray(v2.json().errors));
    assert.equal((await server.app.inject({ url: '/healthz' })).json().status, 'ok');
    assert.equal((await server.app.inject({ url: '/openapi.json' })).json().openapi, '3.1.0');
    for (const url of ['/api/indicators', '/api/v1/agents', '/taxii2/', '/agent/v1/config', '/metrics', '/help/hawk/self-test', '/console/api/session']) {
      const res = await server.app.inject({ url });
      assert.doesNotMatch(res.headers['content-type'] as string ?? '', /^text\/html/, url);
    }
    for (const url of ['/no-such-page', '/v2/no-such-route', '/alerts/a/b']) {
      const res = await server.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /<div id="root">/, url);
    }
    const docs = await server.app.inject({ url: '/docs/static/swagger-ui.css' });
    assert.equal(docs.statusCode, 200);
  });

  it('keeps working without a built console, and its pages say how to build it', async () => {
    assert.equal((await missing.app.inject({ url: '/healthz' })).statusCode, 200);
    for (const url of ['/', '/alerts/a1b2c3']) {
      const res = await missing.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /npm run build/);
    }
    assert.equal((await missing.app.inject({ url: '/v2/alerts?status=active' })).statusCode, 401);
  });
});
