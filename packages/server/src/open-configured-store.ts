/**
 * Opening the store a configuration names with the secret that belongs to it — shared by `vigil serve`
 * and the CLI tools that write to the server's database.
 * @module
 */
import { dirname, join } from 'node:path';
import { describeStoreUrl, openStore, parseStoreUrl, type Store } from '@vigil/store';
import type { Config } from './config.js';
import { resolveSecret } from './secret.js';

export interface ConfiguredStore {
  store: Store;
  secret: string;
}

/**
 * Resolves the server secret, opens (and migrates) the store, and refuses a database whose API keys were
 * sealed under another secret: such a server would answer every signed request with an error.
 * ```ts
 * const { store, secret } = await openConfiguredStore(loadConfig());
 * ```
 */
export async function openConfiguredStore(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'secret'>): Promise<ConfiguredStore> {
  let secret: string;
  try {
    secret = resolveSecret(config.secret, config.dataDir);
  } catch (err) {
    throw explainOpenError(err, config);
  }
  let store: Store;
  try {
    store = await openStore({ url: config.databaseUrl, secret });
  } catch (err) {
    throw explainOpenError(err, config);
  }
  let matches: boolean;
  try {
    matches = await store.apiKeys.sealedWithThisSecret();
  } catch (err) {
    await store.close();
    throw err;
  }
  if (!matches) {
    await store.close();
    const source = config.secret ? 'VIGIL_SECRET' : `the server secret ${join(config.dataDir, 'secret')}`;
    throw new Error(
      `${source} does not match the database ${describeStoreUrl(config.databaseUrl)}: its API keys were sealed with another secret. ` +
        'Start with the secret that created this database (VIGIL_SECRET, or VIGIL_DATA_DIR set to the folder holding its `secret` file), ' +
        'or set VIGIL_DATABASE_URL to the database that belongs to this secret.',
    );
  }
  return { store, secret };
}

const NOT_WRITABLE = /^(EACCES|EROFS|EPERM|SQLITE_READONLY|SQLITE_CANTOPEN)/;

/**
 * Rewrites an error of opening the store into a message that names the setting, the path and the fix: a
 * data folder or SQLite file this user cannot write, or a database that cannot be reached.
 * ```ts
 * throw explainOpenError(err, config);
 * ```
 */
export function explainOpenError(err: unknown, config: Pick<Config, 'databaseUrl' | 'dataDir'>): Error {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  let database: string;
  try {
    database = describeStoreUrl(config.databaseUrl);
  } catch {
    return new Error(`VIGIL_DATABASE_URL: ${e?.message ?? String(err)}`, { cause: err }); // an unusable URL
  }
  if (NOT_WRITABLE.test(code)) {
    const secretFile = join(config.dataDir, 'secret');
    if (e.path === secretFile || e.path === config.dataDir) {
      return new Error(
        `cannot create the server secret ${secretFile} (${code}): the data folder ${config.dataDir} is not writable by this user. ` +
          'Make it writable, set VIGIL_DATA_DIR to a writable folder, or set VIGIL_SECRET.',
        { cause: err },
      );
    }
    if (parseStoreUrl(config.databaseUrl).dialect === 'sqlite') {
      return new Error(
        `the SQLite database ${database} cannot be written (${code}${e.path ? ` on ${e.path}` : ''}): make the file and its folder ${dirname(database)} ` +
          'writable by this user (SQLite writes its -wal and -shm files beside it), or set VIGIL_DATABASE_URL to a writable place.',
        { cause: err },
      );
    }
  }
  return new Error(`VIGIL_DATABASE_URL=${database}: ${e?.message ?? String(err)}`, { cause: err });
}
