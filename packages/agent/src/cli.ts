/**
 * The `vigil-agent` command. `run` reads its settings from flags or `VIGIL_AGENT_*` variables and runs until
 * SIGTERM or SIGINT, then removes its audit rules and puts what it holds into the spool.
 * @module
 */
import { parseArgs } from 'node:util';
import { AGENT_VERSION } from './run/agent-version.js';
import { AgentStartError, runAgent } from './run/run-agent.js';
import { formatStatus, isRunning, readStatusFile } from './run/status-file.js';

const USAGE = `usage: vigil-agent run --url URL [--deploy-key KEY] [--state-dir DIR]
       vigil-agent status [--state-dir DIR] [--json]

  run           watch this host and report to the server until SIGTERM
  status        what the agent on this host is doing (exit 0 running and healthy, 1 running with problems,
                3 not running)
  --url         the Vigil server (VIGIL_AGENT_URL)
  --deploy-key  the organization's deploy key, needed on the first start only (VIGIL_AGENT_DEPLOY_KEY)
  --state-dir   credentials, spool and status (VIGIL_AGENT_STATE_DIR, default /var/lib/vigil-agent)
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
  const stateDir = values['state-dir'] ?? env.VIGIL_AGENT_STATE_DIR ?? '/var/lib/vigil-agent';
  if (positionals[0] === 'status' && positionals.length === 1) return status(stateDir, values.json === true, io);
  if (positionals[0] !== 'run' || positionals.length > 1) {
    io.err(`vigil-agent: unknown command ${positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  const url = values.url ?? env.VIGIL_AGENT_URL;
  if (!url || !/^https?:\/\//.test(url)) {
    io.err(`vigil-agent: --url (or VIGIL_AGENT_URL) must be the server's http(s) URL\n`);
    return 2;
  }
  try {
    const agent = await runAgent({
      url,
      deployKey: values['deploy-key'] ?? env.VIGIL_AGENT_DEPLOY_KEY,
      stateDir,
    });
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
