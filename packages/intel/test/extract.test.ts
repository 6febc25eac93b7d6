import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractIndicators, normalizeIndicatorValue } from '../src/index.js';

const REPORT = `
Summary: Between 2024-03-02 and 2024-03-09 the actor (tracked as UNC-1234, version 2.1.4.7 of its loader) sent
spearphishing e-mails from billing[@]invoices-secure[.]com and payroll@HR-Portal.example.org with an attachment
invoice.zip (MD5 44d88612fea8a8f36de82e1278abb02f, SHA-256
275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F). When opened, it runs install.sh and drops
C:\\Users\\Public\\update.dll; the DLL beacons to hxxps://cdn.evil-updates[.]net/api/v2/check?id=7&t=1 and to
185.220.101[.]45:8443 or [2001:DB8:0:0:0:0:0:1]:443. Fallback C2 lives in 203.0.113.0/24 and 2001:db8:bad::/48,
with a Tor mirror at abcdefghijklmnopqrstuvwxyz234567[.]onion. It exploits CVE-2021-44228 and cve-2023-4966
(see https://nvd.nist.gov/vuln/detail/CVE-2023-4966). Related hash (SHA-1): 3395856ce81f2b7382dee72602f798b642f14140.
The same MD5 44D88612FEA8A8F36DE82E1278ABB02F was reported again by a partner (see the README.md shipped with it,
System.Net.WebClient calls and window.open() in the dropper). Contact: soc@Example.COM.
`;

