import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSockaddr } from '@vigil/agent';

const v6 = (groups: string, port = 443) =>
  `0A00${port.toString(16).padStart(4, '0').toUpperCase()}00000000${groups}00000000`;

describe('decodeSockaddr', () => {
  it('reads IPv4 and IPv6 addresses with their ports', () => {
    assert.deepEqual(decodeSockaddr('020000097F0000010000000000000000'), { family: 'inet', ip: '127.0.0.1', port: 9 });
    assert.deepEqual(decodeSockaddr(v6('00000000000000000000000000000001', 9)), { family: 'inet6', ip: '::1', port: 9 });
    assert.deepEqual(decodeSockaddr(v6('20010DB8000000000000000000000007')), { family: 'inet6', ip: '2001:db8::7', port: 443 });
    assert.deepEqual(decodeSockaddr(v6('20010DB8000000010000000000000001')), { family: 'inet6', ip: '2001:db8:0:1::1', port: 443 });
    assert.deepEqual(decodeSockaddr(v6('20010DB8000100000001000000000001')), { family: 'inet6', ip: '2001:db8:1:0:1::1', port: 443 }, 'the longest zero run');
    assert.deepEqual(decodeSockaddr(v6('00000000000000000000FFFFCB007107')), { family: 'inet6', ip: '203.0.113.7', port: 443 });
    assert.deepEqual(decodeSockaddr(v6('00000000000000000000000000000000')), { family: 'inet6', ip: '::', port: 443 });
  });

  it('reports other families and refuses what is too short or not hex', () => {
    assert.deepEqual(decodeSockaddr('01002F746D70'), { family: 'other', number: 1 });
    assert.deepEqual(decodeSockaddr('100000000000000000000000'), { family: 'other', number: 16 });
    assert.equal(decodeSockaddr('0200'), undefined);
    assert.equal(decodeSockaddr('0A000009'), undefined);
    assert.equal(decodeSockaddr('zz'), undefined);
    assert.equal(decodeSockaddr(''), undefined);
  });
});
