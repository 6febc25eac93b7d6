import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { explainOpenError, openConfiguredStore } from '../src/open-configured-store.js';

describe('opening the database fails with a message naming the setting, the place and the fix', () => {
  it('PostgreSQL that cannot be reached: no "store migration  failed", the URL without its password', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-open-errors-'));
    try {
      await assert.rejects(
        openConfiguredStore({ databaseUrl: `postgres://vigil:s3cret-pw@127.0.0.1:${port}/vigil`, dataDir, secret: 'x'.repeat(40) }),
        (err: Error) => {
          assert.ok(err.message.startsWith(`VIGIL_DATABASE_URL=postgres://vigil@127.0.0.1:${port}/vigil: cannot migrate the database (check that it runs`), err.message);
          assert.match(err.message, /ECONNREFUSED/);
          assert.doesNotMatch(err.message, /s3cret|migration {2}failed/);
          return true;
        },
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a read-only SQLite database names the file and its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-readonly-'));
    const file = join(dir, 'vigil.db');
    try {
      new Database(file).exec('create table t (x)');
      // The error SQLite gives when the file (or its folder, for the WAL) cannot be written.
      const readonly = new Database(file, { readonly: true });
      let sqliteError: unknown;
      try {
        readonly.exec('insert into t values (1)');
      } catch (err) {
        sqliteError = err;
      } finally {
        readonly.close();
      }
      assert.equal((sqliteError as { code?: string }).code, 'SQLITE_READONLY');
      const message = explainOpenError(sqliteError, { databaseUrl: `sqlite:${file}`, dataDir: dir }).message;
      assert.ok(message.startsWith(`the SQLite database ${file} cannot be written (SQLITE_READONLY): make the file and its folder ${dir} writable`), message);
      assert.match(message, /VIGIL_DATABASE_URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data folder where the secret cannot be created names the secret file and the settings', () => {
    const dataDir = '/srv/vigil-readonly';
    const eacces = Object.assign(new Error(`EACCES: permission denied, open '${dataDir}/secret'`), { code: 'EACCES', path: `${dataDir}/secret`, syscall: 'open' });
    assert.equal(
      explainOpenError(eacces, { databaseUrl: `sqlite:${dataDir}/vigil.db`, dataDir }).message,
      `cannot create the server secret ${dataDir}/secret (EACCES): the data folder ${dataDir} is not writable by this user. Make it writable, set VIGIL_DATA_DIR to a writable folder, or set VIGIL_SECRET.`,
    );
  });
});
