import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredEvent } from '@vigil/store';
import { createRecentBatches } from '../src/detection/recent-batches.js';

const batch = (batchId: string) => ({ orgId: 'o', agentId: 'a', batchId, receivedAt: 1 });
const events = (n: number): StoredEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}`, orgId: 'o', agentId: 'a', eventType: 'audit', timestamp: 1, receivedAt: 1, data: {} }));

describe('recent batches (in-memory handoff from ingest to detection)', () => {
  it('hands a batch over once and wakes the listener on every arrival', () => {
    const recent = createRecentBatches(100);
    let woken = 0;
    recent.onArrival(() => woken++);
    recent.remember(batch('b1'), events(3));
    recent.remember(batch('b1'), events(3)); // the same batch again is ignored
    assert.equal(woken, 1);
    assert.equal(recent.size, 3);
    assert.equal(recent.take(batch('b1'))?.length, 3);
    assert.equal(recent.take(batch('b1')), undefined, 'taken once; later passes read the store');
    assert.equal(recent.size, 0);
  });

  it('stays within its bound by forgetting the oldest batches, and refuses a batch larger than the bound', () => {
    const recent = createRecentBatches(10);
    recent.remember(batch('old'), events(6));
    recent.remember(batch('mid'), events(3));
    recent.remember(batch('new'), events(4)); // 13 > 10: 'old' goes
    assert.equal(recent.size, 7);
    assert.equal(recent.take(batch('old')), undefined);
    assert.equal(recent.take(batch('mid'))?.length, 3);
    recent.remember(batch('huge'), events(11));
    assert.equal(recent.take(batch('huge')), undefined);
    assert.equal(recent.size, 4);
  });

  it('once disabled holds nothing but still signals arrivals', () => {
    const recent = createRecentBatches(100);
    let woken = 0;
    recent.onArrival(() => woken++);
    recent.remember(batch('kept'), events(2));
    recent.disable();
    assert.equal(recent.size, 0);
    recent.remember(batch('b'), events(2));
    assert.equal(woken, 2);
    assert.equal(recent.take(batch('b')), undefined);
  });
});
