import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Hawk from 'hawk';
import type { IncomingMessage } from 'node:http';
import { HawkError, parseAuthorizationHeader, parseHostHeader, timingSafeEqualString } from '../src/index.js';

describe('parseAuthorizationHeader', () => {
  test('parses the attributes, tolerating spacing and a trailing comma like node hawk', () => {
    const header = 'hawk   id="dh37fgj492je",ts="1353832234" ,  nonce="j4h3g2", ext="a b=c;d", mac="6R4r+/=",';
    const parsed = parseAuthorizationHeader(header);
    assert.deepEqual({ ...parsed }, { id: 'dh37fgj492je', ts: '1353832234', nonce: 'j4h3g2', ext: 'a b=c;d', mac: '6R4r+/=' });
    assert.deepEqual({ ...parsed }, Hawk.utils.parseAuthorizationHeader(header));
    assert.equal(Object.getPrototypeOf(parsed), null);
  });

  test('agrees with node hawk on accept/reject for a range of inputs', () => {
    const inputs = [
      'Hawk id="1", mac="x"',
      'Hawk id="1" mac="x"',
      'Hawk id="1",, mac="x"',
      'Hawk id="1", id="2"',
      'Hawk foo="1"',
      'Hawk id="a\\"b"',
      'Hawk id=""',
      'Hawk id="\u00e9"',
      'Hawk',
      'Hawk ',
      'Hawk,id="1"',
      'Hawk id="1"x',
      `Hawk id="${'a'.repeat(4090)}"`,
      `Hawk id="${'a'.repeat(5000)}"`,
    ];
    for (const input of inputs) {
      const ours = attempt(() => parseAuthorizationHeader(input));
      const theirs = attempt(() => Hawk.utils.parseAuthorizationHeader(input));
      assert.equal(ours, theirs, input.slice(0, 60));
    }
  });

  test('honours a restricted key list', () => {
    assert.deepEqual({ ...parseAuthorizationHeader('Hawk mac="m", hash="h"', ['mac', 'hash', 'ext']) }, { mac: 'm', hash: 'h' });
    assert.throws(() => parseAuthorizationHeader('Hawk id="1"', ['mac']), (e: unknown) => e instanceof HawkError && e.status === 400);
  });

  test('stays linear on hostile input', () => {
    const started = process.hrtime.bigint();
    for (const input of [
      `Hawk ${'a="b",'.repeat(700)}`,
      `Hawk id="${' '.repeat(4080)}`,
      `Hawk ${'a'.repeat(4090)}`,
      `${'H'.repeat(4096)}`,
    ]) {
      assert.throws(() => parseAuthorizationHeader(input), HawkError);
    }
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});

function attempt(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    const status = err instanceof HawkError ? err.status : (err as { output: { statusCode: number } }).output.statusCode;
    return `error ${status}`;
  }
}

describe('parseHostHeader', () => {
  test('names, IPv6 literals and ports', () => {
    assert.deepEqual(parseHostHeader('API.Example.com', 443), { host: 'api.example.com', port: 443 });
    assert.deepEqual(parseHostHeader('api.example.com:8443', 443), { host: 'api.example.com', port: 8443 });
    assert.deepEqual(parseHostHeader('127.0.0.1:80', 443), { host: '127.0.0.1', port: 80 });
    assert.deepEqual(parseHostHeader('[::1]:8080', 80), { host: '[::1]', port: 8080 });
    assert.deepEqual(parseHostHeader('[2001:DB8::1]', 443), { host: '[2001:db8::1]', port: 443 });
    assert.deepEqual(parseHostHeader('localhost:', 80), { host: 'localhost', port: 80 });
    assert.deepEqual(parseHostHeader('[::1]:', 443), { host: '[::1]', port: 443 });
  });

  test('matches node hawk for ordinary hosts', () => {
    for (const host of ['example.com', 'Example.COM:8000', '10.0.0.1:3000', '[::1]:8080', 'a-b_c.example:65535']) {
      const theirs = Hawk.utils.parseHost({ headers: { host } } as unknown as IncomingMessage, 'host');
      assert.ok(theirs);
      assert.deepEqual(parseHostHeader(host, 80), { host: theirs.name, port: Number(theirs.port) }, host);
    }
  });

  test('rejects anything else', () => {
    for (const host of [
      '',
      'a b',
      'a/b',
      'user@host',
      'host:99999',
      'host:0',
      'host:8x',
      'host:80:81',
      '[::1',
      '[::1]x',
      '[zz::1]',
      '[]',
      ':8080',
      'caf\u00e9.example',
      `${'a'.repeat(5000)}`,
    ]) {
      assert.equal(parseHostHeader(host, 80), undefined, host);
    }
  });
});

describe('timingSafeEqualString', () => {
  test('compares content and length', () => {
    assert.equal(timingSafeEqualString('abc=', 'abc='), true);
    assert.equal(timingSafeEqualString('abc=', 'abd='), false);
    assert.equal(timingSafeEqualString('abc=', 'abc'), false);
    assert.equal(timingSafeEqualString('', ''), true);
    assert.equal(timingSafeEqualString('é', 'e'), false);
  });
});

describe('HawkError', () => {
  test('status and challenge follow the code', () => {
    const bad = new HawkError('HAWK_BAD_HEADER', 'Bad header format');
    assert.equal(bad.status, 400);
    assert.equal(bad.wwwAuthenticate, undefined);
    assert.equal(bad.name, 'HawkError');
    assert.ok(bad instanceof Error);
    assert.equal(new HawkError('HAWK_MISSING', 'Missing').wwwAuthenticate, 'Hawk');
    assert.equal(new HawkError('HAWK_BAD_MAC', 'Bad mac').wwwAuthenticate, 'Hawk error="Bad mac"');
    // a message that cannot be quoted safely is left out of the header
    assert.equal(new HawkError('HAWK_BAD_EXT', 'org "x"\r\nSet-Cookie: a').wwwAuthenticate, 'Hawk');
  });
});
