import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { encodeBatch } from '@vigil/sdk';
import { Spool } from '@vigil/agent';
import { until } from './helpers/until.js';

const events = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ event_type: 'audit', timestamp: i, tag }));

describe('spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps batches byte for byte, oldest first, across a restart', () => {
    const spool = new Spool({ dir });
    const first = encodeBatch(events(3, 'a'), { format: 'ndjson', gzip: true });
    spool.append('b-1', 3, first);
    spool.append('b-2', 2, encodeBatch(events(2, 'b')));
    assert.deepEqual(spool.stats, { batches: 2, bytes: spool.stats.bytes, events: 5, droppedEvents: 0, droppedBatches: 0 });

    const reopened = new Spool({ dir });
    const oldest = reopened.oldest()!;
    assert.equal(oldest.batchId, 'b-1');
    assert.equal(oldest.events, 3);
    assert.deepEqual(oldest.body.headers, { 'content-encoding': 'gzip' });
    assert.equal(oldest.body.contentType, 'application/x-ndjson');
    assert.ok(oldest.body.bytes.equals(first.bytes), 'the exact bytes that will be sent');
    assert.equal(gunzipSync(oldest.body.bytes).toString().split('\n')[0], JSON.stringify(events(3, 'a')[0]));
    reopened.remove(oldest.seq);
    assert.equal(reopened.oldest()!.batchId, 'b-2');
    reopened.append('b-3', 1, encodeBatch(events(1, 'c')));
    reopened.remove(reopened.oldest()!.seq);
    assert.equal(reopened.oldest()!.batchId, 'b-3', 'new batches come after the old ones');
    assert.equal(reopened.stats.events, 1);
  });

  it('drops the oldest batches past its size and counts their events, and the count survives a restart', () => {
    const batch = encodeBatch(events(10, 'x'));
    const probe = new Spool({ dir: join(dir, 'probe') });
    probe.append('b-0', 10, batch);
    const size = probe.stats.bytes; // one batch file, header included
    const spool = new Spool({ dir, maxBytes: size * 3 });
    for (let i = 1; i <= 5; i++) spool.append(`b-${i}`, 10, batch);
    assert.equal(spool.stats.batches, 3);
    assert.equal(spool.stats.droppedBatches, 2);
    assert.equal(spool.stats.droppedEvents, 20);
    assert.equal(spool.oldest()!.batchId, 'b-3');
    const reopened = new Spool({ dir, maxBytes: size * 3 });
    assert.equal(reopened.stats.droppedEvents, 20);
    assert.ok(reopened.stats.bytes <= size * 3);
  });

  it('keeps a single batch larger than the cap rather than drop what it was just given', () => {
    const spool = new Spool({ dir, maxBytes: 10 });
    spool.append('big', 50, encodeBatch(events(50, 'big')));
    assert.equal(spool.stats.batches, 1);
    assert.equal(spool.stats.droppedEvents, 0);
  });

  it('ignores a write that did not finish and a file that is not a batch', () => {
    const spool = new Spool({ dir });
    spool.append('ok', 1, encodeBatch(events(1, 'ok')));
    writeFileSync(join(dir, '0000000000000009.batch.tmp'), 'half a batch');
    writeFileSync(join(dir, '0000000000000010.batch'), 'no header line');
    const reopened = new Spool({ dir });
    assert.equal(reopened.stats.batches, 1);
    assert.equal(reopened.oldest()!.batchId, 'ok');
    assert.deepEqual(readdirSync(dir).sort(), ['0000000000000001.batch'], 'the debris is cleared');
  });

  it('flushes to the disk only the batches still there after the delay, all in one pass', async () => {
    const spool = new Spool({ dir, syncDelayMs: 0 });
    const sent = spool.append('sent', 1, encodeBatch(events(1, 's')));
    spool.append('waiting-1', 1, encodeBatch(events(1, 'w')));
    assert.equal(spool.unsynced, 2);
    spool.remove(sent.seq); // the server had it before the delay: never flushed
    assert.equal(spool.unsynced, 1);
    await until(() => spool.unsynced === 0, 'the waiting batch to be flushed');
    spool.append('waiting-2', 1, encodeBatch(events(1, 'w')));
    spool.append('waiting-3', 1, encodeBatch(events(1, 'w')));
    spool.sync();
    assert.equal(spool.unsynced, 0);
    assert.deepEqual(new Spool({ dir }).stats.batches, 3);
  });

  it('keeps its folder and files private to the agent', () => {
    const spool = new Spool({ dir: join(dir, 'spool') });
    spool.append('b', 1, encodeBatch(events(1, 'p')));
    assert.equal(statSync(join(dir, 'spool')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'spool', '0000000000000001.batch')).mode & 0o777, 0o600);
  });
});
