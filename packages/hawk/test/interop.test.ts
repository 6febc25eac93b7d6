// Both directions against the reference implementation (`hawk` 9.0.2), over a real HTTP server so the
// request-target, Host header and body bytes are what actually travels.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Hawk from 'hawk';
import {
  authenticate,
  calculatePayloadHash,
  clientHeader,
  HawkError,
  MemoryNonceCache,
  normalizedString,
  parseHostHeader,
  requestTarget,
  serverAuthorizationHeader,
  verifyServerAuthorization,
  verifyTimestampMessage,
  type HawkArtifacts,
  type HawkCredentials,
} from '../src/index.js';

const credentials: HawkCredentials = { id: 'user-42', key: 'hf48hd83qwkj9s8d7f6g5h4j3k2l1', algorithm: 'sha256' };
const orgId = 'org-5a1b2c3d';
const lookup = (id: string): HawkCredentials | undefined => (id === credentials.id ? credentials : undefined);
const nodeCredentialsFunc = (id: string) => lookup(id) as unknown as Hawk.server.Credentials;

type Impl = 'ours' | 'node';

async function readBody(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const nonces = new MemoryNonceCache();

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const replyBody = JSON.stringify({ echo: req.url, received: body.length });
  const replyType = 'application/json; charset=utf-8';
  try {
    let serverAuthorization: string;
    if (req.headers['x-server-impl'] === 'node') {
      const { credentials: found, artifacts } = await Hawk.server.authenticate(
        req,
        nodeCredentialsFunc,
        body ? { payload: body } : {},
      );
      assert.equal(artifacts.ext, orgId);
      serverAuthorization = Hawk.server.header(found, artifacts, { payload: replyBody, contentType: replyType, ext: 'resp-ext' });
    } else {
      const target = parseHostHeader(req.headers.host ?? '', 80);
      assert.ok(target);
      const result = await authenticate(
        {
          method: req.method ?? '',
          url: req.url ?? '',
          host: target.host,
          port: target.port,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
        },
        {
          getCredentials: (id, ext) => (ext === orgId ? lookup(id) : undefined),
          payload: body,
          checkNonce: (id, nonce, ts) => nonces.check(id, nonce, ts),
        },
      );
      serverAuthorization = serverAuthorizationHeader(result.credentials, result.artifacts, {
        payload: replyBody,
        contentType: replyType,
        ext: 'resp-ext',
      });
    }
    res.writeHead(200, { 'content-type': replyType, 'server-authorization': serverAuthorization });
    res.end(replyBody);
  } catch (err) {
    const status = err instanceof HawkError ? err.status : ((err as { output?: { statusCode: number } }).output?.statusCode ?? 500);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(String((err as Error).message));
  }
}

let server: ReturnType<typeof createServer>;
let origin: string;

