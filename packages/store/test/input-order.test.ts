import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { placeInInputOrder } from '../src/internal/input-order.js';

const item = (typeId: number, value: string) => ({ typeId, value });

describe('placing upserted rows in input order', () => {
  const items = [item(11, 'a.example'), item(8, 'a.example'), item(11, 'b.example'), item(11, 'c.example')];

  it('places rows returned in VALUES order by position', () => {
    const out: Array<{ typeId: number; value: string; id: number }> = [];
    placeInInputOrder([{ ...items[0]!, id: 1 }, { ...items[2]!, id: 3 }], [0, 2], items, out);
    assert.deepEqual([out[0]?.id, out[1], out[2]?.id], [1, undefined, 3]);
  });

  it('matches rows by type and value when they come back in another order', () => {
    const out: Array<{ typeId: number; value: string; id: number }> = [];
    const rows = [{ ...items[3]!, id: 4 }, { ...items[1]!, id: 2 }, { ...items[0]!, id: 1 }];
    placeInInputOrder(rows, [0, 1, 3], items, out);
    assert.deepEqual([out[0]?.id, out[1]?.id, out[3]?.id], [1, 2, 4]);
  });

  it('fails loudly when a row is missing rather than answering a hole', () => {
    assert.throws(() => placeInInputOrder([{ ...items[0]!, id: 1 }], [0, 2], items, []), /no row for item 2/);
  });
});
