/**
 * The agent's state folder: its credentials (the secret is as good as a password: the file is 0600 in a 0700
 * folder) and its spool. Credentials are kept per server URL, so pointing the agent at another server registers
 * it there instead of sending this server's secret to it.
 * @module
 */
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCredentials } from '@vigil/sdk';

export interface StoredCredentials extends AgentCredentials {
  baseUrl: string;
}

const CREDENTIALS_FILE = 'credentials.json';

/** Creates the folder (0700) and checks the agent may write in it; throws a message naming the folder and the fix. */
export function prepareStateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new Error(`the state folder ${dir} cannot be used (${code}): run the agent as root or pick another with --state-dir`);
  }
}

/** The credentials for `baseUrl`, `undefined` when none are kept for it. */
export function loadCredentials(dir: string, baseUrl: string): StoredCredentials | undefined {
  let stored: Partial<StoredCredentials>;
  try {
    stored = JSON.parse(readFileSync(join(dir, CREDENTIALS_FILE), 'utf8')) as Partial<StoredCredentials>;
  } catch {
    return undefined;
  }
  const complete = typeof stored.agentId === 'string' && typeof stored.secret === 'string' && typeof stored.organizationId === 'string';
  return complete && stored.baseUrl === baseUrl ? (stored as StoredCredentials) : undefined;
}

/**
 * Replaces a file of the state folder in one step (written beside it, then renamed), readable by the agent's
 * user alone: a crash leaves the old file or the new one, never half of one.
 *
 * ```ts
 * writeFileAtomic(join(stateDir, 'status.json'), JSON.stringify(status));
 * ```
 */
export function writeFileAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Saves credentials atomically, readable by the agent's user alone. */
export function saveCredentials(dir: string, credentials: StoredCredentials): void {
  writeFileAtomic(join(dir, CREDENTIALS_FILE), JSON.stringify(credentials, null, 2) + '\n');
}
