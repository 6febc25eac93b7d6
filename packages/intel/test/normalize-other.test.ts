import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INDICATOR_TYPES, MAX_INDICATOR_VALUE_LENGTH, normalizeIndicatorValue } from '../src/index.js';
import { assertCanonical, assertRejected } from './assert-normalized.js';

const HASHES = [
  ['MD5', 32],
  ['SHA-1', 40],
  ['SHA-256', 64],
  ['SHA-384', 96],
  ['SHA-512', 128],
] as const;

describe('file hashes', () => {
  for (const [type, length] of HASHES) {
    test(`${type}: exactly ${length} hex digits, lower case`, () => {
      const hex = '0123456789abcdef'.repeat(8).slice(0, length);
      assertCanonical(type, [
        [hex, hex],
        [hex.toUpperCase(), hex],
        [`  ${hex.toUpperCase()}\t`, hex],
      ]);
      assertRejected(type, [hex.slice(1), `${hex}0`, hex.slice(0, 8)], new RegExp(`expected ${length} hexadecimal digits, got`));
      assertRejected(type, [`${hex.slice(1)}g`, `${hex.slice(2)} 0`, `0x${hex.slice(2)}`, `${hex.slice(1)}-`], /only hexadecimal digits/);
    });
  }

  test('a hash of the wrong type says which type it looks like', () => {
    assertRejected('SHA-256', ['44d88612fea8a8f36de82e1278abb02f'], /got 32; it looks like an MD5/);
    assertRejected('MD5', ['3395856ce81f2b7382dee72602f798b642f14140'], /got 40; it looks like a SHA-1/);
  });
});

describe('CVE', () => {
  test('upper case CVE-YYYY-NNNN+', () => {
    assertCanonical('CVE', [
      ['CVE-2021-44228', 'CVE-2021-44228'],
      ['cve-2014-0160', 'CVE-2014-0160'],
      [' Cve-1999-0001 ', 'CVE-1999-0001'],
      ['CVE-2024-1234567', 'CVE-2024-1234567'],
      ['CVE\u20112021\u201344228', 'CVE-2021-44228'], // non-breaking hyphen and en dash from a pasted report
    ]);
  });

  test('invalid ids', () => {
    assertRejected('CVE', ['CVE-2021-123', 'CVE-21-44228', 'CVE202144228', 'CVE-2021-4422a', 'CAN-2021-44228', '2021-44228', 'CVE-2021-44228x', 'CVE 2021 44228'], /expected CVE-YYYY-NNNN/);
    assertRejected('CVE', ['CVE-1998-0001'], /start at 1999/);
    assertRejected('CVE', ['CVE-2021-044228'], /cannot start with 0/);
  });
});

describe('ASN', () => {
  test('AS followed by the asplain number', () => {
    assertCanonical('ASN', [
      ['AS15169', 'AS15169'],
      ['as15169', 'AS15169'],
      ['AS 15169', 'AS15169'],
      ['ASN15169', 'AS15169'],
      ['15169', 'AS15169'],
      ['AS015169', 'AS15169'],
      ['AS1.10', 'AS65546'],
      ['AS4294967295', 'AS4294967295'],
    ]);
  });

  test('invalid numbers', () => {
    assertRejected('ASN', ['AS', 'ASX1', 'AS-1', 'AS1.2.3', 'AS 1 2', 'AS15169a', 'AS99999999999'], /expected AS followed by digits/);
    assertRejected('ASN', ['AS4294967296'], /above the 32-bit maximum/);
    assertRejected('ASN', ['AS65536.1', 'AS1.65536'], /asdot halves/);
    assertRejected('ASN', ['AS0', '0'], /AS0 is reserved/);
  });
});

describe('MAC Address', () => {
  test('lower-case colon form', () => {
    assertCanonical('MAC Address', [
      ['00:1A:2B:3C:4D:5E', '00:1a:2b:3c:4d:5e'],
      ['00-1a-2b-3c-4d-5e', '00:1a:2b:3c:4d:5e'],
      ['001A.2B3C.4D5E', '00:1a:2b:3c:4d:5e'],
      ['001a2b3c4d5e', '00:1a:2b:3c:4d:5e'],
    ]);
  });

  test('invalid addresses', () => {
    assertRejected(
      'MAC Address',
      ['00:1a:2b:3c:4d', '00:1a:2b:3c:4d:5e:6f', '00:1a-2b:3c:4d:5e', '0:1a:2b:3c:4d:5e', '00:1a:2b:3c:4d:5g', '001a2b3c4d5', '00:00:00:00:00:00:00:01'],
      /not a MAC address/,
    );
  });
});

