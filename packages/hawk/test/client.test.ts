import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  calculateMac,
  clientHeader,
  HawkError,
  parseAuthorizationHeader,
  requestTarget,
  serverAuthorizationHeader,
  staleTimestampChallenge,
  verifyServerAuthorization,
  verifyTimestampMessage,
  type HawkCredentials,
} from '../src/index.js';

const credentials: HawkCredentials = { id: 'user-1', key: 'a-secret-key-of-some-length', algorithm: 'sha256' };

describe('clientHeader', () => {
  test('signs the raw path and query and omits hash and ext when absent', () => {
    const { header, artifacts } = clientHeader('https://api.threatstack.com/v2/alerts?b=2&a=1&a=0', 'get', {
      credentials,
      timestamp: 1_700_000_000,
      nonce: 'abc123',
    });
    assert.deepEqual(
      { ...artifacts, mac: undefined },
      {
        method: 'get',
        host: 'api.threatstack.com',
        port: 443,
        resource: '/v2/alerts?b=2&a=1&a=0',
        ts: '1700000000',
        nonce: 'abc123',
        id: 'user-1',
        mac: undefined,
      },
    );
    assert.equal(header, `Hawk id="user-1", ts="1700000000", nonce="abc123", mac="${artifacts.mac}"`);
    assert.equal(artifacts.mac, calculateMac('header', credentials, artifacts));
  });

  test('generates fresh nonces and applies the local clock offset', () => {
    const before = Math.floor(Date.now() / 1000);
    const a = clientHeader('http://h/x', 'GET', { credentials, localtimeOffsetMs: 3_600_000 }).artifacts;
    const b = clientHeader('http://h/x', 'GET', { credentials }).artifacts;
    assert.notEqual(a.nonce, b.nonce);
    assert.ok(Number(a.ts) - before >= 3599 && Number(a.ts) - before <= 3601);
    assert.equal(parseAuthorizationHeader(clientHeader('http://h/x', 'GET', { credentials }).header).nonce?.length, 8);
  });

  test('hashes an empty payload and prefers a precomputed hash', () => {
    assert.ok(clientHeader('http://h/x', 'POST', { credentials, payload: '' }).artifacts.hash);
    assert.equal(clientHeader('http://h/x', 'POST', { credentials, payload: 'x', hash: 'precomputed=' }).artifacts.hash, 'precomputed=');
  });

  test('refuses values that cannot travel in a Hawk header', () => {
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials, ext: 'say "hi"' }), TypeError);
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials, ext: 'line\nbreak' }), TypeError);
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials, nonce: 'a"b' }), TypeError);
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials: { ...credentials, id: 'x", mac="y' } }), TypeError);
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials: { ...credentials, key: '' } }), TypeError);
    assert.throws(() => clientHeader('http://h/x', 'GET', { credentials, timestamp: Number.NaN }), TypeError);
  });
});

describe('requestTarget', () => {
  test('keeps bytes, strips the fragment, defaults ports, brackets IPv6', () => {
    assert.deepEqual(requestTarget('http://EXAMPLE.com/a%2fb?x=%3A&x=2&y=a+b#top'), {
      host: 'example.com',
      port: 80,
      resource: '/a%2fb?x=%3A&x=2&y=a+b',
    });
    assert.deepEqual(requestTarget('https://user:pw@example.com:8443?q'), { host: 'example.com', port: 8443, resource: '/?q' });
    assert.deepEqual(requestTarget('http://[::1]:8080/v2?'), { host: '[::1]', port: 8080, resource: '/v2?' });
    assert.deepEqual(requestTarget(new URL('https://example.com/a b?c=d e')), {
      host: 'example.com',
      port: 443,
      resource: '/a%20b?c=d%20e',
    });
  });

  test('refuses what an HTTP client would have to re-encode, and non-http schemes', () => {
    assert.throws(() => requestTarget('http://h/a b'), TypeError);
    assert.throws(() => requestTarget('http://h/caf\u00e9'), TypeError);
    assert.throws(() => requestTarget('ftp://h/x'), TypeError);
    assert.throws(() => requestTarget('/relative'), TypeError);
    assert.throws(() => requestTarget(' http://h/x'), TypeError);
  });
});

