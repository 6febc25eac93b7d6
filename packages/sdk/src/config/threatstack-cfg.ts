/**
 * `threatstack.cfg`, as Threat Stack's API scripts read it: `[USER_INFO]` holds `TS_USER_ID` and
 * `TS_API_KEY`; `[DEFAULT]` holds `TS_ORGANIZATION_ID` and `TS_ORGANIZATION_NAME`; other sections
 * (e.g. `[STAGING]`, chosen with `--org STAGING`) name more organizations and inherit `[DEFAULT]`.
 * `TS_API_ENDPOINT` may appear in any of them.
 * @module
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { iniHasOwn, iniValue, IniSyntaxError, parseIni, type IniDocument } from './ini.js';

/** What a config file section provides. */
export interface ThreatStackConfig {
  userId: string;
  apiKey: string;
  organizationId: string;
  organizationName?: string;
  baseUrl?: string;
}

const USER_SECTION = 'USER_INFO';

/**
 * Reads one organization's credentials. The user id and key come from `[USER_INFO]` unless the chosen
 * section sets its own; the organization from the chosen section (or `[DEFAULT]`, which it inherits).
 *
 * @throws {ConfigError} naming the file, section and key when the file, section or a key is missing.
 *
 * ```ts
 * const cfg = loadThreatStackConfig('threatstack.cfg', 'STAGING');
 * const client = new VigilClient({ ...cfg, baseUrl: cfg.baseUrl ?? 'http://127.0.0.1:8080' });
 * ```
 */
export function loadThreatStackConfig(path = 'threatstack.cfg', section = 'DEFAULT'): ThreatStackConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`;
    throw new ConfigError(`Config file ${path}: ${why}`, { cause: err });
  }
  let doc: IniDocument;
  try {
    doc = parseIni(text);
  } catch (err) {
    if (err instanceof IniSyntaxError) throw new ConfigError(`Config file ${path}: ${err.message}`);
    throw err;
  }
  if (section !== 'DEFAULT' && !doc.sections.has(section)) {
    throw new ConfigError(`Config file ${path}: no section [${section}] (needed for TS_ORGANIZATION_ID)`);
  }

  const read = (name: string, key: string): string | undefined => {
    try {
      const value = iniValue(doc, name, key);
      // INI values take no quotes (Python's configparser keeps them too): a quoted key would fail every request.
      if (value !== undefined && /^(["']).*\1$/s.test(value) && value.length >= 2) {
        throw new ConfigError(`Config file ${path}: [${name}] ${key} is in quotes; INI values take none, write ${key} = value without the quotes`);
      }
      return value === '' ? undefined : value;
    } catch (err) {
      if (err instanceof IniSyntaxError) throw new ConfigError(`Config file ${path}: [${name}] ${err.message}`);
      throw err;
    }
  };
  // The user id and key live in [USER_INFO]; a section that sets its own wins, and without [USER_INFO]
  // a value inherited from [DEFAULT] is accepted. Otherwise the error points at [USER_INFO].
  const userSection = (key: string): string => {
    if (iniHasOwn(doc, section, key) || (!doc.sections.has(USER_SECTION) && read(section, key) !== undefined)) return section;
    return USER_SECTION;
  };
  const required = (name: string, key: string): string => {
    if (name !== 'DEFAULT' && !doc.sections.has(name)) {
      throw new ConfigError(`Config file ${path}: no section [${name}] (needed for ${key})`);
    }
    const value = read(name, key);
    if (value === undefined) throw new ConfigError(`Config file ${path}: section [${name}] has no ${key}`);
    return value;
  };

  const config: ThreatStackConfig = {
    userId: required(userSection('TS_USER_ID'), 'TS_USER_ID'),
    apiKey: required(userSection('TS_API_KEY'), 'TS_API_KEY'),
    organizationId: required(section, 'TS_ORGANIZATION_ID'),
  };
  const organizationName = read(section, 'TS_ORGANIZATION_NAME');
  if (organizationName !== undefined) config.organizationName = organizationName;
  const baseUrl = read(section, 'TS_API_ENDPOINT') ?? (doc.sections.has(USER_SECTION) ? read(USER_SECTION, 'TS_API_ENDPOINT') : undefined);
  if (baseUrl !== undefined) config.baseUrl = baseUrl;
  return config;
}
