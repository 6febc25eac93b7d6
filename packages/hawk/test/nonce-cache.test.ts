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

test('remembers each triple for ttlMs from its own arrival', () => {
  const time = clock();
  const cache = new MemoryNonceCache({ ttlMs: 1000, now: time.now });
  assert.equal(cache.check('k', 'early', 1), true);
  time.advance(999);
  assert.equal(cache.check('k', 'late', 1), true);
  assert.equal(cache.check('k', 'early', 1), false); // 999 ms after its arrival
  time.advance(1);
  assert.equal(cache.check('k', 'late', 1), false); // 1 ms after its arrival
  assert.equal(cache.check('k', 'early', 1), true); // 1000 ms: forgotten, and remembered again from now
  time.advance(998);
  assert.equal(cache.check('k', 'late', 1), false); // 999 ms
  time.advance(1);
  assert.equal(cache.check('k', 'late', 1), true);
  assert.equal(cache.size, 2);
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

test('past maxEntries forgets the oldest first and still refuses its replay', () => {
  const time = clock(1_000_000); // ts 1000 is now
  const cache = new MemoryNonceCache({ ttlMs: 1000, maxEntries: 3, now: time.now });
  for (const nonce of ['a', 'b', 'c']) assert.equal(cache.check('k', nonce, 1000), true);
  assert.equal(cache.check('other', 'x', 999), true); // the fourth: a (k, ts 1000) is forgotten early
  assert.equal(cache.size, 3);
  // A forgotten triple cannot be told from a new one, so nothing of k at or below ts 1000 is accepted...
  assert.equal(cache.check('k', 'a', 1000), false);
  assert.equal(cache.check('k', 'never-seen', 999), false);
  assert.equal(cache.size, 3);
  // ...while k's requests signed later, and other ids, are unaffected.
  assert.equal(cache.check('k', 'd', 1001), true);
  assert.equal(cache.check('other', 'y', 998), true);
  assert.equal(cache.check('k', 'd', 1001), false); // still a plain replay
  assert.equal(cache.size, 3);

  // The horizon lapses once every timestamp under it is older than ttlMs (stale for any shorter skew);
  // horizons are looked over at most once a second.
  time.advance(1000);
  assert.equal(cache.check('k', 'a', 1000), false);
  time.advance(1000);
  assert.equal(cache.check('k', 'a', 1000), true);
});

test('reads the id and ts of a forgotten triple back whatever characters they hold', () => {
  const time = clock(1_000_000);
  const cache = new MemoryNonceCache({ ttlMs: 1000, maxEntries: 1, now: time.now });
  assert.equal(cache.check('1:a:', ':9:1', 1000), true);
  assert.equal(cache.check('x', 'n', 1000), true); // forgets ('1:a:', ':9:1', 1000)
  assert.equal(cache.check('1:a:', 'other', 1000), false);
  assert.equal(cache.check('1:a:', 'other', 1001), true);
  assert.equal(cache.check('1:a', 'other', 1000), true); // another id: a different horizon
});

test('stays bounded and exact under a long flood past maxEntries', () => {
  const time = clock();
  const cache = new MemoryNonceCache({ ttlMs: 120_000, maxEntries: 1000, now: time.now });
  const ts = (i: number) => 1_700_000_000 + Math.floor(i / 100);
  for (let i = 0; i < 50_000; i++) {
    assert.equal(cache.check('k', `n${i}`, ts(i)), true);
    if (i % 10 === 0) time.advance(1);
  }
  assert.equal(cache.size, 1000);
  // every earlier triple is refused: the recent ones are remembered, the older ones are under the horizon
  for (const i of [0, 1, 25_000, 48_999, 49_999]) assert.equal(cache.check('k', `n${i}`, ts(i)), false, `n${i}`);
  assert.equal(cache.check('k', 'next', ts(50_100)), true);
});

test('rejects nonsensical options', () => {
  assert.throws(() => new MemoryNonceCache({ ttlMs: 0 }), RangeError);
  assert.throws(() => new MemoryNonceCache({ maxEntries: 0 }), RangeError);
  assert.throws(() => new MemoryNonceCache({ maxEntries: 1.5 }), RangeError);
});