before(async () => {
  server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

const cases: Case[] = [
  {
    name: 'GET with repeated and percent-encoded query parameters',
    method: 'GET',
    path: '/v2/alerts?status=active&severity=1&severity=2&from=2024-01-01T00%3A00%3A00Z&q=a%20b%2Bc',
  },
  { name: 'GET with a trailing ?', method: 'GET', path: '/v2/agents?' },
  {
    name: 'POST with a JSON payload hash',
    method: 'POST',
    path: '/v2/rulesets',
    body: JSON.stringify({ name: 'web servers', ruleIds: ['r1', 'r2'], note: 'naïve ✓' }),
    contentType: 'application/json',
  },
  {
    name: 'PUT with content type application/json; charset=utf-8',
    method: 'PUT',
    path: '/v2/rulesets/abc?dryRun=true',
    body: '{"description":"x"}',
    contentType: 'application/json; charset=utf-8',
  },
];

interface Sent {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  res: IncomingMessage;
}

async function send(c: Case, authorization: string, serverImpl: Impl): Promise<Sent> {
  const url = new URL(origin);
  const req = request({
    host: url.hostname,
    port: url.port,
    method: c.method,
    path: c.path,
    headers: {
      authorization,
      'x-server-impl': serverImpl,
      ...(c.contentType ? { 'content-type': c.contentType } : {}),
    },
  });
  req.end(c.body);
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const body = await readBody(res);
  return { status: res.statusCode ?? 0, headers: res.headers, body, res };
}

function sign(c: Case, clientImpl: Impl): { header: string; artifacts: HawkArtifacts } {
  const options = {
    credentials,
    ext: orgId,
    ...(c.body === undefined ? {} : { payload: c.body, contentType: c.contentType }),
  };
  if (clientImpl === 'node') {
    const { header, artifacts } = Hawk.client.header(origin + c.path, c.method, options);
    return { header, artifacts: artifacts as HawkArtifacts };
  }
  return clientHeader(origin + c.path, c.method, options);
}

for (const clientImpl of ['ours', 'node'] as const) {
  for (const serverImpl of ['ours', 'node'] as const) {
    describe(`client ${clientImpl} → server ${serverImpl}`, () => {
      for (const c of cases) {
        test(c.name, async () => {
          const { header, artifacts } = sign(c, clientImpl);
          const sent = await send(c, header, serverImpl);
          assert.equal(sent.status, 200, sent.body);
          assert.equal(JSON.parse(sent.body).echo, c.path);
          if (clientImpl === 'node') {
            const result = Hawk.client.authenticate(sent.res, credentials, artifacts, { payload: sent.body, required: true });
            assert.ok(result.headers['server-authorization']);
          } else {
            verifyServerAuthorization(
              // a repeated header would arrive as an array, which must not verify
              typeof sent.headers['server-authorization'] === 'string' ? sent.headers['server-authorization'] : undefined,
              credentials,
              artifacts,
              { payload: sent.body, contentType: sent.headers['content-type'] },
              { required: true },
            );
          }
        });
      }
    });
  }
}

test('our server rejects a tampered body that node signed', async () => {
  const c = cases[2]!;
  const { header } = sign(c, 'node');
  const sent = await send({ ...c, body: c.body!.replace('web', 'db') }, header, 'ours');
  assert.equal(sent.status, 401);
  assert.equal(sent.body, 'Bad payload hash');
});

test('node accepts our header through a fake request object', async () => {
  const { header } = clientHeader('https://api.threatstack.com/v2/alerts?severity=1&severity=2&q=a%20b', 'get', {
    credentials,
    ext: orgId,
  });
  const req = {
    method: 'GET',
    url: '/v2/alerts?severity=1&severity=2&q=a%20b',
    headers: { host: 'api.threatstack.com', authorization: header },
    connection: { encrypted: true },
  };
  const { artifacts } = await Hawk.server.authenticate(req as unknown as IncomingMessage, nodeCredentialsFunc);
  assert.equal(artifacts.port, 443);
  assert.equal(artifacts.ext, orgId);
});

test('normalized strings and payload hashes match node byte for byte', () => {
  const variants: HawkArtifacts[] = [
    { method: 'get', host: 'API.Example.COM', port: 443, resource: '/a?b=%20&b=2', ts: '1700000000', nonce: 'n1' },
    { method: 'POST', host: 'h', port: 80, resource: '/', ts: '1', nonce: 'x', hash: 'abc=', ext: 'back\\slash\nnewline' },
    { method: 'GET', host: 'h', port: 8080, resource: '/?', ts: '2', nonce: 'y', ext: 'e', app: 'app1', dlg: 'dlg1' },
    { method: 'GET', host: '[::1]', port: 8080, resource: '/x', ts: '3', nonce: 'z', app: 'app1' },
  ];
  for (const artifacts of variants) {
    for (const type of ['header', 'response', 'bewit'] as const) {
      assert.equal(normalizedString(type, artifacts), Hawk.crypto.generateNormalizedString(type, artifacts));
    }
    // A response MAC takes hash and ext from the response only, also when the response has neither
    // (node hawk's server.header builds a new artifacts object with the response's hash and ext).
    for (const response of [{}, { hash: 'resp=' }, { ext: 'resp-ext' }, { hash: 'h=', ext: 'e' }]) {
      assert.equal(
        normalizedString('response', artifacts, response),
        Hawk.crypto.generateNormalizedString('response', { ...artifacts, hash: undefined, ext: undefined, ...response }),
      );
    }
  }
  for (const [payload, type] of [
    ['{"a":"ü€😀"}', 'application/json; charset=utf-8'],
    ['', undefined],
    ['plain', ' TEXT/Plain ;q=1'],
  ] as const) {
    assert.equal(
      calculatePayloadHash(payload, 'sha256', type),
      Hawk.crypto.calculatePayloadHash(payload, 'sha256', type as string),
    );
    assert.equal(calculatePayloadHash(payload, 'sha1', type), Hawk.crypto.calculatePayloadHash(payload, 'sha1', type as string));
  }
});

test('request targets match node hawk client parsing', () => {
  for (const url of [
    'https://api.threatstack.com/v2/alerts?status=active&severity=1&severity=2',
    'http://Example.COM:8080/a%2Fb?x=%3A&x=2#frag',
    'https://example.com',
    'https://example.com?x=1',
    'http://example.com:80/p?',
    'https://example.com:443/p',
  ]) {
    const ours = requestTarget(url);
    const { artifacts } = Hawk.client.header(url, 'GET', { credentials });
    assert.deepEqual(
      { host: ours.host, port: ours.port, resource: ours.resource },
      { host: artifacts.host, port: Number(artifacts.port), resource: artifacts.resource },
      url,
    );
  }
});

test('stale timestamps: our challenge passes node client checks and node challenge passes ours', async () => {
  const { header, artifacts } = clientHeader('http://example.com/v2/agents', 'GET', {
    credentials,
    timestamp: 1_700_000_000,
  });
  const now = 1_700_000_000_000 + 10 * 60_000;
  const err = await authenticate(
    { method: 'GET', url: '/v2/agents', host: 'example.com', port: 80, authorization: header },
    { getCredentials: lookup, now: () => now },
  ).then(
    () => assert.fail('expected stale'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof HawkError);
  const wwwAuthenticate = err.wwwAuthenticate!;
  const fakeRes = { headers: { 'www-authenticate': wwwAuthenticate } } as unknown as IncomingMessage;
  // node's client throws on a tsm that does not verify and returns the parsed attributes otherwise
  const checked = Hawk.client.authenticate(fakeRes, credentials, artifacts);
  const parsed = checked.headers['www-authenticate'] as unknown as Record<string, string>;
  assert.deepEqual({ ts: parsed.ts, error: parsed.error }, { ts: String(now / 1000), error: 'Stale timestamp' });
  assert.equal(verifyTimestampMessage(wwwAuthenticate, credentials), now / 1000);

  const nodeReq = {
    method: 'GET',
    url: '/v2/agents',
    headers: { host: 'example.com', authorization: header },
  } as unknown as IncomingMessage;
  const nodeErr = await Hawk.server.authenticate(nodeReq, nodeCredentialsFunc).then(
    () => assert.fail('expected stale'),
    (e: unknown) => e as { output: { headers: Record<string, string> } },
  );
  const serverTs = verifyTimestampMessage(nodeErr.output.headers['WWW-Authenticate']!, credentials);
  assert.ok(serverTs !== undefined && Math.abs(serverTs * 1000 - Date.now()) < 5000);
});
