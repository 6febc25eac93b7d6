import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageTokenCodec, parseIsoTime } from '../src/index.js';

describe('parseIsoTime', () => {
  it('accepts every form Threat Stack clients send; naive is UTC', () => {
    const base = Date.UTC(2024, 2, 1);
    assert.equal(parseIsoTime('2024-03-01'), base);
    assert.equal(parseIsoTime('2024-03-01T12'), base + 12 * 3600_000);
    assert.equal(parseIsoTime('2024-03-01T12:30'), base + 12.5 * 3600_000);
    assert.equal(parseIsoTime('2024-03-01T12:30:15'), base + 12.5 * 3600_000 + 15_000);
    assert.equal(parseIsoTime('2024-03-01T12:30:15.123456'), base + 12.5 * 3600_000 + 15_123);
    assert.equal(parseIsoTime('2024-03-01T12:30:15Z'), base + 12.5 * 3600_000 + 15_000);
    assert.equal(parseIsoTime('2024-03-01T12:30:15+02:00'), base + 10.5 * 3600_000 + 15_000);
    assert.equal(parseIsoTime('2024-03-01T12:30:15-0130'), base + 14 * 3600_000 + 15_000);
  });
  it('refuses the rest', () => {
    for (const bad of ['', 'yesterday', '2024-3-1', '2024-02-30', '2024-13-01', '2024-03-01T24:00', '2024-03-01T12:60', '2024-03-01T12:30:15+25:00', '1709251200000', '2024-03-01T12:30:15.1234567891']) {
      assert.equal(parseIsoTime(bad), undefined, bad);
    }
  });
});

describe('page tokens', () => {
  const codec = pageTokenCodec('s'.repeat(32), 'alerts');
  it('round-trip for the same query regardless of parameter order', () => {
    const token = codec.encode([123, 'abc'], { status: 'active', severity: 1 });
    assert.match(token, /^[A-Za-z0-9_.-]+$/);
    assert.deepEqual(codec.decode(token, { severity: 1, status: 'active', token }), [123, 'abc']);
  });
  it('refuse another query, another scope, another secret, or an edit', () => {
    const token = codec.encode([123, 'abc'], { status: 'active' });
    assert.throws(() => codec.decode(token, { status: 'dismissed' }), /other parameters/);
    assert.throws(() => pageTokenCodec('s'.repeat(32), 'agents').decode(token, { status: 'active' }), /token/);
    assert.throws(() => pageTokenCodec('t'.repeat(32), 'alerts').decode(token, { status: 'active' }), /not issued/);
    assert.throws(() => codec.decode('x' + token, { status: 'active' }), /token/);
    assert.throws(() => codec.decode('garbage', { status: 'active' }), /malformed/);
  });
  it('refuse every other spelling of the signature, even one that decodes to the same bytes', () => {
    const token = codec.encode([123, 'abc'], { status: 'active' });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // A 16-byte signature is 22 characters; the last carries 2 bits and 4 spare ones.
    const last = alphabet.indexOf(token.at(-1)!);
    const sameBytes = token.slice(0, -1) + alphabet[last ^ 1];
    assert.deepEqual(Buffer.from(sameBytes.split('.')[1]!, 'base64url'), Buffer.from(token.split('.')[1]!, 'base64url'));
    assert.throws(() => codec.decode(sameBytes, { status: 'active' }), /not issued/);
    assert.throws(() => codec.decode(token + 'A', { status: 'active' }), /not issued/);
  });
});
