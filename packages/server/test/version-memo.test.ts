import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Fastify from 'fastify';
import { forgetVersionsAfterWrites, memoizeVersionsPerTurn } from '../src/http/version-memo.js';

function countingSource() {
  const counters = new Map<string, number>();
  const source = { reads: 0, counters };
  const read = async (orgId: string, scope: string) => {
    source.reads++;
    return counters.get(`${orgId}/${scope}`) ?? 0;
  };
  return { source, read };
}

describe('change counters memoized per event-loop turn', () => {
  it('reads each (organization, scope) once per turn and again in the next turn', async () => {
    const { source, read } = countingSource();
    const memo = memoizeVersionsPerTurn(read);
    const same = await Promise.all([memo.read('o1', 'alerts'), memo.read('o1', 'alerts'), memo.read('o1', 'agents'), memo.read('o2', 'alerts')]);
    assert.deepEqual(same, [0, 0, 0, 0]);
    assert.equal(source.reads, 3);
    source.counters.set('o1/alerts', 7);
    assert.equal(await memo.read('o1', 'alerts'), 0, 'same turn: the counter read at its start');
    await nextTurn();
    assert.equal(await memo.read('o1', 'alerts'), 7, 'next turn: read again');
    assert.equal(source.reads, 4);
  });

  it('forget() makes the very next read go to the source', async () => {
    const { source, read } = countingSource();
    const memo = memoizeVersionsPerTurn(read);
    assert.equal(await memo.read('o1', 'alerts'), 0);
    source.counters.set('o1/alerts', 1);
    memo.forget();
    assert.equal(await memo.read('o1', 'alerts'), 1);
  });

  it('does not remember a failed read', async () => {
    let fail = true;
    const memo = memoizeVersionsPerTurn(async () => {
      if (fail) throw new Error('database gone');
      return 5;
    });
    await assert.rejects(memo.read('o1', 'alerts'), /database gone/);
    fail = false;
    assert.equal(await memo.read('o1', 'alerts'), 5);
  });

  it('a request that may change something forgets the memo before its response is sent; reads do not', async () => {
    const { source, read } = countingSource();
    const memo = memoizeVersionsPerTurn(read);
    const app = Fastify({ logger: false });
    forgetVersionsAfterWrites(app, memo);
    app.get('/read', async () => memo.read('o1', 'alerts'));
    app.post('/write', async () => {
      source.counters.set('o1/alerts', (source.counters.get('o1/alerts') ?? 0) + 1);
      return { ok: true };
    });
    // chained injects run in one event-loop turn, so only forget() can make a read see the write before it
    const get = () => app.inject({ method: 'GET', url: '/read' });
    const seen = await get().then(async (first) => {
      source.counters.set('o1/alerts', 1); // another process writes: this turn still answers 0
      const second = await get();
      const afterWrite = await app.inject({ method: 'POST', url: '/write' }).then(get);
      return [first.body, second.body, afterWrite.body];
    });
    assert.deepEqual(seen, ['0', '0', '2']);
    await app.close();
  });
});
