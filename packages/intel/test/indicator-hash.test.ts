import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { indicatorHash, INDICATOR_TYPES, normalizeIndicatorValue } from '../src/index.js';

describe('indicatorHash', () => {
  test('32 lower-case hex digits: sha256 of the JSON [type name, value], truncated', () => {
    const expected = createHash('sha256').update('["FQDN","evil.example.com"]').digest('hex').slice(0, 32);
    assert.equal(indicatorHash('FQDN', 'evil.example.com'), expected);
    for (const { name } of INDICATOR_TYPES) assert.match(indicatorHash(name, 'x'), /^[0-9a-f]{32}$/);
  });

  test('stable: same type (any case) and value give the same hash', () => {
    assert.equal(indicatorHash('fqdn', 'evil.example.com'), indicatorHash(' FQDN ', 'evil.example.com'));
    assert.equal(indicatorHash('FQDN', 'evil.example.com'), indicatorHash('FQDN', 'evil.example.com'));
  });

  test('the same text as two types, or two values, hash differently', () => {
    assert.notEqual(indicatorHash('Filename', 'a.exe'), indicatorHash('String', 'a.exe'));
    assert.notEqual(indicatorHash('FQDN', 'a.com'), indicatorHash('FQDN', 'b.com'));
    // JSON keeps "type + value" boundaries apart.
    assert.notEqual(indicatorHash('String', 'a\nb'), indicatorHash('String\na', 'b'));
  });

  test('it is not md5(value), which ThreatQ is known not to use either', () => {
    const md5 = createHash('md5').update('8.8.8.8').digest('hex');
    assert.notEqual(indicatorHash('IP Address', '8.8.8.8'), md5);
  });

  test('normalized variants of one indicator share a hash', () => {
    const variants = ['EVIL[.]Example.com.', ' evil.example.com', 'evil(.)example(.)com'];
    const hashes = variants.map((v) => {
      const normalized = normalizeIndicatorValue('FQDN', v);
      assert.ok(normalized.ok);
      return indicatorHash('FQDN', normalized.value);
    });
    assert.equal(new Set(hashes).size, 1);
  });
});
