import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/index.js';

describe('loadConfig', () => {
  it('keeps the SQLite database in VIGIL_DATA_DIR with the secret, unless VIGIL_DATABASE_URL names another', () => {
    const dir = resolve('/srv/vigil-data');
    const moved = loadConfig({ VIGIL_DATA_DIR: dir });
    assert.equal(moved.dataDir, dir);
    assert.equal(moved.databaseUrl, `sqlite:${join(dir, 'vigil.db')}`);
    const both = loadConfig({ VIGIL_DATA_DIR: dir, VIGIL_DATABASE_URL: 'sqlite:/elsewhere/v.db' });
    assert.equal(both.databaseUrl, 'sqlite:/elsewhere/v.db');
    assert.equal(both.dataDir, dir);
    const defaults = loadConfig({});
    assert.equal(defaults.databaseUrl, 'sqlite:./data/vigil.db');
    assert.equal(defaults.dataDir, resolve('./data'));
  });
});
