import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ApiError } from '../src/errors.js';
import { decodeContent, parseBatch } from '../src/ingest/decode-batch.js';
import { normalizeEvents } from '../src/ingest/normalize-events.js';
import { createAdmissionGate } from '../src/limits/admission-gate.js';

const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.statusCode;
    throw err;
  }
  return 200;
};

describe('event batch decoding', () => {
  it('counts only top-level array elements, whatever the strings and nesting hold', () => {
    const tricky = [
      { event_type: 'a', timestamp: 1, s: 'commas, [brackets], {braces}', q: 'a "quoted, one"', b: 'ends in \\' },
      { event_type: 'b', timestamp: 2, nested: [1, 2, { x: [3, 4] }], esc: '\\\\", [' },
      { event_type: 'c', timestamp: 3 },
    ];
    const body = Buffer.from(JSON.stringify(tricky));
    assert.deepEqual(parseBatch(body, 'json', 3), tricky);
    assert.equal(status(() => parseBatch(body, 'json', 2)), 413);
    assert.deepEqual(parseBatch(Buffer.from(' [ ] '), 'json', 1), []);
    assert.deepEqual(parseBatch(Buffer.from('[1]'), 'json', 1), [1]);
    assert.equal(status(() => parseBatch(Buffer.from('[1,2]'), 'json', 1)), 413);
    assert.equal(status(() => parseBatch(Buffer.from('["unterminated'), 'json', 5)), 400);
    assert.equal(status(() => parseBatch(Buffer.from('{"a":1,"b":2}'), 'json', 5)), 400);
  });

  it('parses NDJSON line by line and stops at the limit', () => {
    const body = Buffer.from('{"a":1}\n\n  {"a":2}  \r\n{"a":3}');
    assert.deepEqual(parseBatch(body, 'ndjson', 3), [{ a: 1 }, { a: 2 }, { a: 3 }]);
    assert.equal(status(() => parseBatch(body, 'ndjson', 2)), 413);
    assert.throws(() => parseBatch(Buffer.from('{"a":1}\n\n[oops\n'), 'ndjson', 5), /line 3 is not valid JSON/);
  });

  it('inflates gzip up to the cap and refuses more, or garbage', async () => {
    const text = Buffer.from('x'.repeat(1000));
    assert.deepEqual(await decodeContent(gzipSync(text), 'gzip', 1000), text);
    assert.deepEqual(await decodeContent(text, undefined, 10), text, 'identity is not re-checked here');
    await assert.rejects(decodeContent(gzipSync(text), 'GZIP', 999), (e: ApiError) => e.statusCode === 413);
    await assert.rejects(decodeContent(text, 'gzip', 5000), (e: ApiError) => e.statusCode === 400);
    await assert.rejects(decodeContent(text, 'deflate', 5000), (e: ApiError) => e.statusCode === 415);
  });

  it('normalises timestamps and overwrites identity fields', () => {
    const agent = { agentId: 'a1', orgId: 'o1', hostname: 'h1', tags: [] };
    const [e] = normalizeEvents([{ event_type: 'file', timestamp: 1_700_000_000_000.7, agentId: 'evil' }], agent);
    assert.equal(e!.timestamp, 1_700_000_000_000);
    assert.deepEqual(e!.data, { event_type: 'file', timestamp: 1_700_000_000_000, agentId: 'a1', hostname: 'h1', organizationId: 'o1' });
    assert.throws(() => normalizeEvents([{ event_type: 'x', timestamp: -1 }], agent), /events\[0\]\.timestamp/);
    assert.throws(() => normalizeEvents([{ event_type: 'x', timestamp: Infinity }], agent), /events\[0\]\.timestamp/);
  });
});

describe('admission gate', () => {
  it('admits up to its capacity and refuses beyond until a slot is left', () => {
    const gate = createAdmissionGate(2);
    assert.equal(gate.tryEnter(), true);
    assert.equal(gate.tryEnter(), true);
    assert.equal(gate.tryEnter(), false);
    assert.equal(gate.inFlight, 2);
    gate.leave();
    assert.equal(gate.tryEnter(), true);
    gate.leave();
    gate.leave();
    gate.leave(); // an extra leave cannot create capacity
    assert.equal(gate.inFlight, 0);
    assert.equal(createAdmissionGate(0).capacity, 1, 'at least one slot');
  });
});
