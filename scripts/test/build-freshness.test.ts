import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUpToDate } from '../build-freshness.mjs';

describe('isUpToDate (what the agent bundle and the console build skip on)', () => {
  let root: string;
  /** sets a path's mtime to `seconds` after the epoch */
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-freshness-'));
    mkdirSync(join(root, 'src/deep'), { recursive: true });
    mkdirSync(join(root, 'src/node_modules'));
    for (const file of ['src/a.ts', 'src/deep/b.ts', 'src/node_modules/c.js', 'out.js', 'lock.json']) writeFileSync(join(root, file), '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** every input at 1,000 s, the output at 2,000 s */
  const built = () => {
    for (const path of ['src', 'src/deep', 'src/node_modules', 'src/a.ts', 'src/deep/b.ts', 'src/node_modules/c.js', 'lock.json']) at(path, 1000);
    at('out.js', 2000);
  };
  const check = () => isUpToDate('out.js', ['src', 'lock.json', 'absent.json'], root);

  it('is up to date when the output is newer than every input file and folder (absent inputs ignored)', () => {
    built();
    assert.equal(check(), true);
  });

  it('is stale when a file deep in an input folder, or an input file, was modified after the output', () => {
    built();
    at('src/deep/b.ts', 3000);
    assert.equal(check(), false);
    built();
    at('lock.json', 3000);
    assert.equal(check(), false);
  });

  it('is stale when a file was added to or removed from an input folder (the folder itself changed)', () => {
    built();
    at('src/deep', 3000);
    assert.equal(check(), false);
  });

  it('ignores node_modules inside an input folder, and is stale when the output is absent', () => {
    built();
    at('src/node_modules/c.js', 3000);
    assert.equal(check(), true);
    assert.equal(isUpToDate('missing.js', ['src'], root), false);
  });
});
