/**
 * A fresh database (SQLite or PostgreSQL) and data folder for CLI tests, and a runner for `vigil`
 * (in this process) pointed at them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createTestDatabase } from '@vigil/store/testing';
import { runCli, type CliResult } from './run-cli.js';

export interface CliDatabase {
  readonly url: string;
  readonly secret: string;
  /** the VIGIL_* variables that point `vigil admin` at this database */
  readonly env: Record<string, string>;
  /** runs `vigil …args` against this database */
  vigil(...args: string[]): Promise<CliResult>;
  /** the same with `input` piped to stdin */
  piped(input: string, ...args: string[]): Promise<CliResult>;
}

/**
 * Registers before/after hooks in the current describe block.
 * ```ts
 * const cli = useCliDatabase('sqlite');
 * it('…', async () => assert.equal((await cli.vigil('admin', 'orgs', 'list')).code, 0));
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
  const env = () => ({ VIGIL_DATABASE_URL: db!.url, VIGIL_DATA_DIR: dataDir, VIGIL_SECRET: secret });
  return {
    get url() {
      return db!.url;
    },
    secret,
    get env() {
      return env();
    },
    vigil: (...args) => runCli(args, { env: env() }),
    piped: (input, ...args) => runCli(args, { env: env(), stdin: input }),
  };
}
