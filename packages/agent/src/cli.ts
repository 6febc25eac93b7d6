/**
 * The `vigil-agent` command. `run` reads its settings from flags or `VIGIL_AGENT_*` variables and runs until
 * SIGTERM or SIGINT, then removes its audit rules and puts what it holds into the spool.
 * @module
 */
import { parseArgs } from 'node:util';
import { AGENT_VERSION } from './run/agent-version.js';
import { AgentStartError, runAgent } from './run/run-agent.js';

const USAGE = `usage: vigil-agent run --url URL [--deploy-key KEY] [--state-dir DIR]

  --url         the Vigil server (VIGIL_AGENT_URL)
  --deploy-key  the organization's deploy key, needed on the first start only (VIGIL_AGENT_DEPLOY_KEY)
  --state-dir   credentials and spool (VIGIL_AGENT_STATE_DIR, default /var/lib/vigil-agent)
`;

/** Runs the command line; answers the exit status (0 ok, 2 bad usage or a start that cannot succeed). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
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
      },
    });
  } catch (err) {
    process.stderr.write(`vigil-agent: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== 'run' || positionals.length > 1) {
    process.stderr.write(`vigil-agent: unknown command ${positionals.join(' ')}\n${USAGE}`);
    return 2;
  }
  const url = values.url ?? env.VIGIL_AGENT_URL;
  if (!url || !/^https?:\/\//.test(url)) {
    process.stderr.write(`vigil-agent: --url (or VIGIL_AGENT_URL) must be the server's http(s) URL\n`);
    return 2;
  }
  try {
    const agent = await runAgent({
      url,
      deployKey: values['deploy-key'] ?? env.VIGIL_AGENT_DEPLOY_KEY,
      stateDir: values['state-dir'] ?? env.VIGIL_AGENT_STATE_DIR ?? '/var/lib/vigil-agent',
    });
    process.stderr.write(`vigil-agent ${AGENT_VERSION}: agent ${agent.agentId} reporting to ${url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await agent.stop();
    return 0;
  } catch (err) {
    if (err instanceof AgentStartError) {
      process.stderr.write(`vigil-agent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
