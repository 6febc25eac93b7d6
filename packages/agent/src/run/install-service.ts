/**
 * `vigil-agent install`: writes the config file (0600, since it holds the deploy key) and a systemd unit that
 * runs `vigil-agent run --config …` as root, restarted if it dies and stopped with SIGTERM, which lets the agent
 * take out its audit rules and spool what it holds. Starting it is left to the administrator's systemctl.
 * @module
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentSettings } from './agent-config.js';

export interface InstallOptions {
  settings: Required<Pick<AgentSettings, 'url'>> & AgentSettings;
  configPath: string;
  /** default /etc/systemd/system */
  unitDir?: string;
  /** the node binary and the vigil-agent script the unit runs */
  nodePath: string;
  scriptPath: string;
}

export const UNIT_NAME = 'vigil-agent.service';

/** The unit file's text. */
export function systemdUnit(nodePath: string, scriptPath: string, configPath: string): string {
  return `[Unit]
Description=Vigil host agent
After=network-online.target auditd.service
Wants=network-online.target

[Service]
ExecStart=${nodePath} ${scriptPath} run --config ${configPath}
Restart=always
RestartSec=5
# SIGTERM: the agent removes its audit rules and puts what it holds into its spool before it exits.
KillSignal=SIGTERM
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
`;
}

/** Writes both files; answers their paths. */
export function installService(options: InstallOptions): { configPath: string; unitPath: string } {
  const { settings, configPath } = options;
  mkdirSync(dirname(configPath), { recursive: true, mode: 0o755 });
  const config = {
    url: settings.url,
    ...(settings.deployKey ? { deployKey: settings.deployKey } : {}),
    ...(settings.stateDir ? { stateDir: settings.stateDir } : {}),
    ...(settings.logins && settings.logins !== 'auto' ? { logins: settings.logins } : {}),
    ...(settings.authLog ? { authLog: settings.authLog } : {}),
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  chmodSync(configPath, 0o600);
  const unitDir = options.unitDir ?? '/etc/systemd/system';
  mkdirSync(unitDir, { recursive: true });
  const unitPath = join(unitDir, UNIT_NAME);
  writeFileSync(unitPath, systemdUnit(options.nodePath, options.scriptPath, configPath), { mode: 0o644 });
  return { configPath, unitPath };
}
