/**
 * The server secret encrypts API keys at rest and signs pagination tokens. It comes from `VIGIL_SECRET`
 * or from `<dataDir>/secret`, created once with 32 random bytes and mode 0600.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Returns the configured secret, or reads/creates the one kept in the data directory.
 * ```ts
 * const secret = resolveSecret(config.secret, config.dataDir);
 * ```
 */
export function resolveSecret(configured: string | undefined, dataDir: string): string {
  if (configured) {
    if (configured.length < 32) throw new Error('VIGIL_SECRET must be at least 32 characters');
    return configured;
  }
  const file = join(dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // 'wx' fails if another process created it first; then we read theirs.
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
