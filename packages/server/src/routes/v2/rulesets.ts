/**
 * Rulesets and their rules (reference §2 rows 14–23, §3.5–3.6). The schemas check the bodies' shape and
 * say, in Threat Stack's wording, why a field is refused; the rule language's own checks (type spelling,
 * filters, aggregate fields, File rule details) come from `@vigil/rules`. What clients echo back from a
 * read (`id`, `rulesetId`, `createdAt`, `updatedAt`, `rules`) is accepted and ignored.
 * @module
 */
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { Type, type TSchema } from 'typebox';
import { FILE_EVENT_REASON, FILE_EVENTS, readRuleDefinition, RULE_TYPE_REASON, type RuleProblem, type Severity } from '@vigil/rules';
import { StoreConflictError, StoreNotFoundError, type Rule as StoredRule, type RuleChanges } from '@vigil/store';
import type { FastifyInstance } from 'fastify';
import { ApiError, apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses, Rule, Ruleset } from '../../http/schemas.js';
import { invalidBodyField, missingBodyField, threatStackErrors } from '../../http/threat-stack-wording.js';
import { invalidAs } from '../../http/validation.js';
import { presentRule, presentRuleset } from '../../presenters/v2.js';
import { ruleTagRoutes } from './rule-tags.js';

const TAGS = ['Rulesets and Rules'];
const MAX_WINDOW = 2_592_000; // 30 days, in seconds
const MAX_RULE_IDS = 1000;
const MAX_LIST = 100;
const DEFAULT_WINDOW = 3600;
const DEFAULT_THRESHOLD = 1;

const Id = Type.String({ minLength: 1, maxLength: 128 });
const Echoed = Type.Optional(Type.Unknown({ description: 'ignored: clients echo it back from a read' }));
/** Required text that is not only blanks. */
const Text = (max: number, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...options, ...invalidAs(`Must be between 1 and ${max} characters long.`) });
/** An optional field that null also leaves out. */
const Nullable = <T extends TSchema>(t: T, reason: string, description?: string) =>
  Type.Optional(Type.Union([t, Type.Null()], { ...invalidAs(reason), ...(description === undefined ? {} : { description }) }));
const List = <T extends TSchema>(item: T, max: number, description?: string) =>
  Nullable(Type.Array(item, { maxItems: max }), `Must be a list of at most ${max} entries.`, description);
const BodyId = Type.String({ minLength: 1, maxLength: 128, ...invalidAs('Must be a string of 1 to 128 characters.') });
const FilterText = Type.String({ pattern: '\\S', ...invalidAs('Must be a filter.') });
const PathText = Type.String({ maxLength: 4096, ...invalidAs('Must be a string of 1 to 4096 characters.') });

const RULE_IDS_SEMANTICS =
  '`ruleIds` (also `rulesIds` or `rules`) is the set of rules of the ruleset: listed rules of other rulesets of the ' +
  'organization move into it; on PUT, rules of this ruleset that are not listed are deleted. Omitted or null leaves ' +
  'the rules unchanged. Unknown ids (or ids of another organization) answer 404 and change nothing.';

const RulesetBody = Type.Object(
  {
    name: Text(200, { description: 'unique within the organization, ignoring case' }),
    description: Nullable(Type.String(), 'Must be a string.', 'default ""'),
    ruleIds: List(BodyId, MAX_RULE_IDS),
    rulesIds: List(BodyId, MAX_RULE_IDS, 'alias of ruleIds'),
    rules: List(BodyId, MAX_RULE_IDS, 'alias of ruleIds'),
    id: Echoed,
    createdAt: Echoed,
    updatedAt: Echoed,
  },
  { description: RULE_IDS_SEMANTICS },
);

