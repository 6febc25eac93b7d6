import { describe, test } from 'node:test';
import { assertCanonical, assertRejected } from './assert-normalized.js';

describe('IP Address (IPv4)', () => {
  test('canonical dotted quad, trimmed and refanged', () => {
    assertCanonical('IP Address', [
      ['8.8.8.8', '8.8.8.8'],
      ['  192.0.2.1\n', '192.0.2.1'],
      ['0.0.0.0', '0.0.0.0'],
      ['255.255.255.255', '255.255.255.255'],
      ['198.51.100[.]3', '198.51.100.3'],
      ['198(.)51(.)100(.)3', '198.51.100.3'],
      ['198[dot]51[dot]100[dot]3', '198.51.100.3'],
    ]);
  });

  test('leading zeros are ambiguous (octal) and rejected', () => {
    assertRejected('IP Address', ['010.0.0.1', '192.168.01.1', '1.2.3.00'], /ambiguous.*leading zero/);
  });

  test('out of range, wrong shape, other notations', () => {
    assertRejected('IP Address', ['256.1.1.1', '1.2.3.999'], /above 255/);
    assertRejected('IP Address', ['1.2.3', '1.2.3.4.5', '3232235777', 'localhost'], /four dot-separated numbers/);
    assertRejected('IP Address', ['0x7f.0.0.1', '1.2.3.-4', '1.2.3.4 ', '1.2. 3.4', '+1.2.3.4'].map((s) => `${s}x`), /not an IPv4 address/);
    assertRejected('IP Address', ['1.2.3.a', '1.2.3.1e2', '1..2.3', '1.2.3.'], /not a number from 0 to 255/);
  });

  test('points at the right type', () => {
    assertRejected('IP Address', ['2001:db8::1', '[2001:db8::1]'], /IPv6 address; use the type "IPv6 Address"/);
    assertRejected('IP Address', ['10.0.0.0/8'], /use the type "CIDR Block"/);
  });
});

describe('IPv6 Address', () => {
  test('RFC 5952 canonical form', () => {
    assertCanonical('IPv6 Address', [
      ['2001:DB8::1', '2001:db8::1'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
      ['FE80::0:0:1', 'fe80::1'],
      ['::1', '::1'],
      ['::', '::'],
      [' [2001:db8::1] ', '2001:db8::1'],
      ['::FFFF:C000:0201', '::ffff:192.0.2.1'], // RFC 5952 §5 mixed notation for mapped addresses
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ]);
  });

  test('invalid addresses', () => {
    assertRejected('IPv6 Address', ['1::2::3', 'gggg::1', '2001:db8:0:0:0:0:0:0:1', '12345::1', ':::', '2001:db8::1]', ''.padEnd(40, 'a:')], /not a valid IPv6 address/);
    assertRejected('IPv6 Address', ['fe80::1%eth0', '[fe80::1%25eth0]'], /zone id/);
    assertRejected('IPv6 Address', ['192.0.2.1'], /IPv4 address; use the type "IP Address"/);
    assertRejected('IPv6 Address', ['2001:db8::/32'], /use the type "CIDR Block"/);
  });
});

describe('CIDR Block', () => {
  test('canonical network address and prefix, IPv4 and IPv6', () => {
    assertCanonical('CIDR Block', [
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['10.1.2.3/8', '10.0.0.0/8'], // host bits cleared: the same block
      ['192.168.1.77/31', '192.168.1.76/31'],
      ['192.0.2.1/32', '192.0.2.1/32'],
      ['128.0.0.0/1', '128.0.0.0/1'],
      ['255.255.255.255/1', '128.0.0.0/1'],
      [' 203.0.113[.]0/24 ', '203.0.113.0/24'],
      ['2001:DB8::1/32', '2001:db8::/32'],
      ['2001:db8:abcd:12ff::/56', '2001:db8:abcd:1200::/56'],
      ['2001:db8::1/128', '2001:db8::1/128'],
      ['::ffff:192.0.2.7/120', '::ffff:192.0.2.0/120'],
    ]);
  });

  test('prefix checks', () => {
    assertRejected('CIDR Block', ['10.0.0.0/33', '2001:db8::/129'], /above the (32|128) bits/);
    assertRejected('CIDR Block', ['10.0.0.0/0', '::/0'], /covers every address/);
    assertRejected('CIDR Block', ['10.0.0.0/', '10.0.0.0/08', '10.0.0.0/8a', '10.0.0.0/-8', '10.0.0.0/1000', '10.0.0.0/8/8'], /invalid prefix length/);
    assertRejected('CIDR Block', ['10.0.0.0', '2001:db8::'], /no prefix length/);
  });

  test('bad addresses', () => {
    assertRejected('CIDR Block', ['10.0.0/8', '300.0.0.0/8', '010.0.0.0/8', 'example.com/24'], /not a valid CIDR block/);
    assertRejected('CIDR Block', ['2001:db8::g/32', 'fe80::%eth0/64'], /not a valid CIDR block/);
  });
});
