import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  authenticate,
  calculateTsMac,
  clientHeader,
  HawkError,
  MemoryNonceCache,
  parseAuthorizationHeader,
  type AuthenticateOptions,
  type HawkArtifacts,
  type HawkCredentials,
  type HawkErrorCode,
  type ServerRequestInfo,
} from '../src/index.js';

interface AppCredentials extends HawkCredentials {
  orgs: string[];
}

const credentials: AppCredentials = { id: 'user-1', key: 'k8s7d6f5g4h3j2k1l0z9x8c7v6', algorithm: 'sha256', orgs: ['org-1'] };
const NOW = 1_700_000_000_000;
const URL_BASE = 'https://api.example.com';

function sign(path: string, options: { method?: string; ts?: number; payload?: string; contentType?: string; ext?: string } = {}) {
  return clientHeader(URL_BASE + path, options.method ?? 'GET', {
    credentials,
    timestamp: options.ts ?? NOW / 1000,
    ext: options.ext ?? 'org-1',
    ...(options.payload === undefined ? {} : { payload: options.payload, contentType: options.contentType }),
  });
}

function request(path: string, authorization: string | undefined, extra: Partial<ServerRequestInfo> = {}): ServerRequestInfo {
  return { method: 'GET', url: path, host: 'api.example.com', port: 443, authorization, ...extra };
}

function options(extra: Partial<AuthenticateOptions<AppCredentials>> = {}): AuthenticateOptions<AppCredentials> {
  return { getCredentials: (id) => (id === credentials.id ? credentials : undefined), now: () => NOW, ...extra };
}