export const RuleBody = Type.Object(
  {
    name: Text(200),
    type: Type.String({
      description: 'Host, File, ThreatIntel or Vulnerability in any case (e.g. "host"); stored and returned as Host, File, ThreatIntel or Vulnerability',
      ...invalidAs(RULE_TYPE_REASON),
    }),
    title: Text(300),
    severityOfAlerts: Type.Union([Type.Integer({ minimum: 1, maximum: 3 }), Type.String({ pattern: '^\\s*[123]\\s*$' })], {
      description: '1 (high), 2 (medium) or 3 (low); "1", "2" and "3" are accepted too',
      ...invalidAs('Must be 1, 2 or 3.'),
    }),
    alertDescription: Text(300),
    aggregateFields: List(Type.String(invalidAs('Must be a string.')), MAX_LIST, 'fields alerts are grouped by, from the vocabulary of the rule type'),
    filter: Nullable(Type.String(), 'Must be a string.', 'filter language; required for Host rules'),
    window: Nullable(
      Type.Integer({ minimum: 1, maximum: MAX_WINDOW }),
      `Must be a whole number of seconds between 1 and ${MAX_WINDOW}.`,
      `seconds; default ${DEFAULT_WINDOW}`,
    ),
    threshold: Nullable(Type.Integer({ minimum: 1 }), 'Must be a whole number of at least 1.', `default ${DEFAULT_THRESHOLD}`),
    suppressions: List(FilterText, MAX_LIST, 'filters of events that never alert'),
    enabled: Nullable(Type.Boolean(), 'Must be true or false.', 'default true'),
    fileIntegrityPaths: List(
      Type.Object(
        {
          path: Type.String({ minLength: 1, maxLength: 4096, pattern: '\\S', ...invalidAs('Must be between 1 and 4096 characters long.') }),
          recursive: Nullable(Type.Boolean(), 'Must be true or false.'),
        },
        invalidAs('Must be an object {path, recursive}.'),
      ),
      MAX_LIST,
      'File rules (at least one): paths to watch',
    ),
    ignoreFiles: List(PathText, MAX_LIST, 'File rules: paths to ignore'),
    eventsToMonitor: List(Type.String(invalidAs(FILE_EVENT_REASON)), FILE_EVENTS.length * 4, `File rules: ${FILE_EVENTS.join(', ')}; default ["ALL"]`),
    id: Echoed,
    rulesetId: Echoed,
    createdAt: Echoed,
    updatedAt: Echoed,
    disabledReason: Echoed,
  },
  {
    description:
      'Every save is a full write: omitted optional fields take their defaults. `filter` and each suppression must ' +
      'compile; `aggregateFields` must come from the rule type\'s vocabulary (`rule_id` is no longer accepted).',
  },
);

const RulesetParams = Type.Object({ rulesetId: Id });
const RuleParams = Type.Object({ rulesetId: Id, ruleId: Id });
type RuleParams = Type.Static<typeof RuleParams>;

const ListQuery = Type.Object({
  agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'only rulesets with a rule that applies to this agent by tags' })),
});

// ---------------------------------------------------------------------------------------------------------
// Bodies, once the schema has checked their shape

/** What a ruleset write asks for. */
export interface RulesetInput {
  name: string;
  description: string;
  /** undefined: leave the rules as they are */
  ruleIds?: string[];
}

/** The content of a rule as written (everything but ids and times). */
export type RuleInput = Required<Omit<RuleChanges, 'tags' | 'disabledReason'>>;

/**
 * A ruleset body as stored; the rule ids come from `ruleIds`, else `rulesIds`, else `rules` (the three
 * spellings Threat Stack clients use), each deduplicated.
 *
 * ```ts
 * rulesetInput({ name: 'Base', ruleIds: null }) // { name: 'Base', description: '', ruleIds: undefined }
 * ```
 */
export function rulesetInput(body: Type.Static<typeof RulesetBody>): RulesetInput {
  const ids = body.ruleIds ?? body.rulesIds ?? body.rules ?? undefined;
  return { name: body.name, description: body.description ?? '', ruleIds: ids && [...new Set(ids)] };
}

