import { describe, test } from 'node:test';
import { assertCanonical, assertRejected } from './assert-normalized.js';

describe('FQDN', () => {
  test('lower case, trailing dot removed, refanged, IDN to punycode', () => {
    assertCanonical('FQDN', [
      ['example.com', 'example.com'],
      ['  WWW.Example.COM.  ', 'www.example.com'],
      ['evil[.]example[.]net', 'evil.example.net'],
      ['evil(.)example{.}net', 'evil.example.net'],
      ['Bücher.example', 'xn--bcher-kva.example'],
      ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
      ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
      ['example。com', 'example.com'], // ideographic full stop, as IDNA maps it
      ['_dmarc.example.com', '_dmarc.example.com'],
      ['a-b--c.example.com', 'a-b--c.example.com'],
      ['3com.com', '3com.com'],
      [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
      ['abcdefghijklmnopqrstuvwxyz234567.onion', 'abcdefghijklmnopqrstuvwxyz234567.onion'],
    ]);
  });

  test('label and length rules', () => {
    assertRejected('FQDN', ['-evil.example.com', 'evil-.example.com'], /starts or ends with a hyphen/);
    assertRejected('FQDN', [`${'a'.repeat(64)}.example`], /label longer than 63/);
    assertRejected('FQDN', [Array.from({ length: 60 }, () => 'abcd').join('.') + '.com'], /longer than the 253 characters/);
    assertRejected('FQDN', ['a..example.com', '.example.com', '\u00ad.example.com'], /empty label/);
    assertRejected('FQDN', ['localhost', 'intranet.'], /single label/);
    assertRejected('FQDN', ['example.c0m', 'example.123x', 'example.c', 'host.under_score'], /top-level domain/);
    assertRejected('FQDN', ['exa mple.com', 'exa\tmple.com'], /(a space|whitespace)/);
    assertRejected('FQDN', ['exa$mple.com', 'example.com/path', 'example.com:443', 'exa%41mple.com', 'a*.example.com'], /contains the character/);
    assertRejected('FQDN', ['xn--a.com', 'xn--zzzzzzzz.com'], /cannot be converted to punycode/);
  });

  test('points at the right type', () => {
    assertRejected('FQDN', ['http://example.com', 'hxxps://example[.]com'], /is a URL.*use the type "URL"/);
    assertRejected('FQDN', ['user@example.com'], /use the type "Email Address"/);
    assertRejected('FQDN', ['192.0.2.1', '10.0.0'], /use the type "IP Address"/);
  });
});

describe('URL', () => {
  test('scheme and host canonical, the rest as sent', () => {
    assertCanonical('URL', [
      ['http://example.com/', 'http://example.com/'],
      ['HTTP://WWW.Example.COM/Path/To?Q=Upper#Frag', 'http://www.example.com/Path/To?Q=Upper#Frag'],
      ['https://example.com:443/a', 'https://example.com/a'],
      ['http://example.com:80', 'http://example.com'],
      ['https://example.com:8443/a', 'https://example.com:8443/a'],
      ['http://example.com:0080/a', 'http://example.com/a'],
      ['http://example.com:443/a', 'http://example.com:443/a'],
      ['ftp://files.example.com:21/x', 'ftp://files.example.com/x'],
      ['http://example.com/a/%2e%2e/b/../c', 'http://example.com/a/%2e%2e/b/../c'],
      ['http://User:Pass@Example.com/', 'http://User:Pass@example.com/'],
      ['http://Bücher.example/straße', 'http://xn--bcher-kva.example/straße'],
      ['http://[2001:DB8::1]:8080/x', 'http://[2001:db8::1]:8080/x'],
      ['http://192.0.2.1/a.exe', 'http://192.0.2.1/a.exe'],
      ['http://localhost:3000/', 'http://localhost:3000/'],
      ['http://example.com?q=1', 'http://example.com?q=1'],
      ['http://example.com\\evil', 'http://example.com\\evil'],
      ['evil.example/payload.exe', 'evil.example/payload.exe'], // no scheme: kept without one
      ['Evil.Example:8080/x', 'evil.example:8080/x'],
    ]);
  });

  test('defanged forms are refanged', () => {
    assertCanonical('URL', [
      ['hxxp://evil[.]example/a', 'http://evil.example/a'],
      ['hxxps://evil[.]example/a', 'https://evil.example/a'],
      ['HXXPS://evil(.)example/a', 'https://evil.example/a'],
      ['hxxps[://]evil[.]example/a', 'https://evil.example/a'],
      ['https[:]//evil[.]example/a', 'https://evil.example/a'],
      ['fxp://files[.]example/a', 'ftp://files.example/a'],
      ['h[xx]p://evil[dot]example/', 'http://evil.example/'],
    ]);
  });

  test('invalid URLs', () => {
    assertRejected('URL', ['http://exa mple.com/', 'http://example.com/a b', 'http://example.com/\u0000'], /whitespace or control/);
    assertRejected('URL', ['http:///path', 'http://', 'http://user@/x'], /no host/);
    assertRejected('URL', ['http://example.com:99999/', 'http://example.com:8o/', 'http://example.com:-1/'], /port/);
    assertRejected('URL', ['http://[2001:db8::1/x'], /no closing bracket/);
    assertRejected('URL', ['http://[2001:db8::1]x/'], /unexpected text after the IPv6 host/);
    assertRejected('URL', ['http://[2001:db8::g]/'], /not a valid IPv6 address/);
    assertRejected('URL', ['http://-bad-.example/', 'http://ex$ample.com/'], /not a valid URL/);
    assertRejected('URL', ['http://256.1.1.1/', 'http://01.1.1.1/'], /not a valid URL/);
    assertRejected('URL', ['mailto:someone@example.com', 'javascript:alert(1)'], /not a URL with a host/);
  });
});

describe('Email Address', () => {
  test('domain lower-cased and punycoded, local part as sent', () => {
    assertCanonical('Email Address', [
      ['Bob.Smith@EXAMPLE.COM', 'Bob.Smith@example.com'],
      ['  billing+invoices@Example.com  ', 'billing+invoices@example.com'],
      ['billing[@]evil[.]example', 'billing@evil.example'],
      ['billing[at]evil[dot]example', 'billing@evil.example'],
      ['billing [at] evil [dot] example', 'billing@evil.example'],
      ['mailto:a@b.example', 'a@b.example'],
      ['<a@b.example>', 'a@b.example'],
      ['info@Bücher.example', 'info@xn--bcher-kva.example'],
      ["o'brien_x-y%z@example.org", "o'brien_x-y%z@example.org"],
    ]);
  });

  test('invalid addresses', () => {
    assertRejected('Email Address', ['example.com', 'bob'], /has no @/);
    assertRejected('Email Address', ['@example.com'], /nothing before the @/);
    assertRejected('Email Address', ['bob@'], /nothing after the @/);
    assertRejected('Email Address', [`${'a'.repeat(65)}@example.com`], /longer than 64/);
    assertRejected('Email Address', ['bo b@example.com', 'a@b@example.com', '"bob"@example.com', 'bob,x@example.com'], /needs quoting/);
    assertRejected('Email Address', ['.bob@example.com', 'bob.@example.com', 'bo..b@example.com'], /misplaced dot/);
    assertRejected('Email Address', ['bob@localhost', 'bob@[192.0.2.1]', 'bob@-x.example', 'bob@example'], /not an e-mail address/);
  });
});