describe('free-form types', () => {
  const FREE_FORM = ['String', 'Mutex', 'Filename', 'File Path', 'Registry Key', 'User-agent', 'Username', 'Password',
    'Email Subject', 'X-Mailer', 'Binary String', 'Service Name', 'URL Path', 'Fuzzy Hash', 'x509 Subject'];

  test('kept as sent after trimming, case and inner spacing included', () => {
    for (const type of FREE_FORM) {
      assertCanonical(type, [
        ['  Global\\MyMutex  ', 'Global\\MyMutex'],
        ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'],
        ['line one\nline  two', 'line one\nline  two'],
        ['hxxp://not[.]refanged', 'hxxp://not[.]refanged'],
        ['日本語 😀', '日本語 😀'],
      ]);
    }
  });

  test('NUL and unpaired surrogates are rejected without echoing the value', () => {
    for (const type of FREE_FORM) {
      assertRejected(type, ['a\u0000b'], /contains a NUL character/);
      assertRejected(type, ['a\uD800b', 'a\uDC00', '\uD83D'], /unpaired UTF-16 surrogate/);
    }
    const result = normalizeIndicatorValue('Password', 'hunter2\u0000');
    assert.ok(!result.ok && !result.reason.includes('hunter2'));
  });
});

describe('every type', () => {
  test('empty and whitespace-only values are rejected', () => {
    for (const { name } of INDICATOR_TYPES) assertRejected(name, ['', '   ', '\n\t'], /value is empty/);
  });

  test(`values longer than ${MAX_INDICATOR_VALUE_LENGTH} characters are rejected, the limit itself is allowed`, () => {
    for (const { name } of INDICATOR_TYPES) {
      assertRejected(name, ['a'.repeat(MAX_INDICATOR_VALUE_LENGTH + 1), `http://e.com/${'a'.repeat(1_000_000)}`], /longer than 2048 characters/);
    }
    assertCanonical('String', [['x'.repeat(MAX_INDICATOR_VALUE_LENGTH), 'x'.repeat(MAX_INDICATOR_VALUE_LENGTH)]]);
    assertCanonical('URL', [[`http://e.com/${'a'.repeat(MAX_INDICATOR_VALUE_LENGTH - 13)}`, `http://e.com/${'a'.repeat(MAX_INDICATOR_VALUE_LENGTH - 13)}`]]);
    // Counted in code points: 2048 emoji are 4096 UTF-16 units but within the limit.
    assertCanonical('String', [['😀'.repeat(MAX_INDICATOR_VALUE_LENGTH), '😀'.repeat(MAX_INDICATOR_VALUE_LENGTH)]]);
    assertRejected('String', ['😀'.repeat(MAX_INDICATOR_VALUE_LENGTH + 1)], /longer than/);
  });

  test('type names are matched case-insensitively; unknown types are named in the reason', () => {
    assert.deepEqual(normalizeIndicatorValue('ip address', '8.8.8.8'), { ok: true, value: '8.8.8.8' });
    assert.deepEqual(normalizeIndicatorValue(' fqdn ', 'Example.com'), { ok: true, value: 'example.com' });
    assertRejected('Domain', ['example.com'], /Unknown indicator type "Domain"/);
    assertRejected('', ['x'], /Unknown indicator type/);
  });

  test('wrong JavaScript types from untyped callers are rejected, not thrown', () => {
    const call = normalizeIndicatorValue as (type: unknown, value: unknown) => ReturnType<typeof normalizeIndicatorValue>;
    for (const value of [undefined, null, 42, {}, ['8.8.8.8']]) {
      const result = call('IP Address', value);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, /must be a string/);
    }
    for (const type of [undefined, null, {}, 15]) {
      assert.equal(call(type, '8.8.8.8').ok, type === 15, String(type));
    }
  });

  test('normalizing a canonical value again changes nothing', () => {
    const samples: Record<string, string> = {
      'IP Address': '198.51.100[.]3', 'IPv6 Address': '2001:DB8::0:1', 'CIDR Block': '10.9.8.7/16', FQDN: 'Ex[.]Com.',
      URL: 'HXXP://Ex[.]com:80/A', 'Email Address': 'A@B[.]Com', MD5: 'D41D8CD98F00B204E9800998ECF8427E', CVE: 'cve-2020-1472',
      ASN: 'as 1.1', 'MAC Address': '00-AA-BB-CC-DD-EE', String: ' x ',
    };
    for (const [type, input] of Object.entries(samples)) {
      const first = normalizeIndicatorValue(type, input);
      assert.ok(first.ok, `${type} ${input}`);
      assert.deepEqual(normalizeIndicatorValue(type, first.value), first, type);
    }
  });
});
