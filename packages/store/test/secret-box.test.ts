import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretBox } from '../src/crypto/secret-box.js';

describe('secret box', () => {
  const box = createSecretBox('server-secret-one-0123456789abcdef');

  it('round-trips and uses a fresh IV every time', () => {
    const a = box.seal('the key ✓');
    const b = box.seal('the key ✓');
    assert.notEqual(a, b);
    assert.equal(box.open(a), 'the key ✓');
    assert.equal(box.open(b), 'the key ✓');
    assert.match(a, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('cannot be opened with another secret', () => {
    const sealed = box.seal('k');
    assert.throws(() => createSecretBox('server-secret-two-0123456789abcdef').open(sealed));
  });

  it('detects tampering and rejects malformed input', () => {
    const [v, iv, ct, tag] = box.seal('some api key').split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => box.open([v, iv, flipped.toString('base64url'), tag].join('.')));
    assert.throws(() => box.open('v2.a.b.c'));
    assert.throws(() => box.open('nonsense'));
    assert.throws(() => createSecretBox(''));
  });
});
