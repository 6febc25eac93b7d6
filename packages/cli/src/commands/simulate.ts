/**
 * `vigil simulate`: registers a few agents and streams realistic host activity (with an attack-like event
 * every few seconds) to a server, so a new installation has agents, events and — with detection — alerts.
 * @module
 */
import { Command, Option } from 'commander';
import { ExitCode } from '../client/exit-codes.js';
import type { CliIo } from '../io.js';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** Issues a deploy key for `orgId` directly in the database (like `vigil admin deploy-key`). */
async function issueDeployKey(io: CliIo, orgId: string): Promise<string> {
  const { loadConfig, openConfiguredStore } = await import('@vigil/server/setup');
  const { store } = await openConfiguredStore(loadConfig(io.env));
  try {
    if (!(await store.organizations.get(orgId))) throw new Error(`organization ${orgId} does not exist`);
    const { key, info } = await store.deployKeys.issue(orgId);
    await store.auditLogs.record({
      orgId,
      userId: null,
      userEmail: null,
      result: 'success',
      crud: 'update',
      action: 'issue_deploy_key',
      source: 'cli',
      description: 'Issued a deploy key for vigil simulate',
      context: { keyId: info.id, prefix: info.prefix },
    });
    return key;
  } finally {
    await store.close();
  }
}

/** The `simulate` subcommand. */
export function simulateCommand(io: CliIo): Command {
  return new Command('simulate')
    .description('register simulated agents and stream realistic host activity (with attack-like events) to a server')
    .addOption(new Option('--url <url>', 'server URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--deploy-key <key>', "the organization's deploy key (vigil admin deploy-key)").env('VIGIL_DEPLOY_KEY'))
    .option('--org <orgId>', 'without --deploy-key: issue a new deploy key for this organization (needs VIGIL_DATABASE_URL; rotates the current one)')
    .addOption(new Option('--agents <n>', 'agents to simulate').default(3).argParser(positiveInt('--agents')))
    .addOption(new Option('--duration <seconds>', 'how long to run').default(60).argParser(positiveInt('--duration')))
    .addOption(new Option('--rate <events/s>', 'events per second over all agents').default(20).argParser(positiveInt('--rate')))
    .addOption(new Option('--seed <n>', 'random seed (same seed, same hosts and activity)').argParser(positiveInt('--seed')))
    .addOption(new Option('--suspicious-every <seconds>', 'seconds between attack-like events').default(5).argParser(positiveInt('--suspicious-every')))
    .option('--quiet', 'print only the summary')
    .action(async (o) => {
      // commander's .env() reads process.env; a run with its own environment (in-process tests) sets it on io
      let deployKey: string | undefined = o.deployKey || io.env.VIGIL_DEPLOY_KEY;
      if (!deployKey && o.org) deployKey = await issueDeployKey(io, o.org);
      if (!deployKey) throw new Error('a deploy key is needed: --deploy-key, VIGIL_DEPLOY_KEY or --org (see vigil admin deploy-key)');
      const controller = new AbortController();
      // First Ctrl-C finishes the current batches and prints the summary; a second one exits at once.
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      // loaded here, not for --help
      const [{ runSimulation }, { ConnectionError }] = await Promise.all([import('../simulate/run-simulation.js'), import('@vigil/sdk')]);
      try {
        const print = (line: string) => io.stdout.write(line + '\n');
        const summary = await runSimulation({
          url: o.url,
          deployKey,
          agents: o.agents,
          durationSec: o.duration,
          rate: o.rate,
          seed: o.seed ?? Math.floor(Math.random() * 2 ** 31),
          suspiciousEverySec: o.suspiciousEvery,
          signal: controller.signal,
          print: o.quiet ? () => {} : print,
        });
        print(
          `simulated ${summary.agents} agents for ${summary.seconds}s: ${summary.events} events (${summary.suspicious} suspicious) in ${summary.batches} batches, ${summary.duplicates} duplicates, ${summary.retries} retries, ${summary.failedBatches} failed`,
        );
        if (summary.failedBatches > 0) io.setExitCode(1);
      } catch (err) {
        // Name the server, as the other commands do (exit 6).
        const code = err instanceof ConnectionError ? err.code : undefined;
        if (!code) throw err;
        io.stderr.write(`vigil: cannot reach the server at ${o.url}: connection failed (${code})\n  (is the server running at ${o.url}? (--url))\n`);
        io.setExitCode(ExitCode.server);
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });
}
