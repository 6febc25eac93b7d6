/**
 * WAL checkpoints on a worker thread (dialects/sqlite-checkpointer.ts): committed pages reach the database
 * file without the writer checkpointing, and closing the store leaves no WAL behind (the worker's connection
 * closes first, so the writer's close is the last and folds the WAL in).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/open-store.js';
import { TEST_SECRET } from '../src/testing.js';

describe('SQLite WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database file while the writer goes on, and closes cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-checkpointer-'));
    const file = join(dir, 'vigil.db');
    const store = await openStore({ url: `sqlite:${file}`, secret: TEST_SECRET });
    try {
      const org = await store.organizations.create({ name: 'Checkpoints' });
      // Let the worker fold in what opening wrote, then measure from there.
      await sleep(500);
      const before = statSync(file).size;
      // A few hundred pages: far below the writer's own threshold, so only the worker moves them.
      const items = Array.from({ length: 3000 }, (_, i) => ({ typeId: 11, class: 'network', value: `h${i}.checkpoint.example`, hash: `${i}`, generatedScore: 1 }));
      await store.indicators.upsertMany(org.id, items);
      assert.ok(statSync(`${file}-wal`).size > 0, 'the commit went to the WAL');
      const deadline = Date.now() + 10_000;
      while (statSync(file).size <= before) {
        assert.ok(Date.now() < deadline, `database file still ${statSync(file).size} bytes: nothing checkpointed`);
        await sleep(20);
      }
      assert.equal((await store.indicators.list({ orgId: org.id, values: ['h2999.checkpoint.example'], limit: 1, offset: 0 })).total, 1);
    } finally {
      await store.close();
    }
    assert.equal(existsSync(`${file}-wal`), false, 'the last connection to close removes the WAL');
    rmSync(dir, { recursive: true, force: true });
  });
});
