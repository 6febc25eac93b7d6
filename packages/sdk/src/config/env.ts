/**
 * Credentials from the environment, with the names Threat Stack's `ts` CLI uses.
 * @module
 */
import { ConfigError } from '../errors.js';

/** The default server when `TS_API_ENDPOINT` is not set: a local Vigil. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/** What the environment provides. */
export interface EnvConfig {
  userId: string;
  apiKey: string;
  organizationId: string;
  baseUrl: string;
}

/**
 * Reads `TS_USER_ID`, `TS_API_KEY`, `TS_ORGANIZATION_ID` and `TS_API_ENDPOINT` (default
 * `http://127.0.0.1:8080`).
 *
 * @throws {ConfigError} naming every missing variable.
 *
 * ```ts
 * const { userId, apiKey, organizationId, baseUrl } = configFromEnv(process.env);
 * ```
 */
export function configFromEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): EnvConfig {
  const names = ['TS_USER_ID', 'TS_API_KEY', 'TS_ORGANIZATION_ID'] as const;
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(`Missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  return {
    userId: env.TS_USER_ID!.trim(),
    apiKey: env.TS_API_KEY!.trim(),
    organizationId: env.TS_ORGANIZATION_ID!.trim(),
    baseUrl: env.TS_API_ENDPOINT?.trim() || DEFAULT_BASE_URL,
  };
}
