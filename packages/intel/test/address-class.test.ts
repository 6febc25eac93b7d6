import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyAddress, isPublicAddress, SPECIAL_RANGES } from '../src/index.js';

// Every range of the IANA IPv4 and IPv6 Special-Purpose Address Registries (plus multicast and reserved
// space): its first and last address, and the range and scope each must be classified in.
const RANGES: Array<[cidr: string, first: string, last: string, scope: string]> = [
  ['0.0.0.0/8', '0.0.0.0', '0.255.255.255', 'special'],
  ['10.0.0.0/8', '10.0.0.0', '10.255.255.255', 'private'],
  ['100.64.0.0/10', '100.64.0.0', '100.127.255.255', 'private'],
  ['127.0.0.0/8', '127.0.0.0', '127.255.255.255', 'loopback'],
  ['169.254.0.0/16', '169.254.0.0', '169.254.255.255', 'special'],
  ['172.16.0.0/12', '172.16.0.0', '172.31.255.255', 'private'],
  ['192.0.0.0/24', '192.0.0.0', '192.0.0.255', 'special'],
  ['192.0.2.0/24', '192.0.2.0', '192.0.2.255', 'special'],
  ['192.31.196.0/24', '192.31.196.0', '192.31.196.255', 'special'],
  ['192.52.193.0/24', '192.52.193.0', '192.52.193.255', 'special'],
  ['192.88.99.0/24', '192.88.99.0', '192.88.99.255', 'special'],
  ['192.168.0.0/16', '192.168.0.0', '192.168.255.255', 'private'],
  ['192.175.48.0/24', '192.175.48.0', '192.175.48.255', 'special'],
  ['198.18.0.0/15', '198.18.0.0', '198.19.255.255', 'special'],
  ['198.51.100.0/24', '198.51.100.0', '198.51.100.255', 'special'],
  ['203.0.113.0/24', '203.0.113.0', '203.0.113.255', 'special'],
  ['224.0.0.0/4', '224.0.0.0', '239.255.255.255', 'special'],
  ['255.255.255.255/32', '255.255.255.255', '255.255.255.255', 'special'],
  ['240.0.0.0/4', '240.0.0.0', '255.255.255.254', 'special'],
  ['::/128', '::', '::', 'special'],
  ['::1/128', '::1', '::1', 'loopback'],
  ['::ffff:0:0/96', '::ffff:0.0.0.0', '::ffff:255.255.255.255', 'special'],
  ['::ffff:0:0:0/96', '::ffff:0:0:0', '::ffff:0:ffff:ffff', 'special'],
  ['::/96', '::0.0.0.2', '::255.255.255.255', 'special'],
  ['64:ff9b::/96', '64:ff9b::', '64:ff9b::ffff:ffff', 'special'],
  ['64:ff9b:1::/48', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['100::/64', '100::', '100::ffff:ffff:ffff:ffff', 'special'],
  ['2001::/32', '2001::', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['2001:db8::/32', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['2001::/23', '2001:1::1', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['2001::/23', '2001:2::1', '2001:2:0:ffff::1', 'special'], // benchmarking 2001:2::/48
  ['2001::/23', '2001:20::1', '2001:2f::1', 'special'], // ORCHIDv2 2001:20::/28
  ['2002::/16', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['2620:4f:8000::/48', '2620:4f:8000::', '2620:4f:8000:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['3fff::/20', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['5f00::/16', '5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['fc00::/7', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
  ['fe80::/10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['fec0::/10', 'fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['ff00::/8', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
  ['2000::/3', '::1:0:0:0', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'], // outside global unicast
  ['2000::/3', '4000::', 'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'special'],
];

describe('address classification', () => {
  test('every IANA special-purpose range, first and last address', () => {
    for (const [cidr, first, last, scope] of RANGES) {
      for (const ip of [first, last]) {
        const c = classifyAddress(ip);
        assert.equal(c?.range?.cidr, cidr, ip);
        assert.equal(c?.range?.scope, scope, ip);
        assert.equal(isPublicAddress(ip), false, ip);
      }
    }
    // Every range of the table is exercised, and nothing in the table goes untested.
    const tested = new Set(RANGES.map(([cidr]) => cidr));
    for (const r of SPECIAL_RANGES) assert.ok(tested.has(r.cidr), r.cidr);
  });

  test('the IPv6 spellings that embed IPv4 are special, whatever IPv4 they carry', () => {
    const cases: Array<[string, string]> = [
      ['[64:ff9b::7f00:1]', '64:ff9b::/96'], // NAT64 of 127.0.0.1
      ['64:ff9b::8.8.8.8', '64:ff9b::/96'], // NAT64 of a public address is still NAT64
      ['[2002:7f00:1::]', '2002::/16'], // 6to4 of 127.0.0.1
      ['[::127.0.0.1]', '::/96'], // IPv4-compatible (ipaddr.js alone reads this as IPv4-mapped)
      ['::7f00:1', '::/96'],
      ['[::ffff:0:7f00:1]', '::ffff:0:0:0/96'], // SIIT
      ['::ffff:8.8.8.8', '::ffff:0:0/96'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::/32'], // Teredo
      ['[fec0::1]', 'fec0::/10'],
      ['fe80::1%eth0', 'fe80::/10'],
    ];
    for (const [ip, cidr] of cases) {
      assert.equal(classifyAddress(ip)?.range?.cidr, cidr, ip);
      assert.equal(classifyAddress(ip)?.range?.scope, 'special', ip);
    }
  });

  test('IPv4-mapped loopback and private addresses keep the scope of the IPv4 host', () => {
    assert.equal(classifyAddress('::ffff:127.0.0.1')?.range?.scope, 'loopback');
    assert.equal(classifyAddress('::ffff:10.1.2.3')?.range?.scope, 'private');
    assert.equal(classifyAddress('::ffff:169.254.169.254')?.range?.scope, 'special');
  });

  test('every spelling of an IPv4 address is read as inet_aton reads it', () => {
    for (const ip of ['0x7f.1', '0177.0.0.1', '2130706433', '127.1']) {
      assert.equal(classifyAddress(ip)?.range?.cidr, '127.0.0.0/8', ip);
    }
  });

  test('public addresses, including the neighbours of special ranges', () => {
    for (const ip of ['8.8.8.8', '93.184.216.34', '1.1.1.1', '9.255.255.255', '11.0.0.0', '100.63.255.255',
      '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.255', '192.0.3.0', '192.88.98.255', '198.17.255.255',
      '198.20.0.0', '223.255.255.255', '2606:4700:4700::1111', '2001:200::1', '2001:db7:ffff::1', '2003::1',
      '2620:4f:7fff::1', '3fff:1000::1', '2001:4860:4860::8888']) {
      const c = classifyAddress(ip);
      assert.equal(c?.range, undefined, `${ip}: ${c?.range?.cidr}`);
      assert.equal(isPublicAddress(ip), true, ip);
    }
  });

  test('names and garbage are not addresses', () => {
    for (const text of ['example.com', '', '1.2.3.4.5', '::1]@[::2', 'fe80::1%', '256.1.1.1', ':::']) {
      assert.equal(classifyAddress(text), undefined, text);
      assert.equal(isPublicAddress(text), false, text);
    }
  });
});