describe('verifyServerAuthorization', () => {
  const { artifacts } = clientHeader('https://api.example.com/v2/agents?x=1', 'GET', { credentials, ext: 'org-1' });
  const payload = '{"agents":[]}';
  const contentType = 'application/json';
  const header = serverAuthorizationHeader(credentials, artifacts, { payload, contentType });

  test('accepts a genuine response; ext and hash come from the response header', () => {
    verifyServerAuthorization(header, credentials, artifacts, { payload, contentType: 'application/json; charset=utf-8' });
    const withExt = serverAuthorizationHeader(credentials, artifacts, { payload, contentType, ext: 'r' });
    assert.match(withExt, /^Hawk mac="[^"]+", hash="[^"]+", ext="r"$/);
    verifyServerAuthorization(withExt, credentials, artifacts, { payload, contentType }, { required: true });
    // without a payload only the MAC is checked
    verifyServerAuthorization(header, credentials, artifacts, {});
  });

  function fails(h: string | undefined, code: string, response: { payload?: string; contentType?: string } = { payload, contentType }, required = true) {
    assert.throws(
      () => verifyServerAuthorization(h, credentials, artifacts, response, { required }),
      (err: unknown) => err instanceof HawkError && err.code === code,
    );
  }

  test('missing header only fails when required', () => {
    verifyServerAuthorization(undefined, credentials, artifacts, { payload }, { required: false });
    fails(undefined, 'HAWK_MISSING');
  });

  test('tampering is detected', () => {
    fails(header, 'HAWK_BAD_PAYLOAD_HASH', { payload: '{"agents":[1]}', contentType });
    fails(header, 'HAWK_BAD_PAYLOAD_HASH', { payload, contentType: 'text/plain' });
    fails(header.replace(/mac="[^"]+"/, 'mac="AAAA"'), 'HAWK_BAD_MAC');
    fails(`${header}, ext="added"`, 'HAWK_BAD_MAC');
    const other = clientHeader('https://api.example.com/v2/agents?x=2', 'GET', { credentials }).artifacts;
    assert.throws(() => verifyServerAuthorization(header, credentials, other, { payload, contentType }), /Bad response mac/);
  });

  test('a response MAC without hash cannot vouch for a body', () => {
    const mac = calculateMac('response', credentials, { ...artifacts, hash: undefined, ext: undefined });
    verifyServerAuthorization(`Hawk mac="${mac}"`, credentials, artifacts, {});
    fails(`Hawk mac="${mac}"`, 'HAWK_MISSING_PAYLOAD_HASH');
  });

  test('malformed headers', () => {
    fails(`${header}, id="x"`, 'HAWK_BAD_HEADER');
    fails('Hawk hash="abc"', 'HAWK_BAD_HEADER');
    fails('Hawk', 'HAWK_BAD_HEADER');
  });
});

describe('verifyTimestampMessage', () => {
  test('returns the verified server time and refuses a forged one', () => {
    const nowMs = 1_700_000_000_000;
    assert.equal(verifyTimestampMessage(staleTimestampChallenge(credentials, nowMs), credentials), 1_700_000_000);
    const other: HawkCredentials = { ...credentials, key: 'someone-else' };
    const isBadMac = (e: unknown) => e instanceof HawkError && e.code === 'HAWK_BAD_MAC';
    assert.throws(() => verifyTimestampMessage(staleTimestampChallenge(other, nowMs), credentials), isBadMac);
    assert.throws(() => verifyTimestampMessage('Hawk ts="1700000000", error="Stale timestamp"', credentials), isBadMac);
    assert.throws(() => verifyTimestampMessage('Hawk ts="1e9", tsm="x"', credentials), HawkError);
    assert.equal(verifyTimestampMessage('Hawk error="Bad mac"', credentials), undefined);
  });
});
