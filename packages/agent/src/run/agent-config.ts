/**
 * Where `vigil-agent run` takes its settings from, first match wins: flags, `VIGIL_AGENT_*` variables, the
 * config file (`--config`, `VIGIL_AGENT_CONFIG`, or /etc/vigil-agent/config.json when it exists), defaults.
 * The config file is JSON with `url`, `deployKey`, `stateDir`, `logins` and `authLog`; anything else in it is
 * refused by name.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { LOGIN_SOURCE_MODES } from '../logins/login-source.js';
import { AgentStartError } from './run-agent.js';

export interface AgentSettings {
  url?: string;
  deployKey?: string;
  stateDir?: string;
  /** the login source: `auto` (default), `journal`, `file` or `off` */
  logins?: string;
  /** the syslog file the login source follows when it reads a file (default /var/log/auth.log, else /var/log/secure) */
  authLog?: string;
}

export type LoginsSetting = (typeof LOGINS_SETTINGS)[number];
export const LOGINS_SETTINGS = [...LOGIN_SOURCE_MODES, 'off'] as const;

export const DEFAULT_CONFIG_PATH = '/etc/vigil-agent/config.json';
export const DEFAULT_STATE_DIR = '/var/lib/vigil-agent';
const KEYS = new Set<keyof AgentSettings>(['url', 'deployKey', 'stateDir', 'logins', 'authLog']);

/** Reads a config file; a missing default file is no error, anything wrong with a file is, naming it. */
export function readConfigFile(path: string, required: boolean): AgentSettings {
  if (!required && !existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new AgentStartError(`cannot read the config file ${path}: ${code ?? (err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AgentStartError(`the config file ${path} must hold a JSON object ({"url": …, "deployKey": …, "stateDir": …})`);
  }
  const settings: AgentSettings = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!KEYS.has(key as keyof AgentSettings)) throw new AgentStartError(`the config file ${path} has an unknown setting "${key}" (known: ${[...KEYS].join(', ')})`);
    if (typeof value !== 'string' || value === '') throw new AgentStartError(`the config file ${path}: "${key}" must be a non-empty string`);
    settings[key as keyof AgentSettings] = value;
  }
  return settings;
}

/**
 * Flags over variables over the file.
 * @throws AgentStartError for a `logins` value that is not one of {@link LOGINS_SETTINGS}
 */
export function resolveSettings(flags: AgentSettings, env: NodeJS.ProcessEnv, file: AgentSettings): AgentSettings & { stateDir: string; logins: LoginsSetting } {
  const logins = flags.logins ?? env.VIGIL_AGENT_LOGINS ?? file.logins ?? 'auto';
  if (!(LOGINS_SETTINGS as readonly string[]).includes(logins)) {
    throw new AgentStartError(`the login source setting (--logins, VIGIL_AGENT_LOGINS or "logins") must be one of ${LOGINS_SETTINGS.join(', ')}, not "${logins}"`);
  }
  const authLog = flags.authLog ?? env.VIGIL_AGENT_AUTH_LOG ?? file.authLog;
  return {
    url: flags.url ?? env.VIGIL_AGENT_URL ?? file.url,
    deployKey: flags.deployKey ?? env.VIGIL_AGENT_DEPLOY_KEY ?? file.deployKey,
    stateDir: flags.stateDir ?? env.VIGIL_AGENT_STATE_DIR ?? file.stateDir ?? DEFAULT_STATE_DIR,
    logins: logins as LoginsSetting,
    ...(authLog !== undefined ? { authLog } : {}),
  };
}
