/**
 * The `vigil-agent` command. `run` reads its settings from flags or `VIGIL_AGENT_*` variables and runs until
 * SIGTERM or SIGINT, then removes its audit rules and puts what it holds into the spool.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH, readConfigFile, resolveSettings } from './run/agent-config.js';
import { installService } from './run/install-service.js';
import { AGENT_VERSION, IS_BUNDLE } from './run/agent-version.js';
import { AgentStartError, runAgent } from './run/run-agent.js';
import { formatStatus, isRunning, readStatusFile } from './run/status-file.js';

const USAGE = `usage: vigil-agent run [--url URL] [--deploy-key KEY] [--state-dir DIR] [--config FILE] [--logins MODE] [--auth-log FILE]
       vigil-agent status [--state-dir DIR] [--config FILE] [--json]
       vigil-agent install --url URL [--deploy-key KEY] [--state-dir DIR] [--config FILE] [--logins MODE] [--auth-log FILE] [--unit-dir DIR]

  run           watch this host and report to the server until SIGTERM
  status        what the agent on this host is doing (exit 0 running and healthy, 1 running with problems,
                3 not running)
  install       write the config file (0600) and a systemd unit (vigil-agent.service) that runs the agent
  --url         the Vigil server (VIGIL_AGENT_URL)
  --deploy-key  the organization's deploy key, needed on the first start only (VIGIL_AGENT_DEPLOY_KEY)
  --state-dir   credentials, spool and status (VIGIL_AGENT_STATE_DIR, default /var/lib/vigil-agent)
  --config      JSON with url, deployKey, stateDir (VIGIL_AGENT_CONFIG, default /etc/vigil-agent/config.json);
                flags and variables win over it
  --logins      logins, sudo and su: auto (the systemd journal, else the auth log file), journal, file or off
                (VIGIL_AGENT_LOGINS, default auto)
  --auth-log    the file the login source follows (VIGIL_AGENT_AUTH_LOG, default /var/log/auth.log, else
                /var/log/secure)
  --unit-dir    where install writes the unit (default /etc/systemd/system)
`;

/** Where output goes (the process's streams, or a test's). */
export interface AgentCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: AgentCliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Runs the command line; answers the exit status (0 ok, 2 bad usage or a start that cannot succeed). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: AgentCliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'deploy-key': { type: 'string' },
        'state-dir': { type: 'string' },
        config: { type: 'string' },
        'unit-dir': { type: 'string' },
        logins: { type: 'string' },
        'auth-log': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    io.err(`vigil-agent: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const command = positionals[0];
  if (positionals.length > 1 || !['run', 'status', 'install'].includes(command!)) {
    io.err(`vigil-agent: unknown command ${positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  const configPath = values.config ?? env.VIGIL_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;
  let settings;
  try {
    const file = command === 'install' ? {} : readConfigFile(configPath, values.config !== undefined || env.VIGIL_AGENT_CONFIG !== undefined);
    settings = resolveSettings({ url: values.url, deployKey: values['deploy-key'], stateDir: values['state-dir'], logins: values.logins, authLog: values['auth-log'] }, env, file);
  } catch (err) {
    if (!(err instanceof AgentStartError)) throw err;
    io.err(`vigil-agent: ${err.message}\n`);
    return 2;
  }
  const { url, stateDir } = settings;
  if (command === 'status') return status(stateDir, values.json === true, io);
  if (!url || !/^https?:\/\//.test(url)) {
    io.err(`vigil-agent: --url (or VIGIL_AGENT_URL, or "url" in ${configPath}) must be the server's http(s) URL\n`);
    return 2;
  }
  if (command === 'install') {
    const written = installService({
      settings: { ...settings, url, ...(values['state-dir'] ? {} : { stateDir: undefined }) },
      configPath,
      unitDir: values['unit-dir'],
      nodePath: process.execPath,
      // The single-file build runs itself; a checkout runs its bin.
      scriptPath: fileURLToPath(IS_BUNDLE ? import.meta.url : new URL('../bin/vigil-agent.js', import.meta.url)),
    });
    io.out(`wrote ${written.configPath} (0600) and ${written.unitPath}\nstart it with: systemctl daemon-reload && systemctl enable --now vigil-agent\n`);
    return 0;
  }
  try {
    const logins = { mode: settings.logins, ...(settings.authLog !== undefined ? { authLogPaths: [settings.authLog] } : {}) };
    const agent = await runAgent({ url, deployKey: settings.deployKey, stateDir, logins });
    io.err(`vigil-agent ${AGENT_VERSION}: agent ${agent.agentId} reporting to ${url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await agent.stop();
    return 0;
  } catch (err) {
    if (err instanceof AgentStartError) {
      io.err(`vigil-agent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

function status(stateDir: string, json: boolean, io: AgentCliIo): number {
  const file = readStatusFile(stateDir);
  if (file === undefined) {
    io.err(`vigil-agent: no agent has run with the state folder ${stateDir} (see --state-dir)\n`);
    return 3;
  }
  const running = isRunning(file);
  io.out(json ? JSON.stringify({ ...file, running }, null, 2) + '\n' : formatStatus(file, running));
  if (!running) return 3;
  return file.health.isHealthy === true ? 0 : 1;
}
