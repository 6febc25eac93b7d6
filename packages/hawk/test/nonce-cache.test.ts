import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNonceCache } from '../src/index.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

test('refuses a replay and keeps distinct triples apart', () => {
  const cache = new MemoryNonceCache({ now: clock().now });
  assert.equal(cache.check('user-1', 'abc', 1700000000), true);
  assert.equal(cache.check('user-1', 'abc', 1700000000), false);
  assert.equal(cache.check('user-2', 'abc', 1700000000), true);
  assert.equal(cache.check('user-1', 'abc', 1700000001), true);
  assert.equal(cache.check('user-1', 'abd', 1700000000), true);
  // no ambiguity when ids or nonces contain the separator
  assert.equal(cache.check('a:', 'b', 1), true);
  assert.equal(cache.check('a', ':b', 1), true);
  assert.equal(cache.check('1:a', '1', 2), true);
  assert.equal(cache.check('1', 'a1', 2), true);
});

test('remembers every entry for at least ttlMs and forgets it within 2 × ttlMs', () => {
  const time = clock();
  const cache = new MemoryNonceCache({ ttlMs: 1000, now: time.now });
  assert.equal(cache.check('k', 'early', 1), true);
  time.advance(999);
  assert.equal(cache.check('k', 'late', 1), true); // inserted just before the generation rotates
  time.advance(1);
  assert.equal(cache.check('k', 'early', 1), false);
  time.advance(998);
  assert.equal(cache.check('k', 'late', 1), false); // 999 ms after insertion
  assert.equal(cache.check('k', 'early', 1), false);
  time.advance(1001);
  assert.equal(cache.check('k', 'early', 1), true); // expired
  assert.equal(cache.check('k', 'late', 1), true);
});

test('drops everything after a long idle period', () => {
  const time = clock();
  const cache = new MemoryNonceCache({ ttlMs: 1000, now: time.now });
  for (let i = 0; i < 50; i++) cache.check('k', `n${i}`, 1);
  assert.equal(cache.size, 50);
  time.advance(10_000);
  assert.equal(cache.check('k', 'fresh', 1), true);
  assert.equal(cache.size, 1);
  assert.equal(cache.check('k', 'n0', 1), true);
});

test('never holds more than maxEntries, evicting the oldest first', () => {
  const time = clock();
  const cache = new MemoryNonceCache({ ttlMs: 1000, maxEntries: 3, now: time.now });
  for (const nonce of ['a', 'b', 'c']) assert.equal(cache.check('k', nonce, 1), true);
  time.advance(1000); // a, b, c move to the older generation
  assert.equal(cache.check('k', 'd', 1), true);
  assert.equal(cache.check('k', 'e', 1), true);
  assert.equal(cache.size, 3);
  assert.equal(cache.check('k', 'c', 1), false);
  assert.equal(cache.check('k', 'e', 1), false);
  assert.equal(cache.check('k', 'a', 1), true); // evicted, so forgotten

  const big = new MemoryNonceCache({ maxEntries: 1000 });
  for (let i = 0; i < 5000; i++) big.check('k', `n${i}`, 1);
  assert.equal(big.size, 1000);
});

test('rejects nonsensical options', () => {
  assert.throws(() => new MemoryNonceCache({ ttlMs: 0 }), RangeError);
  assert.throws(() => new MemoryNonceCache({ maxEntries: 0 }), RangeError);
  assert.throws(() => new MemoryNonceCache({ maxEntries: 1.5 }), RangeError);
});
