import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { hmacKey } from '../src/hmac-key.js';

test('an imported key MACs exactly like the key string, including non-ASCII keys', () => {
  for (const key of ['werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn', 'clé-ünïcode-🔑', 'a']) {
    const expected = createHmac('sha256', key).update('hawk.1.header\n1\nn\nGET\n/\nh\n80\n\n\n').digest('base64');
    assert.equal(createHmac('sha256', hmacKey(key)).update('hawk.1.header\n1\nn\nGET\n/\nh\n80\n\n\n').digest('base64'), expected);
  }
});

test('the same key string gives the same imported key; different strings never share one', () => {
  assert.equal(hmacKey('k1'), hmacKey('k1'));
  assert.notEqual(hmacKey('k1'), hmacKey('k2'));
});

test('past the bound, keys are still imported correctly', () => {
  for (let i = 0; i < 10_050; i++) hmacKey(`key-${i}`);
  const expected = createHmac('sha256', 'key-3').update('m').digest('hex');
  assert.equal(createHmac('sha256', hmacKey('key-3')).update('m').digest('hex'), expected);
});