/**
 * The rule language's refusal in Threat Stack's wording, e.g. `Invalid filter at position 12: unknown field "comand"`.
 * ```ts
 * if (!read.ok) throw refusal(read.problem);
 * ```
 */
export function refusal(problem: RuleProblem): ApiError {
  if (problem.kind === 'missing') return missingBodyField(problem.field);
  if (problem.kind === 'invalid') return invalidBodyField(problem.field, problem.reason);
  const err = problem.error;
  // The location goes first, as in Threat Stack's "Validation failed: …" messages; the hint stays last.
  const where = err.line > 1 ? ` (line ${err.line}, column ${err.column})` : '';
  const hint = err.hint === undefined ? '' : ` (${err.hint})`;
  return apiError('VIGIL_BAD_REQUEST', `Invalid ${problem.field} at position ${err.position}${where}: ${err.reason}${hint}`);
}

/**
 * A rule body as stored (every save is a full write): the rule language's checks, defaults applied,
 * echoed read-only fields ignored; throws a 400 ApiError naming the field.
 *
 * ```ts
 * ruleInput({ name: 'sudo', type: 'host', title: 'sudo', severityOfAlerts: '2',
 *   alertDescription: 'sudo ran', filter: 'command = "sudo"' }).type // 'Host'
 * ```
 */
