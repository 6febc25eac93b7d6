/**
 * The top-level commands: what `vigil --help` lists about each, and where each is loaded from. Only the
 * command being run is imported, so `vigil --help` and `vigil <cmd> --help` load no server, store or
 * database driver. `test/command-list.test.ts` checks these lines against the commands themselves.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from './io.js';

export interface CommandEntry {
  name: string;
  alias?: string;
  description: string;
  /** what follows the name in `vigil --help` (commander's term: `[options]`, then the arguments) */
  usage?: string;
  /** an API client command: commander's own usage errors exit 2, like the ones the command finds */
  client: boolean;
  load(io: CliIo): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'run the API server (REST v2, docs, metrics)',
    usage: '[options]',
    client: false,
    load: async (io) => (await import('./commands/serve.js')).serveCommand(io),
  },
  {
    name: 'admin',
    description: 'manage organizations, users, members and API keys',
    client: false,
    load: async (io) => (await import('./commands/admin.js')).adminCommand(io),
  },
  {
    name: 'vulns',
    description: 'import vulnerability advisories (OSV, Debian security tracker); list vulnerabilities found on hosts; manage suppressions',
    client: false,
    load: async (io) => (await import('./commands/vulns.js')).vulnsCommand(io),
  },
  {
    name: 'simulate',
    description: 'register simulated agents and stream realistic host activity (with attack-like events) to a server',
    usage: '[options]',
    client: false,
    load: async (io) => (await import('./commands/simulate.js')).simulateCommand(io),
  },
  // API client commands (credentials: flags > TS_* environment > threatstack.cfg)
  {
    name: 'agents',
    alias: 'agent',
    description: 'List and show agents (hosts)',
    client: true,
    load: async (io) => (await import('./commands/agents.js')).agentsCommand(io),
  },
  {
    name: 'alerts',
    description: 'List, show, count and dismiss alerts',
    client: true,
    load: async (io) => (await import('./commands/alerts.js')).alertsCommand(io),
  },
  {
    name: 'servers',
    alias: 'server',
    description: 'List cloud instances (EC2 servers); import your cloud account export',
    client: true,
    load: async (io) => (await import('./commands/servers.js')).serversCommand(io),
  },
  {
    name: 'members',
    alias: 'member',
    description: 'List, add, remove and invite organization members',
    client: true,
    load: async (io) => (await import('./commands/members.js')).membersCommand(io),
  },
  {
    name: 'rulesets',
    description: 'Manage rulesets; export and import them as YAML',
    client: true,
    load: async (io) => (await import('./commands/rulesets.js')).rulesetsCommand(io),
  },
  {
    name: 'rules',
    description: 'Manage the rules of a ruleset; export and import them as YAML',
    client: true,
    load: async (io) => (await import('./commands/rules.js')).rulesCommand(io),
  },
  {
    name: 'webhooks',
    description: 'Manage alert webhooks: endpoints, deliveries, secrets',
    client: true,
    load: async (io) => (await import('./commands/webhooks.js')).webhooksCommand(io),
  },
  {
    name: 'raw',
    description: 'Send any API request (signed) and print the response body',
    usage: '[options] <method> <path>',
    client: true,
    load: async (io) => (await import('./commands/raw.js')).rawCommand(io),
  },
  {
    name: 'export',
    description: 'Run the Threat Stack API scripts: write CSV files as they do',
    client: true,
    load: async (io) => (await import('./commands/export.js')).exportCommandGroup(io),
  },
  {
    name: 'intel',
    description:
      'Threat library (ThreatQ-compatible API): indicators, events, adversaries, attachments, relations, import, export, TAXII collections, OAuth clients and the whitelist; credentials from VIGIL_INTEL_URL, VIGIL_INTEL_EMAIL, VIGIL_INTEL_PASSWORD, VIGIL_INTEL_CLIENT_ID, VIGIL_INTEL_CLIENT_SECRET',
    client: true,
    load: async (io) => (await import('./commands/intel.js')).intelCommandGroup(io),
  },
];

/**
 * The entry `args` (argv without node and script) runs, if any: the first word, or the one after `help`.
 * ```ts
 * commandToRun(['agent', 'list'])?.name; // 'agents'
 * ```
 */
export function commandToRun(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  if (word === undefined) return undefined;
  return COMMANDS.find((c) => c.name === word || c.alias === word);
}

/** The line of `vigil --help` for `entry`, as commander writes it for a loaded command. */
export function helpTerm(entry: CommandEntry): string {
  return `${entry.name}${entry.alias ? `|${entry.alias}` : ''}${entry.usage ? ` ${entry.usage}` : ''}`;
}