async function rejects(promise: Promise<unknown>, code: HawkErrorCode, status: 400 | 401): Promise<HawkError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof HawkError, `expected HawkError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, status);
    if (status === 400) assert.equal(err.wwwAuthenticate, undefined);
    else assert.ok(err.wwwAuthenticate?.startsWith('Hawk'));
    return err;
  }
  assert.fail(`expected ${code}`);
}

/** A success hands back the credentials getCredentials found and, as artifacts, exactly what the client signed. */
function assertAccepted(
  result: { credentials: AppCredentials; artifacts: unknown },
  signed: { artifacts: HawkArtifacts },
  asReceived: Partial<HawkArtifacts> = {},
): void {
  assert.equal(result.credentials, credentials, 'the object getCredentials returned');
  assert.deepEqual(result.artifacts, { ...signed.artifacts, id: credentials.id, ...asReceived });
}

describe('successful authentication', () => {
  test('returns typed credentials and artifacts; host and method case are normalized', async () => {
    const signed = sign('/v2/agents?status=online');
    const result = await authenticate(request('/v2/agents?status=online', signed.header, { method: 'get', host: 'API.Example.com' }), options());
    // The MAC is computed over the normalized forms; the artifacts keep the request's own spelling.
    assertAccepted(result, signed, { method: 'get', host: 'API.Example.com' });
    assert.deepEqual(result.credentials.orgs, ['org-1']);
    assert.equal(result.artifacts.resource, '/v2/agents?status=online');
    assert.equal(result.artifacts.ext, 'org-1');
  });

  test('passes ext to getCredentials so tenancy can be checked', async () => {
    const { header } = sign('/v2/agents', { ext: 'org-9' });
    const seen: Array<[string, string | undefined]> = [];
    const err = await rejects(
      authenticate(request('/v2/agents', header), {
        ...options(),
        getCredentials(id, ext) {
          seen.push([id, ext]);
          if (!credentials.orgs.includes(ext ?? '')) throw new HawkError('HAWK_BAD_EXT', 'Unknown organization');
          return credentials;
        },
      }),
      'HAWK_BAD_EXT',
      401,
    );
    assert.deepEqual(seen, [['user-1', 'org-9']]);
    assert.equal(err.wwwAuthenticate, 'Hawk error="Unknown organization"');
  });

  test('accepts timestamps inside the skew either way', async () => {
    for (const delta of [-60, 60, -59, 0]) {
      const signed = sign('/x', { ts: NOW / 1000 + delta });
      const result = await authenticate(request('/x', signed.header), options());
      assertAccepted(result, signed);
      assert.equal(result.artifacts.ts, String(NOW / 1000 + delta));
    }
  });

  test('payload hash: optional unless required, checked when present', async () => {
    const body = '{"a":1}';
    const unsigned = sign('/v2/rulesets', { method: 'POST' });
    const req = request('/v2/rulesets', unsigned.header, { method: 'POST', contentType: 'application/json' });
    const withoutHash = await authenticate(req, options({ payload: body }));
    assertAccepted(withoutHash, unsigned);
    assert.equal(withoutHash.artifacts.hash, undefined);
    await rejects(authenticate(req, options({ payload: body, requirePayloadHash: true })), 'HAWK_MISSING_PAYLOAD_HASH', 401);
    assertAccepted(await authenticate(req, options({ payload: '', requirePayloadHash: true })), unsigned);

    const signed = sign('/v2/rulesets', { method: 'POST', payload: body, contentType: 'application/json; charset=UTF-8' });
    const signedReq = request('/v2/rulesets', signed.header, { method: 'POST', contentType: 'application/json' });
    const withHash = await authenticate(signedReq, options({ payload: Buffer.from(body), requirePayloadHash: true }));
    assertAccepted(withHash, signed);
    assert.ok(withHash.artifacts.hash, 'the payload hash is among the artifacts');
    // without the payload the hash is still covered by the MAC, just not compared with a body
    assertAccepted(await authenticate(signedReq, options()), signed);
  });
});

describe('rejections', () => {
  test('bad mac', async () => {
    const { header } = sign('/v2/agents');
    const forged = header.replace(/mac="[^"]+"/, 'mac="6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="');
    const err = await rejects(authenticate(request('/v2/agents', forged), options()), 'HAWK_BAD_MAC', 401);
    assert.equal(err.wwwAuthenticate, 'Hawk error="Bad mac"');
  });

  test('tampered query: reordered or changed parameters', async () => {
    const { header } = sign('/v2/alerts?severity=1&status=active');
    await rejects(authenticate(request('/v2/alerts?status=active&severity=1', header), options()), 'HAWK_BAD_MAC', 401);
    await rejects(authenticate(request('/v2/alerts?severity=2&status=active', header), options()), 'HAWK_BAD_MAC', 401);
    // decoding a percent-encoded query is a different resource too
    const encoded = sign('/v2/alerts?q=a%20b');
    await rejects(authenticate(request('/v2/alerts?q=a b', encoded.header), options()), 'HAWK_BAD_MAC', 401);
  });

  test('tampered payload', async () => {
    const { header } = sign('/v2/rulesets', { method: 'POST', payload: '{"a":1}', contentType: 'application/json' });
    const req = request('/v2/rulesets', header, { method: 'POST', contentType: 'application/json' });
    await rejects(authenticate(req, options({ payload: '{"a":2}' })), 'HAWK_BAD_PAYLOAD_HASH', 401);
    // the media type is part of the hash
    await rejects(
      authenticate({ ...req, contentType: 'text/plain' }, options({ payload: '{"a":1}' })),
      'HAWK_BAD_PAYLOAD_HASH',
      401,
    );
    // swapping in the hash of another body breaks the MAC instead
    const other = sign('/v2/rulesets', { method: 'POST', payload: '{"a":2}', contentType: 'application/json' });
    const swapped = header.replace(/hash="[^"]+"/, /hash="[^"]+"/.exec(other.header)![0]);
    await rejects(authenticate({ ...req, authorization: swapped }, options({ payload: '{"a":2}' })), 'HAWK_BAD_MAC', 401);
  });

  test('stale timestamp: 401 with a verifiable ts/tsm challenge', async () => {
    for (const delta of [-61, 61, -3600]) {
      const { header } = sign('/x', { ts: NOW / 1000 + delta });
      const err = await rejects(authenticate(request('/x', header), options()), 'HAWK_STALE', 401);
      const challenge = parseAuthorizationHeader(err.wwwAuthenticate!, ['ts', 'tsm', 'error']);
      assert.equal(challenge.ts, String(NOW / 1000));
      assert.equal(challenge.tsm, calculateTsMac(NOW / 1000, credentials));
      assert.equal(challenge.error, 'Stale timestamp');
      assert.equal(err.wwwAuthenticate, `Hawk ts="${NOW / 1000}", tsm="${challenge.tsm}", error="Stale timestamp"`);
    }
    const wider = sign('/x', { ts: NOW / 1000 - 200 });
    assertAccepted(await authenticate(request('/x', wider.header), options({ timestampSkewSec: 300 })), wider);
  });

  test('a stale request never reaches the nonce store', async () => {
    const seen: number[] = [];
    const checkNonce = (_id: string, _nonce: string, ts: number) => {
      seen.push(ts);
      return true;
    };
    for (const delta of [-61, 3600]) {
      const { header } = sign('/x', { ts: NOW / 1000 + delta });
      await rejects(authenticate(request('/x', header), options({ checkNonce })), 'HAWK_STALE', 401);
    }
    assert.deepEqual(seen, []);
    const inside = sign('/x', { ts: NOW / 1000 + 59 });
    assertAccepted(await authenticate(request('/x', inside.header), options({ checkNonce })), inside);
    assert.deepEqual(seen, [NOW / 1000 + 59]);
  });

  test('replayed nonce via MemoryNonceCache; the cache sees the id, never the key', async () => {
    const cache = new MemoryNonceCache({ now: () => NOW });
    const seen: string[] = [];
    const checkNonce = (id: string, nonce: string, ts: number) => {
      seen.push(id);
      return cache.check(id, nonce, ts);
    };
    const first = sign('/v2/agents');
    const { header } = first;
    assertAccepted(await authenticate(request('/v2/agents', header), options({ checkNonce })), first);
    const err = await rejects(authenticate(request('/v2/agents', header), options({ checkNonce })), 'HAWK_REPLAY', 401);
    assert.equal(err.wwwAuthenticate, 'Hawk error="Invalid nonce"');
    assert.deepEqual(seen, ['user-1', 'user-1']);
    // a forged request must not burn the nonce of a genuine one
    const fresh = sign('/v2/agents');
    const forged = fresh.header.replace(/mac="[^"]+"/, 'mac="AAAA"');
    await rejects(authenticate(request('/v2/agents', forged), options({ checkNonce })), 'HAWK_BAD_MAC', 401);
    assertAccepted(await authenticate(request('/v2/agents', fresh.header), options({ checkNonce })), fresh);
  });

  test('anything but true from checkNonce is a replay', async () => {
    const { header } = sign('/x');
    const checkNonce = (() => undefined) as unknown as AuthenticateOptions['checkNonce'];
    await rejects(authenticate(request('/x', header), options({ checkNonce })), 'HAWK_REPLAY', 401);
    await rejects(authenticate(request('/x', header), options({ checkNonce: async () => false })), 'HAWK_REPLAY', 401);
  });

  test('unknown id', async () => {
    const { header } = sign('/x');
    const err = await rejects(
      authenticate(request('/x', header.replace('id="user-1"', 'id="user-2"')), options()),
      'HAWK_UNKNOWN_CREDENTIALS',
      401,
    );
    assert.equal(err.wwwAuthenticate, 'Hawk error="Unknown credentials"');
  });

  test('wrong host or port is a bad mac (e.g. a TLS proxy rewriting 443 to 80)', async () => {
    const { header } = sign('/x');
    await rejects(authenticate(request('/x', header, { host: 'evil.example.com' }), options()), 'HAWK_BAD_MAC', 401);
    await rejects(authenticate(request('/x', header, { port: 80 }), options()), 'HAWK_BAD_MAC', 401);
    await rejects(authenticate(request('/x', header, { method: 'DELETE' }), options()), 'HAWK_BAD_MAC', 401);
  });

  test('checks run in protocol order: credentials, then MAC, then timestamp', async () => {
    const stale = sign('/x', { ts: NOW / 1000 - 3600 });
    const badMac = stale.header.replace(/mac="[^"]+"/, 'mac="AAAA"');
    await rejects(authenticate(request('/x', badMac), options()), 'HAWK_BAD_MAC', 401);
    await rejects(authenticate(request('/x', badMac.replace('user-1', 'nobody')), options()), 'HAWK_UNKNOWN_CREDENTIALS', 401);
  });

  test('missing or non-Hawk authorization is a 401 with a bare Hawk challenge', async () => {
    for (const authorization of [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer abc.def']) {
      const err = await rejects(authenticate(request('/x', authorization), options()), 'HAWK_MISSING', 401);
      assert.equal(err.wwwAuthenticate, 'Hawk');
    }
  });

  test('malformed headers are 400 HAWK_BAD_HEADER', async () => {
    const { header } = sign('/x');
    const cases: Record<string, string> = {
      'unknown key': header.replace('Hawk ', 'Hawk user="x", '),
      'duplicate key': header.replace('Hawk ', 'Hawk nonce="abc", '),
      'bad characters': header.replace('ext="org-1"', 'ext="org\u00e9"'),
      'backslash escape': header.replace('ext="org-1"', 'ext="org\\"1"'),
      'empty value': header.replace('ext="org-1"', 'ext=""'),
      'missing id': header.replace(/id="[^"]+", /, ''),
      'missing ts': header.replace(/ts="[^"]+", /, ''),
      'missing nonce': header.replace(/nonce="[^"]+", /, ''),
      'missing mac': header.replace(/, mac="[^"]+"/, ''),
      'non-numeric ts': header.replace(/ts="[^"]+"/, 'ts="NaN"'),
      'too long': header.replace('ext="org-1"', `ext="${'a'.repeat(4096)}"`),
      'scheme only': 'Hawk',
      'no attributes': 'Hawk   ',
      'missing comma': header.replace(', mac=', ' mac='),
      'unquoted value': header.replace('ext="org-1"', 'ext=org-1'),
      'unterminated quote': header.replace(/"$/, ''),
      'junk scheme': 'Ha-wk id="x"',
      'newline in header': header.replace(', mac=', ',\nmac='),
    };
    for (const [name, authorization] of Object.entries(cases)) {
      await rejects(authenticate(request('/x', authorization), options()), 'HAWK_BAD_HEADER', 400).catch((err: unknown) => {
        throw new Error(`${name}: ${String(err)}`);
      });
    }
  });

  test('errors from the application hooks propagate unchanged', async () => {
    const { header } = sign('/x');
    const boom = new Error('db down');
    await assert.rejects(authenticate(request('/x', header), options({ getCredentials: () => Promise.reject(boom) })), boom);
    await assert.rejects(authenticate(request('/x', header), options({ checkNonce: () => Promise.reject(boom) })), boom);
  });

  test('misconfigured credentials are a TypeError, not a client error', async () => {
    const { header } = sign('/x');
    const bad = { ...credentials, algorithm: 'md5' } as unknown as AppCredentials;
    await assert.rejects(authenticate(request('/x', header), options({ getCredentials: () => bad })), TypeError);
    const empty = { ...credentials, key: '' };
    await assert.rejects(authenticate(request('/x', header), options({ getCredentials: () => empty })), TypeError);
  });
});