export function ruleInput(body: Type.Static<typeof RuleBody>): RuleInput {
  const paths = body.fileIntegrityPaths ?? [];
  const read = readRuleDefinition({ ...body, watchedPaths: paths.length });
  if (!read.ok) throw refusal(read.problem);
  const { type } = read.rule;
  const file = type === 'File';
  return {
    ...read.rule,
    name: body.name,
    title: body.title,
    // Threat Stack's own exports hold both 2 and "2".
    severityOfAlerts: Number(body.severityOfAlerts) as Severity,
    alertDescription: body.alertDescription,
    window: body.window ?? DEFAULT_WINDOW,
    threshold: body.threshold ?? DEFAULT_THRESHOLD,
    enabled: body.enabled ?? true,
    fileIntegrityPaths: file ? paths.map((p) => ({ path: p.path, recursive: p.recursive === true })) : [],
    ignoreFiles: file ? (body.ignoreFiles ?? []) : [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/** Registers the ruleset, rule and rule-tag routes on a Hawk-protected context. */
export async function rulesetRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.setSchemaErrorFormatter(threatStackErrors);
  const { store } = app.vigil;
  const rulesets = store.rulesets;
  // Tags live under /v2/rules but belong to this API group; registering them here keeps index.ts to one line.
  await app.register(ruleTagRoutes);

  const duplicate = (name: string) => apiError('VIGIL_CONFLICT', `A ruleset named "${name}" already exists`);

  /** The store's refusals of a write, as API errors. */
  function fromStore(err: unknown, name: string): unknown {
    if (err instanceof StoreConflictError) return duplicate(name);
    if (err instanceof StoreNotFoundError) return new ApiError('VIGIL_NOT_FOUND', err.message.replace(/^rules/, 'Rules'));
    return err;
  }

  async function requireRuleset(orgId: string, id: string) {
    const ruleset = await rulesets.get(orgId, id);
    if (!ruleset) throw apiError('VIGIL_NOT_FOUND', 'Ruleset');
    return ruleset;
  }

  async function requireRule(orgId: string, params: RuleParams): Promise<StoredRule> {
    const rule = await rulesets.getRule(orgId, params.ruleId);
    // A rule addressed through another ruleset is as unknown as a rule of another organization.
    if (!rule || rule.rulesetId !== params.rulesetId) throw apiError('VIGIL_NOT_FOUND', 'Rule');
    return rule;
  }

  async function requireRules(orgId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set(await rulesets.existingRuleIds(orgId, [...ids]));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw apiError('VIGIL_NOT_FOUND', `Rules ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
    }
  }

  async function ruleIdsOf(orgId: string, rulesetId: string): Promise<string[]> {
    return (await rulesets.ruleIdsByRuleset(orgId, [rulesetId])).get(rulesetId) ?? [];
  }

  app.get(
    '/rulesets',
    {
      schema: {
        tags: TAGS,
        summary: 'List rulesets',
        description:
          'Every ruleset of the organization, oldest first, with the ids of its rules under `rules`. With `agentId`, only ' +
          'rulesets holding at least one rule that applies to that agent by its tags (404 when the agent is unknown). ' +
          'One page: `token` is always null.',
        querystring: ListQuery,
        response: {
          200: Type.Object({ rulesets: Type.Array(Ruleset), token: Type.Null() }),
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const { agentId } = request.query;
      const list = agentId === undefined ? await rulesets.list(orgId) : await rulesets.listRulesetsForAgent(orgId, agentId);
      if (!list) throw apiError('VIGIL_NOT_FOUND', 'Agent');
      const ids = await rulesets.ruleIdsByRuleset(orgId, agentId === undefined ? undefined : list.map((r) => r.id));
      return { rulesets: list.map((r) => presentRuleset(r, ids.get(r.id) ?? [])), token: null };
    },
  );

  app.post(
    '/rulesets',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a ruleset',
        description: `${RULE_IDS_SEMANTICS} A name already used in the organization (ignoring case) answers 409.`,
        body: RulesetBody,
        response: { 200: Ruleset, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const input = rulesetInput(request.body);
      if (await rulesets.getByName(orgId, input.name)) throw duplicate(input.name);
      await requireRules(orgId, input.ruleIds ?? []);
      const created = await rulesets
        .createWithRules({ orgId, name: input.name, description: input.description }, input.ruleIds ?? [])
        .catch((err: unknown) => Promise.reject(fromStore(err, input.name)));
      const { ruleset } = created;
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'create_ruleset',
        description: `Created ruleset "${ruleset.name}"`,
        context: { rulesetId: ruleset.id, name: ruleset.name, ruleIds: input.ruleIds ?? [], movedRuleIds: created.movedRuleIds },
      });
      return presentRuleset(ruleset, await ruleIdsOf(orgId, ruleset.id));
    },
  );

  app.get(
    '/rulesets/:rulesetId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get one ruleset',
        description: 'The ruleset with the ids of its rules under `rules`.',
        params: RulesetParams,
        response: { 200: Ruleset, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const ruleset = await requireRuleset(orgId, request.params.rulesetId);
      return presentRuleset(ruleset, await ruleIdsOf(orgId, ruleset.id));
    },
  );

  app.put(
    '/rulesets/:rulesetId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a ruleset',
        description: `Replaces name and description (omitted description = ""). ${RULE_IDS_SEMANTICS}`,
        params: RulesetParams,
        body: RulesetBody,
        response: { 200: Ruleset, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const input = rulesetInput(request.body);
      const current = await requireRuleset(orgId, request.params.rulesetId);
      const clash = await rulesets.getByName(orgId, input.name);
      if (clash && clash.id !== current.id) throw duplicate(input.name);
      await requireRules(orgId, input.ruleIds ?? []);
      const result = await rulesets
        .update(orgId, current.id, input)
        .catch((err: unknown) => Promise.reject(fromStore(err, input.name)));
      if (!result) throw apiError('VIGIL_NOT_FOUND', 'Ruleset');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'update_ruleset',
        description: `Updated ruleset "${result.ruleset.name}"`,
        context: {
          rulesetId: current.id,
          name: result.ruleset.name,
          previousName: current.name,
          ruleIds: input.ruleIds ?? null,
          movedRuleIds: result.movedRuleIds,
          deletedRuleIds: result.deletedRuleIds,
        },
      });
      return presentRuleset(result.ruleset, await ruleIdsOf(orgId, current.id));
    },
  );

  app.delete(
    '/rulesets/:rulesetId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a ruleset and its rules',
        description: 'Deletes the ruleset and every rule in it (alerts they raised stay); answers `{}`.',
        params: RulesetParams,
        response: { 200: Type.Object({}), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const current = await requireRuleset(orgId, request.params.rulesetId);
      const ruleIds = await ruleIdsOf(orgId, current.id);
      if (!(await rulesets.delete(orgId, current.id))) throw apiError('VIGIL_NOT_FOUND', 'Ruleset');
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'delete_ruleset',
        description: `Deleted ruleset "${current.name}" and its ${ruleIds.length} rule(s)`,
        context: { rulesetId: current.id, name: current.name, deletedRuleIds: ruleIds },
      });
      return {};
    },
  );

  app.get(
    '/rulesets/:rulesetId/rules',
    {
      schema: {
        tags: TAGS,
        summary: "The ruleset's rules",
        description: 'Full rule objects, oldest first, in one page (`token` is always null).',
        params: RulesetParams,
        response: {
          200: Type.Object({ rules: Type.Array(Rule), token: Type.Null() }),
          ...errorResponses(401, 404, 429),
        },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const ruleset = await requireRuleset(orgId, request.params.rulesetId);
      return { rules: (await rulesets.listRules(orgId, ruleset.id)).map(presentRule), token: null };
    },
  );

  app.post(
    '/rulesets/:rulesetId/rules',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a rule in the ruleset',
        description:
          'Types Host, File and ThreatIntel (any case, e.g. `"host"`). Echoed read-only fields (`id`, `rulesetId`, ' +
          '`createdAt`, `updatedAt`, `disabledReason`) are ignored. Answers the rule.',
        params: RulesetParams,
        body: RuleBody,
        response: { 200: Rule, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const input = ruleInput(request.body);
      const ruleset = await requireRuleset(orgId, request.params.rulesetId);
      const rule = await rulesets
        .createRule({ ...input, orgId, rulesetId: ruleset.id })
        .catch((err: unknown) => Promise.reject(err instanceof StoreNotFoundError ? apiError('VIGIL_NOT_FOUND', 'Ruleset') : err));
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'create_rule',
        description: `Created ${rule.type} rule "${rule.name}" in ruleset "${ruleset.name}"`,
        context: { rulesetId: ruleset.id, ruleId: rule.id, name: rule.name, type: rule.type },
      });
      return presentRule(rule);
    },
  );

  app.get(
    '/rulesets/:rulesetId/rules/:ruleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Get one rule',
        description: 'A rule of this ruleset; a rule of another ruleset answers 404.',
        params: RuleParams,
        response: { 200: Rule, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => presentRule(await requireRule(callerOf(request).orgId, request.params)),
  );

  app.put(
    '/rulesets/:rulesetId/rules/:ruleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a rule',
        description: 'A full write, like create. `rulesetId` in the body is ignored: move rules with the ruleset\'s `ruleIds`.',
        params: RuleParams,
        body: RuleBody,
        response: { 200: Rule, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const input = ruleInput(request.body);
      const current = await requireRule(orgId, request.params);
      const rule = await rulesets.updateRule(orgId, current.id, input);
      if (!rule) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'update_rule',
        description: `Updated ${rule.type} rule "${rule.name}"`,
        context: { rulesetId: rule.rulesetId, ruleId: rule.id, name: rule.name, previousName: current.name, type: rule.type },
      });
      return presentRule(rule);
    },
  );

  app.delete(
    '/rulesets/:rulesetId/rules/:ruleId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a rule',
        description: 'Deletes the rule (alerts it raised stay); answers `{}`.',
        params: RuleParams,
        response: { 200: Type.Object({}), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const current = await requireRule(orgId, request.params);
      if (!(await rulesets.deleteRule(orgId, current.id))) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'delete_rule',
        description: `Deleted rule "${current.name}"`,
        context: { rulesetId: current.rulesetId, ruleId: current.id, name: current.name },
      });
      return {};
    },
  );
}
