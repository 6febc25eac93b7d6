/**
 * `GET /agent/v1/config`: what an agent runs with. The watched paths come from the enabled File rules (of
 * any ruleset of the agent's organization) that apply to the agent by their tags, as detection applies them;
 * intervals and sources from the server's settings (`VIGIL_AGENT_*`). Agents poll it, so it answers with a
 * strong ETag over the body and `If-None-Match` → 304 without one.
 * @module
 */
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { FILE_ACTION_BY_SYSCALL, type FileAction } from '@vigil/rules';
import { ruleAppliesTo, type AgentTag, type Rule } from '@vigil/store';
import { agentOf } from '../../http/caller.js';
import type { FastifyInstance } from 'fastify';
import { AGENT_SOURCES, type AgentRunConfig } from '../../config.js';
import { normalizeWatchedPath } from '../../detection/rule-set-cache.js';
import { errorResponses, StringEnum } from '../../http/schemas.js';
import { notModified } from '../../ops/compressed-asset.js';

const FILE_ACTIONS = [...new Set(Object.values(FILE_ACTION_BY_SYSCALL))].sort() as FileAction[];

const WatchedPath = Type.Object({
  path: Type.String({ description: 'absolute, normalised (no trailing slash)' }),
  recursive: Type.Boolean({ description: 'false: the path itself and, for a directory, its direct children only' }),
  ignoreFiles: Type.Array(Type.String(), { description: 'exact paths, or globs: `*` within one path segment, `**` across' }),
  eventsToMonitor: Type.Array(StringEnum(FILE_ACTIONS), { description: 'the `file` event types to report (`ALL` spelled out)' }),
});

const AgentConfig = Type.Object({
  heartbeatSeconds: Type.Integer({ minimum: 1 }),
  configPollSeconds: Type.Integer({ minimum: 1 }),
  procScanSeconds: Type.Integer({ minimum: 1, description: 'the /proc scanner interval, used when kernel audit is not available' }),
  sources: Type.Array(StringEnum(AGENT_SOURCES), { description: 'the sources the agent runs' }),
  fileIntegrity: Type.Object({
    paths: Type.Array(WatchedPath, {
      description: "one entry per watched path of each applying File rule (identical entries once); a file event is reported when any entry covering it admits it",
    }),
  }),
});
type AgentConfig = Type.Static<typeof AgentConfig>;
type WatchedPath = Type.Static<typeof WatchedPath>;

/**
 * The watched paths of the File rules that apply to an agent with `tags`, sorted and deduplicated so the same
 * rules always give the same list (and the same ETag).
 *
 * ```ts
 * watchedPaths(await store.rulesets.enabledRulesOfType(orgId, 'File'), agent.tags);
 * // [{ path: '/etc/ssh', recursive: true, ignoreFiles: ['/etc/ssh/moduli'], eventsToMonitor: ['delete', 'modify'] }]
 * ```
 */
export function watchedPaths(rules: readonly Rule[], tags: readonly AgentTag[]): WatchedPath[] {
  const byKey = new Map<string, WatchedPath>();
  for (const rule of rules) {
    if (!rule.enabled || rule.type !== 'File' || !ruleAppliesTo(rule.tags ?? { inclusion: [], exclusion: [] }, tags)) continue;
    const listed = new Set((rule.eventsToMonitor ?? []).map((a) => a.toLowerCase()));
    // As detection reads it: `ALL` or nothing listed admits every action.
    const eventsToMonitor = listed.size === 0 || listed.has('all') ? FILE_ACTIONS : FILE_ACTIONS.filter((a) => listed.has(a));
    const ignoreFiles = [...new Set(rule.ignoreFiles ?? [])].sort();
    for (const p of rule.fileIntegrityPaths ?? []) {
      const entry = { path: normalizeWatchedPath(p.path), recursive: p.recursive === true, ignoreFiles, eventsToMonitor };
      byKey.set(JSON.stringify(entry), entry);
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/** Registers the route on the agent-authenticated context. */
export async function configRoute(app: FastifyInstance, options: { agents: AgentRunConfig }): Promise<void> {
  const { store } = app.vigil;
  app.get(
    '/config',
    {
      schema: {
        tags: ['Agent protocol'],
        summary: 'The configuration the agent runs with',
        description:
          'Hawk-signed by the agent. The paths to watch for file integrity, from the enabled File rules that apply to this agent (by their tags), and the intervals and sources set on the server (`VIGIL_AGENT_HEARTBEAT_SECONDS`, `VIGIL_AGENT_CONFIG_POLL_SECONDS`, `VIGIL_AGENT_PROC_SCAN_SECONDS`, `VIGIL_AGENT_SOURCES`). Carries a strong `ETag`; send it back in `If-None-Match` and an unchanged configuration answers 304 without a body.',
        security: [{ agentHawk: [] }],
        response: { 200: AgentConfig, 304: Type.Null({ description: 'unchanged since the ETag given' }), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const agent = agentOf(request);
      const rules = await store.rulesets.enabledRulesOfType(agent.orgId, 'File');
      const { heartbeatSeconds, configPollSeconds, procScanSeconds, sources } = options.agents;
      const body: AgentConfig = {
        heartbeatSeconds,
        configPollSeconds,
        procScanSeconds,
        sources,
        fileIntegrity: { paths: watchedPaths(rules, agent.tags) },
      };
      const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return body;
    },
  );
}
