import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INDICATOR_TYPES, stixPattern, stixString } from '../src/index.js';

describe('stixPattern', () => {
  test('observable patterns per type', () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ['IP Address', '198.51.100.3', "[ipv4-addr:value = '198.51.100.3']"],
      ['IPv6 Address', '2001:db8::1', "[ipv6-addr:value = '2001:db8::1']"],
      ['CIDR Block', '203.0.113.0/24', "[ipv4-addr:value = '203.0.113.0/24']"],
      ['CIDR Block', '2001:db8::/32', "[ipv6-addr:value = '2001:db8::/32']"],
      ['FQDN', 'example.com', "[domain-name:value = 'example.com']"],
      ['URL', 'http://example.com/', "[url:value = 'http://example.com/']"],
      ['Email Address', 'a@example.com', "[email-addr:value = 'a@example.com']"],
      ['MAC Address', '00:1a:2b:3c:4d:5e', "[mac-addr:value = '00:1a:2b:3c:4d:5e']"],
      ['MD5', '44d88612fea8a8f36de82e1278abb02f', "[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']"],
      ['SHA-1', 'aa', "[file:hashes.'SHA-1' = 'aa']"],
      ['SHA-256', 'bb', "[file:hashes.'SHA-256' = 'bb']"],
      ['SHA-384', 'cc', "[file:hashes.'SHA-384' = 'cc']"],
      ['SHA-512', 'dd', "[file:hashes.'SHA-512' = 'dd']"],
      ['Fuzzy Hash', '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C', "[file:hashes.SSDEEP = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']"],
      ['Filename', 'invoice.zip', "[file:name = 'invoice.zip']"],
      ['File Path', 'C:\\Windows\\evil.exe', "[file:parent_directory_ref.path = 'C:\\\\Windows' AND file:name = 'evil.exe']"],
      ['File Path', 'C:\\evil.exe', "[file:parent_directory_ref.path = 'C:\\\\' AND file:name = 'evil.exe']"],
      ['File Path', '/tmp/x', "[file:parent_directory_ref.path = '/tmp' AND file:name = 'x']"],
      ['File Path', '/x', "[file:parent_directory_ref.path = '/' AND file:name = 'x']"],
      ['File Path', '/tmp/', "[directory:path = '/tmp/']"],
      ['Mutex', 'Global\\M', "[mutex:name = 'Global\\\\M']"],
      ['Registry Key', 'HKLM\\Software\\Run', "[windows-registry-key:key = 'HKLM\\\\Software\\\\Run']"],
      ['User-agent', 'Mozilla/5.0', "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0']"],
      ['Email Subject', 'Invoice', "[email-message:subject = 'Invoice']"],
      ['X-Mailer', 'PHPMailer', "[email-message:additional_header_fields.'X-Mailer' = 'PHPMailer']"],
      ['Username', 'admin', "[user-account:account_login = 'admin']"],
      ['ASN', 'AS15169', '[autonomous-system:number = 15169]'],
      ['x509 Serial', '0a1b', "[x509-certificate:serial_number = '0a1b']"],
      ['ip address', '192.0.2.1', "[ipv4-addr:value = '192.0.2.1']"],
    ];
    for (const [type, value, pattern] of cases) assert.equal(stixPattern(type, value), pattern, `${type} ${value}`);
  });

  test('quotes and backslashes are escaped, nothing else', () => {
    assert.equal(stixString("it's"), "'it\\'s'");
    assert.equal(stixString('a\\b'), "'a\\\\b'");
    assert.equal(stixString("\\'"), "'\\\\\\''");
    assert.equal(stixString('x] OR [file:name = \'y'), "'x] OR [file:name = \\'y'");
    assert.equal(stixString('line\nnext "quoted"'), "'line\nnext \"quoted\"'");
    assert.equal(stixPattern('URL', "http://e.com/?q='1'"), "[url:value = 'http://e.com/?q=\\'1\\'']");
  });

  test('an escaped value cannot end the string literal early', () => {
    for (const value of ["'", "\\", "\\'", "'\\", "a'] OR [x:y = 'z", "\\\\'"]) {
      const literal = stixString(value);
      // Walk the literal as the STIX grammar does: only \' and \\ are escapes, and the only bare quote is the last.
      let i = 1;
      let decoded = '';
      while (i < literal.length - 1) {
        if (literal[i] === '\\') {
          assert.ok(literal[i + 1] === "'" || literal[i + 1] === '\\', `${literal} has a bad escape`);
          decoded += literal[i + 1];
          i += 2;
        } else {
          assert.notEqual(literal[i], "'", `${literal} closes early`);
          decoded += literal[i];
          i += 1;
        }
      }
      assert.equal(i, literal.length - 1);
      assert.equal(decoded, value);
    }
  });

  test('types without an observable compare Vigil\'s custom object; unknown types have no pattern', () => {
    const custom: Record<string, string> = { CVE: 'x-vigil-cve', String: 'x-vigil-string', Password: 'x-vigil-password', 'Binary String': 'x-vigil-binary-string', 'File Mapping': 'x-vigil-file-mapping', 'GOST Hash': 'x-vigil-gost-hash', 'Hash ION': 'x-vigil-hash-ion', 'URL Path': 'x-vigil-url-path' };
    for (const [type, object] of Object.entries(custom)) assert.equal(stixPattern(type, "it's"), `[${object}:value = 'it\\'s']`, type);
    assert.equal(stixPattern('Fuzzy Hash', 'T1A2B3C4D5E6F'), "[x-vigil-fuzzy-hash:value = 'T1A2B3C4D5E6F']"); // TLSH, not ssdeep
    assert.equal(stixPattern('File Path', 'evil.exe'), "[x-vigil-file-path:value = 'evil.exe']", 'a bare name would read back as a Filename');
    assert.equal(stixPattern('File Path', 'C:\\tmp/evil.exe'), "[x-vigil-file-path:value = 'C:\\\\tmp/evil.exe']", 'the join would read C:\\tmp\\evil.exe');
    assert.equal(stixPattern('Unknown', 'x'), undefined);
  });

  test('every mapped type yields one bracketed comparison expression', () => {
    for (const { name } of INDICATOR_TYPES) {
      const pattern = stixPattern(name, 'AS1');
      if (pattern === undefined) continue;
      assert.match(pattern, /^\[[a-z0-9-]+:[^\s]+ = (?:'.*'|\d+)(?: AND [a-z0-9-]+:[^\s]+ = '.*')?\]$/, name);
    }
  });
});
