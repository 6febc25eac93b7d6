/**
 * IP addresses and CIDR blocks (`ip.ts`): parsing, mapped addresses, zones, prefix boundaries and errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cidrContains, parseCidr, parseIp } from '../src/index.js';

describe('parseIp', () => {
  test('IPv4, IPv6, mapped, zones and prefixes', () => {
    assert.deepEqual(parseIp('192.0.2.1'), { version: 4, words: [0xc0000201] });
    assert.deepEqual(parseIp('::ffff:192.0.2.1'), { version: 4, words: [0xc0000201] });
    assert.deepEqual(parseIp('::ffff:c000:201'), { version: 4, words: [0xc0000201] });
    assert.deepEqual(parseIp('2001:db8::1'), { version: 6, words: [0x20010db8, 0, 0, 1] });
    assert.deepEqual(parseIp('fe80::1%eth0'), { version: 6, words: [0xfe800000, 0, 0, 1] });
    assert.deepEqual(parseIp('::'), { version: 6, words: [0, 0, 0, 0] });
    assert.deepEqual(parseIp('1::'), { version: 6, words: [0x00010000, 0, 0, 0] });
    assert.deepEqual(parseIp('64:ff9b::192.0.2.33'), { version: 6, words: [0x0064ff9b, 0, 0, 0xc0000221] });
    assert.deepEqual(parseIp(' 10.0.0.1/8 '), { version: 4, words: [0x0a000001] });
    assert.deepEqual(parseIp('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), { version: 6, words: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] });
  });

  test('rejects what is not an address', () => {
    for (const s of ['', 'localhost', '1.2.3', '256.0.0.1', '010.0.0.1', '1::2::3', 'gggg::', '::ffff:1.2.3']) assert.equal(parseIp(s), undefined, s);
  });
});

describe('parseCidr and cidrContains', () => {
  const inside = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr), parseIp(ip)!);

  test('prefix boundaries', () => {
    assert.equal(inside('172.16.0.0/12', '172.31.255.255'), true);
    assert.equal(inside('172.16.0.0/12', '172.32.0.0'), false);
    assert.equal(inside('172.16.0.0/12', '172.15.255.255'), false);
    assert.equal(inside('10.0.0.7/32', '10.0.0.7'), true);
    assert.equal(inside('10.0.0.7', '10.0.0.8'), false);
    assert.equal(inside('0.0.0.0/0', '255.255.255.255'), true);
    assert.equal(inside('fc00::/7', 'fdff::1'), true);
    assert.equal(inside('fc00::/7', 'fe00::1'), false);
    assert.equal(inside('2001:db8::/33', '2001:db8:7fff::1'), true);
    assert.equal(inside('2001:db8::/33', '2001:db8:8000::1'), false);
    assert.equal(inside('2001:db8::1/128', '2001:db8::1'), true);
    assert.equal(inside('::/0', '::1'), true);
  });

  test('host bits are ignored and families never mix', () => {
    assert.deepEqual(parseCidr('10.1.2.3/8').network, [0x0a000000]);
    assert.equal(inside('::/0', '10.0.0.1'), false);
    assert.equal(inside('0.0.0.0/0', '2001:db8::1'), false);
  });

  test('mapped prefixes count IPv6 bits', () => {
    assert.equal(inside('::ffff:10.0.0.0/104', '10.9.9.9'), true);
    assert.equal(inside('::ffff:10.0.0.0/104', '11.0.0.1'), false);
    assert.throws(() => parseCidr('::ffff:10.0.0.0/64'), /out of range \(96–128\)/);
  });

  test('invalid blocks throw RangeError with a reason', () => {
    assert.throws(() => parseCidr('10.0.0.0/33'), RangeError);
    assert.throws(() => parseCidr('10.0.0.0/-1'), /invalid prefix length "-1"/);
    assert.throws(() => parseCidr('10.0.0.0/08x'), /invalid prefix length/);
    assert.throws(() => parseCidr('fe80::1%eth0/64'), /zone ids are not allowed/);
    assert.throws(() => parseCidr('nope/8'), /"nope" is not an IPv4 or IPv6 address/);
  });
});
