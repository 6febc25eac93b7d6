import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectIndicatorType, normalizeIndicatorValue } from '../src/index.js';

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['8.8.8.8', 'IP Address'],
  [' 198.51.100[.]3 ', 'IP Address'],
  ['2001:db8::1', 'IPv6 Address'],
  ['::ffff:192.0.2.1', 'IPv6 Address'],
  ['10.0.0.0/8', 'CIDR Block'],
  ['2001:db8::/32', 'CIDR Block'],
  ['evil.example.com', 'FQDN'],
  ['evil[.]com', 'FQDN'],
  ['Bücher.de', 'FQDN'],
  ['evil[.]sh', 'FQDN'], // defanged: meant as a domain
  ['cdn.evil.zip', 'FQDN'], // three labels: a host, not a file name
  ['http://evil.example/a', 'URL'],
  ['hxxps://evil[.]example/a', 'URL'],
  ['evil.example.com/payload.bin', 'URL'],
  ['billing@evil.example', 'Email Address'],
  ['billing[@]evil[.]example', 'Email Address'],
  ['44d88612fea8a8f36de82e1278abb02f', 'MD5'],
  ['3395856CE81F2B7382DEE72602F798B642F14140', 'SHA-1'],
  ['275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f', 'SHA-256'],
  ['a'.repeat(96), 'SHA-384'],
  ['0'.repeat(128), 'SHA-512'],
  ['CVE-2021-44228', 'CVE'],
  ['cve-2014-0160', 'CVE'],
  ['AS15169', 'ASN'],
  ['00:1a:2b:3c:4d:5e', 'MAC Address'],
  ['001a.2b3c.4d5e', 'MAC Address'],
  ['HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'Registry Key'],
  ['HKEY_CURRENT_USER\\Software\\Evil', 'Registry Key'],
  ['C:\\Windows\\Temp\\evil.exe', 'File Path'],
  ['\\\\server\\share\\evil.exe', 'File Path'],
  ['%APPDATA%\\evil.exe', 'File Path'],
  ['/tmp/.x/kworker', 'File Path'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36', 'User-agent'],
  ['curl/8.4.0 (x86_64-pc-linux-gnu)', 'User-agent'],
  ['report.pdf', 'Filename'],
  ['invoice.zip', 'Filename'], // .zip is a real TLD, but two labels read as a file
  ['install.sh', 'Filename'],
  ['Quarterly Report Q3.docm', 'Filename'],
];

describe('detectIndicatorType', () => {
  test('recognizes each kind of value', () => {
    for (const [value, type] of CASES) assert.equal(detectIndicatorType(value), type, value);
  });

  test('every detected network/hash value is accepted by its type', () => {
    for (const [value, type] of CASES) assert.ok(normalizeIndicatorValue(type, value).ok, `${type} ${value}`);
  });

  test('no guess for free text, empty, invalid or oversized values', () => {
    for (const value of ['', '   ', 'hello world', 'just some words.', '256.256.256.256x', 'http://exa mple.com', 'bob@', 'x'.repeat(5000),
      'example.invalidtld', '1.2.3.4.5', '12:30:45', 'CVE-21-1', 'localhost', '1.2.3']) {
      assert.equal(detectIndicatorType(value), undefined, value);
    }
    assert.equal(detectIndicatorType(undefined as unknown as string), undefined);
    assert.equal(detectIndicatorType(42 as unknown as string), undefined);
  });

  test('invalid forms of a clear kind are not guessed as another kind', () => {
    assert.equal(detectIndicatorType('010.0.0.1'), undefined); // ambiguous IPv4
    assert.equal(detectIndicatorType('10.0.0.0/33'), undefined);
    assert.equal(detectIndicatorType('http://[::1/'), undefined);
  });
});
