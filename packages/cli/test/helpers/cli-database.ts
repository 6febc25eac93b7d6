/**
 * A fresh database (SQLite or PostgreSQL) and data folder for CLI tests, and a runner for the real `vigil`
 * process pointed at them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createTestDatabase } from '@vigil/store/testing';

export const CLI = new URL('../../src/run.ts', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface CliDatabase {
  readonly url: string;
  readonly secret: string;
  /** runs `vigil …args` against this database and waits for it */
  vigil(...args: string[]): CliResult;
}

/**
 * Registers before/after hooks in the current describe block.
 * ```ts
 * const cli = useCliDatabase('sqlite');
 * it('…', () => assert.equal(cli.vigil('admin', 'orgs', 'list').code, 0));
 * ```
 */
export function useCliDatabase(dialect: 'sqlite' | 'postgres'): CliDatabase {
  const secret = 'cli-test-secret-'.padEnd(40, 'x');
  let db: { url: string; drop(): Promise<void> } | undefined;
  let dataDir = '';
  before(async () => {
    db = await createTestDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  });
  after(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      return db!.url;
    },
    secret,
    vigil(...args) {
      const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
        encoding: 'utf8',
        env: { ...process.env, VIGIL_DATABASE_URL: db!.url, VIGIL_DATA_DIR: dataDir, VIGIL_SECRET: secret },
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
