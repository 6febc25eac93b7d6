import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ApiError, BadRequestError, ConnectionError, type EncodedBatch } from '@vigil/sdk';
import { Shipper, Spool, type EventSender } from '@vigil/agent';
import { until } from './helpers/until.js';

type Answer = 'ok' | Error;

/** A server stand-in: answers from a script, records what arrived. */
function fakeServer(script: (attempt: number) => Answer) {
  const received: Array<{ batchId: string; events: Array<Record<string, unknown>> }> = [];
  let attempts = 0;
  const sender: EventSender = {
    async sendEvents(batchId: string, batch: EncodedBatch) {
      const answer = script(attempts++);
      if (answer !== 'ok') throw answer;
      const lines = gunzipSync(batch.bytes).toString('utf8').trim().split('\n');
      received.push({ batchId, events: lines.map((l) => JSON.parse(l) as Record<string, unknown>) });
      return { accepted: lines.length, duplicate: false };
    },
  };
  return { sender, received, attempts: () => attempts };
}

const event = (n: number) => ({ event_type: 'audit', timestamp: n, n });


const status503 = () => new ApiError({ status: 503, method: 'POST', path: '/agent/v1/events', errors: ['busy'], retryAfterMs: 20 });

describe('shipper', () => {
  let dir: string;
  let shipper: Shipper | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ship-'));
  });
  afterEach(async () => {
    await shipper?.stop();
    shipper = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('batches by count and by time, and sends them in order', async () => {
    const server = fakeServer(() => 'ok');
    shipper = new Shipper({ sender: server.sender, spool: new Spool({ dir }), maxEvents: 3, maxWaitMs: 30 });
    shipper.start();
    for (let i = 1; i <= 7; i++) shipper.add(event(i));
    await until(() => server.received.length === 3, 'three batches');
    assert.deepEqual(server.received.map((b) => b.events.map((e) => e.n)), [[1, 2, 3], [4, 5, 6], [7]], 'the seventh after maxWaitMs');
    assert.equal(new Set(server.received.map((b) => b.batchId)).size, 3, 'a batch id each');
    assert.deepEqual(shipper.stats, { read: 7, sent: 7, rejected: 0 });
  });

  it('keeps batches while the server is down and delivers each once, in order, when it is back', async () => {
    let up = false;
    const server = fakeServer(() => (up ? 'ok' : new ConnectionError('POST', '/agent/v1/events', 'connection failed (ECONNREFUSED)')));
    const spool = new Spool({ dir });
    const problems: string[] = [];
    shipper = new Shipper({ sender: server.sender, spool, maxEvents: 2, backoff: { baseMs: 5, maxMs: 20 }, onProblem: (m) => problems.push(m) });
    shipper.start();
    for (let i = 1; i <= 6; i++) shipper.add(event(i));
    await until(() => server.attempts() >= 3, 'a few failed attempts');
    assert.equal(spool.stats.batches, 3, 'everything waits in the spool');
    assert.equal(spool.unsynced, 0, 'on the disk once a send failed');
    assert.match(shipper.stats.lastError ?? '', /ECONNREFUSED/);
    assert.match(problems[0] ?? '', /3 batches wait in the spool/);
    up = true;
    await until(() => spool.stats.batches === 0, 'the spool to drain');
    assert.deepEqual(server.received.flatMap((b) => b.events.map((e) => e.n)), [1, 2, 3, 4, 5, 6]);
    assert.equal(shipper.stats.lastError, undefined);
  });

  it("waits as long as a 503's Retry-After asks, and drops and counts a batch the server refuses for good", async () => {
    const answers: Answer[] = [status503(), new BadRequestError({ status: 400, method: 'POST', path: '/agent/v1/events', errors: ['events[0].timestamp: bad'] }), 'ok'];
    const server = fakeServer((n) => answers[n] ?? 'ok');
    const spool = new Spool({ dir });
    shipper = new Shipper({ sender: server.sender, spool, maxEvents: 1, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    shipper.add(event(1));
    shipper.add(event(2));
    shipper.start();
    await until(() => spool.stats.batches === 0, 'the spool to drain');
    assert.deepEqual(server.received.map((b) => b.events[0]!.n), [2], 'the refused batch is gone, the next one sent');
    assert.equal(shipper.stats.rejected, 1);
    assert.equal(shipper.stats.sent, 1);
  });

  it('sends what an earlier run left in the spool first, and stop() keeps what it has not sent', async () => {
    const earlierSpool = new Spool({ dir, syncDelayMs: 3_600_000 });
    const earlier = new Shipper({ sender: fakeServer(() => status503()).sender, spool: earlierSpool });
    earlier.add(event(1));
    await earlier.stop(); // never started: the event is flushed to the spool, and to the disk, and stays there
    assert.equal(earlierSpool.unsynced, 0);
    const server = fakeServer(() => 'ok');
    shipper = new Shipper({ sender: server.sender, spool: new Spool({ dir }), maxEvents: 1 });
    shipper.start();
    shipper.add(event(2));
    await until(() => server.received.length === 2, 'both batches');
    assert.deepEqual(server.received.map((b) => b.events[0]!.n), [1, 2]);
  });
});
