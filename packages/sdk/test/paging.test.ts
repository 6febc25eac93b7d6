import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listPromise, toPage, type Page } from '../src/paging.js';

function pagedSource(pages: Array<Page<number>>) {
  const calls: Array<string | undefined> = [];
  const fetchPage = async (token: string | undefined) => {
    calls.push(token);
    const index = token === undefined ? 0 : Number(token);
    return pages[index]!;
  };
  return { calls, fetchPage };
}

const THREE_PAGES: Array<Page<number>> = [
  { items: [1, 2], token: '1', raw: {} },
  { items: [3, 4], token: '2', raw: {} },
  { items: [5], token: null, raw: {} },
];

describe('ListPromise', () => {
  it('awaiting gives page one; iterating reuses it and follows tokens to the end', async () => {
    const { calls, fetchPage } = pagedSource(THREE_PAGES);
    const list = listPromise(fetchPage);
    assert.deepEqual((await list).items, [1, 2]);
    const items: number[] = [];
    for await (const n of list) items.push(n);
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.deepEqual(calls, [undefined, '1', '2']);
  });

  it('a second iteration starts over; break stops fetching', async () => {
    const { calls, fetchPage } = pagedSource(THREE_PAGES);
    const list = listPromise(fetchPage);
    for await (const n of list) if (n === 2) break;
    assert.deepEqual(calls, [undefined]);
    const pages: number[][] = [];
    for await (const page of list.pages()) pages.push(page.items);
    assert.deepEqual(pages, [[1, 2], [3, 4], [5]]);
    assert.deepEqual(calls, [undefined, undefined, '1', '2']);
  });

  it('concurrent next() calls get consecutive items, never the same page twice', async () => {
    const { calls, fetchPage } = pagedSource(THREE_PAGES);
    const iterator = listPromise(fetchPage)[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 6 }, () => iterator.next()));
    assert.deepEqual(results.map((r) => r.value), [1, 2, 3, 4, 5, undefined]);
    assert.deepEqual(calls, [undefined, '1', '2']);
  });

  it('refuses a server that repeats a token', async () => {
    const looping = listPromise<number>(async (token) => ({ items: [1], token: token === undefined ? 'a' : 'a', raw: {} }));
    await assert.rejects(looping.toArray({ limit: 100 }), /token repeated/);
  });

  it('reads a v2 body; a missing key is an empty page', () => {
    assert.deepEqual(toPage({ agents: [{ id: 1 }], token: 'x' }, 'agents').items, [{ id: 1 }]);
    assert.equal(toPage({ agents: [], token: '' }, 'agents').token, null);
    assert.deepEqual(toPage(null, 'agents'), { items: [], token: null, raw: null });
  });
});
