// The §4.2 vectors, recomputed from node hawk's own test suite (test/readme.js, server.js, crypto.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  authenticate,
  calculateMac,
  calculatePayloadHash,
  clientHeader,
  normalizedString,
  serverAuthorizationHeader,
  type HawkCredentials,
} from '../src/index.js';

const key = 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn';
const credentials: HawkCredentials = { id: 'dh37fgj492je', key, algorithm: 'sha256' };
const getArtifacts = {
  method: 'GET',
  host: 'example.com',
  port: 8000,
  resource: '/resource/1?b=1&a=2',
  ts: '1353832234',
  nonce: 'j4h3g2',
  ext: 'some-app-ext-data',
};

test('GET header MAC', () => {
  assert.equal(calculateMac('header', credentials, getArtifacts), '6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=');
  const { header } = clientHeader('http://example.com:8000/resource/1?b=1&a=2', 'GET', {
    credentials,
    timestamp: 1353832234,
    nonce: 'j4h3g2',
    ext: 'some-app-ext-data',
  });
  assert.equal(
    header,
    'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac="6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="',
  );
});

test('payload hash', () => {
  const expected = 'Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=';
  assert.equal(calculatePayloadHash('Thank you for flying Hawk', 'sha256', 'text/plain'), expected);
  assert.equal(calculatePayloadHash(Buffer.from('Thank you for flying Hawk'), 'sha256', 'Text/Plain; charset=utf-8'), expected);
});

test('POST header MAC with payload hash', () => {
  const hash = 'Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=';
  assert.equal(
    calculateMac('header', credentials, { ...getArtifacts, method: 'POST', hash }),
    'aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=',
  );
  const { header, artifacts } = clientHeader('http://example.com:8000/resource/1?b=1&a=2', 'POST', {
    credentials,
    timestamp: 1353832234,
    nonce: 'j4h3g2',
    ext: 'some-app-ext-data',
    payload: 'Thank you for flying Hawk',
    contentType: 'text/plain',
  });
  assert.equal(artifacts.hash, hash);
  assert.match(header, /, hash="Yi9LfIIFRtBEPt74PVmbTF\/xVAwPn7ub15ePICfgnuY=", ext="some-app-ext-data", mac="aSe1DERmZuRl3pI36\/9BdZmnErTw3sNzOOAUlfeKjVw="$/);
});

test('sha1 header MAC', () => {
  const mac = calculateMac('header', { id: '1', key, algorithm: 'sha1' }, {
    method: 'GET',
    host: 'example.com',
    port: 8080,
    resource: '/resource/4?filter=a',
    ts: '1353788437',
    nonce: 'k3j4h2',
    ext: 'hello',
  });
  assert.equal(mac, 'zy79QQ5/EYFmQqutVnYb73gAc/U=');
});

test('response header', () => {
  const header = serverAuthorizationHeader(
    { id: '123456', key, algorithm: 'sha256' },
    {
      method: 'POST',
      host: 'example.com',
      port: 8080,
      resource: '/resource/4?filter=a',
      ts: '1398546787',
      nonce: 'xUwusx',
      // the request's own hash/ext/mac must not leak into the response MAC
      hash: 'nJjkVtBE5Y/Bk38Aiokwn0jiJxt/0S2WRSUwWLCf5xk=',
      ext: 'some-app-data',
      mac: 'dvIvMThwi28J61Jc3P0ryAhuKpanU63GXdx6hkmQkJA=',
      id: '123456',
    },
    { payload: 'some reply', contentType: 'text/plain', ext: 'response-specific' },
  );
  assert.equal(
    header,
    'Hawk mac="n14wVJK4cOxAytPUMc5bPezQzuJGl5n7MYXhFQgEKsE=", hash="f9cDF/TDm7TkYRLnGwRMfeDzT6LixQVLvrIKhh0vgmM=", ext="response-specific"',
  );
});

test('normalized string without ext', () => {
  assert.equal(
    normalizedString('header', {
      method: 'GET',
      host: 'example.com',
      port: 8080,
      resource: '/resource/something',
      ts: '1357747017',
      nonce: 'k3k4j5',
    }),
    'hawk.1.header\n1357747017\nk3k4j5\nGET\n/resource/something\nexample.com\n8080\n\n\n',
  );
});

test('authenticate accepts the GET vector header', async () => {
  const result = await authenticate(
    {
      method: 'GET',
      url: '/resource/1?b=1&a=2',
      host: 'example.com',
      port: 8000,
      authorization:
        'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac="6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="',
    },
    { getCredentials: (id) => (id === credentials.id ? credentials : undefined), now: () => 1353832234_000 },
  );
  assert.equal(result.credentials, credentials);
  assert.equal(result.artifacts.ext, 'some-app-ext-data');
  assert.equal(result.artifacts.id, 'dh37fgj492je');
});
