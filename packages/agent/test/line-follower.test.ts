import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { followLines, type LineFollower } from '@vigil/agent';
import { until } from './helpers/until.js';


describe('followLines', () => {
  let dir: string;
  let path: string;
  let seen: string[];
  let follower: LineFollower | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-follow-'));
    path = join(dir, 'audit.log');
    seen = [];
  });
  afterEach(async () => {
    await follower?.stop();
    follower = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const follow = async (from?: number | 'end') => {
    follower = followLines(path, { from, intervalMs: 10, onLines: (lines) => seen.push(...lines) });
    await follower.ready;
  };

  it('starts at the end, and completes a line written in two parts', async () => {
    writeFileSync(path, 'old 1\nold 2\n');
    await follow();
    appendFileSync(path, 'new 1\nnew ');
    await until(() => seen.length === 1, 'the first new line');
    appendFileSync(path, '2\n');
    await until(() => seen.length === 2, 'the second new line');
    assert.deepEqual(seen, ['new 1', 'new 2']);
  });

  it('reads what is appended as soon as inotify names the file, without waiting for the next look', async () => {
    writeFileSync(path, '');
    // Looked at once an hour: only inotify can bring these lines in time.
    follower = followLines(path, { intervalMs: 3_600_000, batchMs: 5, onLines: (lines) => seen.push(...lines) });
    await follower.ready;
    appendFileSync(path, 'one\n');
    await until(() => seen.length === 1, 'one');
    appendFileSync(path, 'two\nthree\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'four\n');
    await until(() => seen.length === 4, 'two, three and four');
    assert.deepEqual(seen, ['one', 'two', 'three', 'four']);
  });

  it('starts at a saved offset', async () => {
    writeFileSync(path, 'a\nb\nc\n');
    await follow(2);
    await until(() => seen.length === 2, 'the lines after the offset');
    assert.deepEqual(seen, ['b', 'c']);
  });

  it('reads the rest of a rotated file, then the new file from its start', async () => {
    writeFileSync(path, '');
    await follow();
    appendFileSync(path, 'one\n');
    await until(() => seen.length === 1, 'one');
    appendFileSync(path, 'two\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'three\n');
    await until(() => seen.length === 3, 'two and three');
    assert.deepEqual(seen, ['one', 'two', 'three']);
  });

  it('reads a file truncated in place from its start', async () => {
    writeFileSync(path, 'x'.repeat(100) + '\n');
    await follow();
    truncateSync(path, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(path, 'after\n');
    await until(() => seen.length === 1, 'the line after truncation');
    assert.deepEqual(seen, ['after']);
  });

  it('waits for a file that is not there yet, reporting the error', async () => {
    const errors: unknown[] = [];
    follower = followLines(path, { intervalMs: 10, onLines: (lines) => seen.push(...lines), onError: (err) => errors.push(err) });
    await until(() => errors.length > 0, 'an error');
    writeFileSync(path, 'first\n');
    await until(() => seen.length === 1, 'the line of the new file');
    assert.deepEqual(seen, ['first']);
  });
});
