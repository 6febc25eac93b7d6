/**
 * Opening the store a configuration names with the secret that belongs to it — shared by `vigil serve`
 * and the CLI tools that write to the server's database.
 * @module
 */
import { join } from 'node:path';
import { describeStoreUrl, openStore, type Store } from '@vigil/store';
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
  const secret = resolveSecret(config.secret, config.dataDir);
  const store = await openStore({ url: config.databaseUrl, secret });
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