describe('extractIndicators', () => {
  test('a realistic threat report with defanged indicators', () => {
    assert.deepEqual(extractIndicators(REPORT), [
      { type: 'Email Address', value: 'billing@invoices-secure.com' },
      { type: 'Email Address', value: 'payroll@hr-portal.example.org' },
      { type: 'MD5', value: '44d88612fea8a8f36de82e1278abb02f' },
      { type: 'SHA-256', value: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' },
      { type: 'URL', value: 'https://cdn.evil-updates.net/api/v2/check?id=7&t=1' },
      { type: 'IP Address', value: '185.220.101.45' },
      { type: 'IPv6 Address', value: '2001:db8::1' },
      { type: 'CIDR Block', value: '203.0.113.0/24' },
      { type: 'CIDR Block', value: '2001:db8:bad::/48' },
      { type: 'FQDN', value: 'abcdefghijklmnopqrstuvwxyz234567.onion' },
      { type: 'CVE', value: 'CVE-2021-44228' },
      { type: 'CVE', value: 'CVE-2023-4966' },
      { type: 'URL', value: 'https://nvd.nist.gov/vuln/detail/CVE-2023-4966' },
      { type: 'SHA-1', value: '3395856ce81f2b7382dee72602f798b642f14140' },
      { type: 'Email Address', value: 'soc@example.com' },
    ]);
  });

  test('every extracted value is already canonical for its type', () => {
    for (const { type, value } of extractIndicators(REPORT)) {
      assert.deepEqual(normalizeIndicatorValue(type, value), { ok: true, value }, `${type} ${value}`);
    }
  });

  test('text without indicators gives nothing', () => {
    const prose = `We met at 10:30 on 2024-03-02, spent $1,234.56 and read chapters 3.2.1 and 4.1 of the book.
Version 1.2.3.4 fixed it; see README.md, main.py and install.sh. Call obj.run() or System.Net.Http, e.g. and i.e. are fine.
The UUID 123e4567-e89b-12d3-a456-426614174000 and the number 12345678901234567890123456789012 are not hashes; neither is
deadbeefdeadbeefdeadbeefdeadbeef... (only letters). std::string and a::b are C++. IP 999.1.1.1 and 01.02.03.04 are invalid.`;
    assert.deepEqual(extractIndicators(prose), []);
    assert.deepEqual(extractIndicators(''), []);
    assert.deepEqual(extractIndicators('   \n\t'), []);
    assert.deepEqual(extractIndicators(undefined as unknown as string), []);
  });

  test('defanged forms of each kind', () => {
    const text = 'hxxp://a[.]example/x fxp://files(.)example/y 192[.]0[.]2[.]1 evil{.}net bad[at]evil[dot]net https[:]//b[.]example/';
    assert.deepEqual(extractIndicators(text), [
      { type: 'URL', value: 'http://a.example/x' },
      { type: 'URL', value: 'ftp://files.example/y' },
      { type: 'IP Address', value: '192.0.2.1' },
      { type: 'FQDN', value: 'evil.net' },
      { type: 'Email Address', value: 'bad@evil.net' },
      { type: 'URL', value: 'https://b.example/' },
    ]);
  });

  test('URLs in prose lose trailing punctuation and unbalanced brackets but keep balanced ones', () => {
    const text = 'Visit http://a.example/x. Or (http://b.example/y), [http://c.example/z] and http://d.example/wiki/Foo_(bar)! "http://e.example/q?x=1"';
    assert.deepEqual(extractIndicators(text).map((i) => i.value), [
      'http://a.example/x',
      'http://b.example/y',
      'http://c.example/z',
      'http://d.example/wiki/Foo_(bar)',
      'http://e.example/q?x=1',
    ]);
  });

  test('de-duplicates by normalized value and type, keeping the first appearance', () => {
    const text = 'EVIL.net, evil[.]net and evil.net. 8.8.8.8 then 8.8.8[.]8; http://X.example:80/ and http://x.example/';
    assert.deepEqual(extractIndicators(text), [
      { type: 'FQDN', value: 'evil.net' },
      { type: 'IP Address', value: '8.8.8.8' },
      { type: 'URL', value: 'http://x.example/' },
    ]);
  });

  test('domains need a known TLD; file names and code are not domains', () => {
    assert.deepEqual(extractIndicators('report.pdf setup.exe archive.tar.gz evil.local node.js documentation.example tests.test'), []);
    assert.deepEqual(extractIndicators('evil.sh install.sh evil[.]sh cdn.evil.sh'), [
      { type: 'FQDN', value: 'evil.sh' }, // the defanged one
      { type: 'FQDN', value: 'cdn.evil.sh' },
    ]);
    assert.deepEqual(extractIndicators('Microsoft.Win32.Registry and Evil.Example.COM'), [{ type: 'FQDN', value: 'evil.example.com' }]);
    assert.deepEqual(extractIndicators('пример.рф and Bücher.de'), [
      { type: 'FQDN', value: 'xn--e1afmkfd.xn--p1ai' },
      { type: 'FQDN', value: 'xn--bcher-kva.de' },
    ]);
  });

  test('IP addresses at word and number boundaries', () => {
    assert.deepEqual(extractIndicators('(10.0.0.1) 10.0.0.2, 10.0.0.3: 10.0.0.4. x10.0.0.5 10.0.0.6x 10.0.0.7.8 10.0.0.8/33 10.0.0.9/32').map((i) => i.value), [
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.9/32',
    ]);
    assert.deepEqual(extractIndicators('fe80::1 and 2001:db8::1: then 1:2:3:4:5:6:7:8'), [
      { type: 'IPv6 Address', value: 'fe80::1' },
      { type: 'IPv6 Address', value: '2001:db8::1' },
      { type: 'IPv6 Address', value: '1:2:3:4:5:6:7:8' },
    ]);
  });

  test('hashes must stand alone with an exact hash length', () => {
    const md5 = '44d88612fea8a8f36de82e1278abb02f';
    assert.deepEqual(extractIndicators(`${md5}0 x${md5} ${md5}_ ${md5.slice(1)}`), []);
    assert.deepEqual(extractIndicators(`md5:${md5}`), [{ type: 'MD5', value: md5 }]);
  });

  test('big input with many indicators and long runs without any', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `host${i}.evil.net 10.${i % 250}.0.1 ${'ab.'.repeat(50)}`);
    const found = extractIndicators(lines.join('\n'));
    assert.equal(found.filter((f) => f.type === 'FQDN').length, 2000);
    assert.equal(found.filter((f) => f.type === 'IP Address').length, 250);
    assert.deepEqual(extractIndicators('a'.repeat(200_000) + ' ' + '1.'.repeat(100_000)), []);
  });
});
