/**
 * Rulesets and their rules (reference §2 rows 14–23, §3.5–3.6). Bodies are checked by hand after the
 * schema so that every refusal is a 400 naming the field in Threat Stack's wording, and so that what
 * clients echo back from a read (`id`, `rulesetId`, `createdAt`, `updatedAt`, `rules`) is accepted.
 * @module
 */
import { Type } from 'typebox';
import { AGGREGATE_FIELDS, compileFilter, FilterError } from '@vigil/rules';
import {
  StoreConflictError,
  StoreNotFoundError,
  type FileIntegrityPath,
  type Rule as StoredRule,
  type RuleChanges,
} from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, apiError } from '../../errors.js';
import { errorResponses, Rule, Ruleset } from '../../http/schemas.js';
import { presentRule, presentRuleset } from '../../presenters/v2.js';
import { ruleTagRoutes } from './rule-tags.js';

const TAGS = ['Rulesets and Rules'];
export const RULE_TYPES = ['Host', 'File', 'ThreatIntel'] as const;
export type RuleType = (typeof RULE_TYPES)[number];
const FILE_EVENTS = ['modify', 'delete', 'open', 'attrib', 'ALL'] as const;
const MAX_WINDOW = 2_592_000; // 30 days, in seconds
const MAX_RULE_IDS = 1000;
const MAX_LIST = 100;
const DEFAULT_WINDOW = 3600;
const DEFAULT_THRESHOLD = 1;

const Id = Type.String({ minLength: 1, maxLength: 128 });
const Echoed = Type.Optional(Type.Unknown({ description: 'ignored: clients echo it back from a read' }));
const OptionalList = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(Type.Union([Type.Array(item, { maxItems: MAX_LIST }), Type.Null()], { description }));

const RULE_IDS_SEMANTICS =
  '`ruleIds` (also `rulesIds` or `rules`) is the set of rules of the ruleset: listed rules of other rulesets of the ' +
  'organization move into it; on PUT, rules of this ruleset that are not listed are deleted. Omitted or null leaves ' +
  'the rules unchanged. Unknown ids (or ids of another organization) answer 404 and change nothing.';

const RulesetBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'unique within the organization, ignoring case' }),
    description: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'default ""' })),
    ruleIds: Type.Optional(Type.Union([Type.Array(Id, { maxItems: MAX_RULE_IDS }), Type.Null()])),
    rulesIds: Type.Optional(Type.Union([Type.Array(Id, { maxItems: MAX_RULE_IDS }), Type.Null()], { description: 'alias of ruleIds' })),
    rules: Type.Optional(Type.Union([Type.Array(Id, { maxItems: MAX_RULE_IDS }), Type.Null()], { description: 'alias of ruleIds' })),
    id: Echoed,
    createdAt: Echoed,
    updatedAt: Echoed,
  },
  { description: RULE_IDS_SEMANTICS },
);

const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.String({ description: 'Host, File or ThreatIntel in any case (e.g. "host"); stored and returned as Host, File or ThreatIntel' }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    severityOfAlerts: Type.Union([Type.Integer({ minimum: 1, maximum: 3 }), Type.String({ pattern: '^\\s*[123]\\s*$' })], {
      description: '1 (high), 2 (medium) or 3 (low); "1", "2" and "3" are accepted too',
    }),
    alertDescription: Type.String({ minLength: 1, maxLength: 300 }),
    aggregateFields: OptionalList(Type.String(), 'fields alerts are grouped by, from the vocabulary of the rule type'),
    filter: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'filter language; required for Host rules' }),
    ),
    window: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: MAX_WINDOW }), Type.Null()], { description: `seconds; default ${DEFAULT_WINDOW}` }),
    ),
    threshold: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: `default ${DEFAULT_THRESHOLD}` })),
    suppressions: OptionalList(Type.String(), 'filters of events that never alert'),
    enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description: 'default true' })),
    fileIntegrityPaths: OptionalList(
      Type.Object({ path: Type.String({ minLength: 1 }), recursive: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])) }),
      'File rules (at least one): paths to watch',
    ),
    ignoreFiles: OptionalList(Type.String(), 'File rules: paths to ignore'),
    eventsToMonitor: OptionalList(Type.String(), `File rules: ${FILE_EVENTS.join(', ')}; default ["ALL"]`),
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
type RulesetParams = Type.Static<typeof RulesetParams>;
type RuleParams = Type.Static<typeof RuleParams>;

const ListQuery = Type.Object({
  agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'only rulesets with a rule that applies to this agent by tags' })),
});

// ---------------------------------------------------------------------------------------------------------
// Body parsing

/** What a ruleset write asks for. */
export interface RulesetInput {
  name: string;
  description: string;
  /** undefined: leave the rules as they are */
  ruleIds?: string[];
}

/** The content of a rule as written (everything but ids and times). */
export type RuleInput = Required<Omit<RuleChanges, 'tags' | 'disabledReason'>>;

function invalid(field: string, must: string): ApiError {
  return apiError('VIGIL_BAD_REQUEST', `Validation failed: body has invalid ${field} value. ${must}`);
}

function missing(field: string): ApiError {
  return apiError('VIGIL_BAD_REQUEST', `Missing required body field ${field}`);
}

function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw apiError('VIGIL_BAD_REQUEST', 'Request body must be object');
  }
  return body as Record<string, unknown>;
}

/** A required string of 1 to `max` characters that is not only blanks. */
function text(body: Record<string, unknown>, field: string, max: number): string {
  const v = body[field];
  if (v === undefined || v === null) throw missing(field);
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) {
    throw invalid(field, `Must be between 1 and ${max} characters long.`);
  }
  return v;
}

/** An optional list (undefined or null → undefined); `check` validates and converts one item. */
function list<T>(body: Record<string, unknown>, field: string, max: number, check: (v: unknown, at: string) => T): T[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(field, 'Must be a list.');
  if (v.length > max) throw invalid(field, `Must have at most ${max} entries.`);
  return v.map((item, i) => check(item, `${field}[${i}]`));
}

function stringItem(max: number) {
  return (v: unknown, at: string): string => {
    if (typeof v !== 'string' || v.length === 0 || v.length > max) {
      throw invalid(at, `Must be a string of 1 to ${max} characters.`);
    }
    return v;
  };
}

/**
 * Parses a ruleset body; the rule ids come from `ruleIds`, else `rulesIds`, else `rules` (the three
 * spellings Threat Stack clients use), each deduplicated.
 *
 * ```ts
 * parseRulesetBody({ name: 'Base', ruleIds: null }) // { name: 'Base', description: '', ruleIds: undefined }
 * ```
 */
export function parseRulesetBody(raw: unknown): RulesetInput {
  const body = asObject(raw);
  const name = text(body, 'name', 200);
  const d = body.description;
  if (d !== undefined && d !== null && typeof d !== 'string') throw invalid('description', 'Must be a string.');
  const key = (['ruleIds', 'rulesIds', 'rules'] as const).find((k) => body[k] !== undefined && body[k] !== null);
  const ids = key === undefined ? undefined : list(body, key, MAX_RULE_IDS, stringItem(128));
  return { name, description: d ?? '', ruleIds: ids && [...new Set(ids)] };
}

/** `Host`, `File` or `ThreatIntel` from any spelling of them (`host`, `FILE`, `threat_intel`). */
function ruleType(body: Record<string, unknown>): RuleType {
  const v = body.type;
  if (v === undefined || v === null) throw missing('type');
  const key = typeof v === 'string' ? v.replace(/[\s_-]/g, '').toLowerCase() : '';
  const found = RULE_TYPES.find((t) => t.toLowerCase() === key);
  if (!found) throw invalid('type', `Must be one of ${RULE_TYPES.join(', ')}.`);
  return found;
}

function severity(body: Record<string, unknown>): 1 | 2 | 3 {
  const v = body.severityOfAlerts;
  if (v === undefined || v === null) throw missing('severityOfAlerts');
  // Threat Stack's own exports hold both 2 and "2".
  const n = typeof v === 'string' && /^\s*[123]\s*$/.test(v) ? Number(v) : v;
  if (n !== 1 && n !== 2 && n !== 3) throw invalid('severityOfAlerts', 'Must be 1, 2 or 3.');
  return n;
}

function integer(body: Record<string, unknown>, field: string, min: number, max: number, fallback: number, must: string): number {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(field, must);
  return v;
}

/** 400 for a filter that does not compile, e.g. `Invalid filter at position 12: unknown field "comand"`. */
function checkFilter(field: string, source: string): void {
  try {
    compileFilter(source);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    // The location goes first, as in Threat Stack's "Validation failed: …" messages; the hint stays last.
    const where = err.line > 1 ? ` (line ${err.line}, column ${err.column})` : '';
    const hint = err.hint === undefined ? '' : ` (${err.hint})`;
    throw apiError('VIGIL_BAD_REQUEST', `Invalid ${field} at position ${err.position}${where}: ${err.reason}${hint}`);
  }
}

function aggregateFields(body: Record<string, unknown>, type: RuleType): string[] {
  const allowed = AGGREGATE_FIELDS[type];
  const fields = list(body, 'aggregateFields', MAX_LIST, (v, at) => {
    if (typeof v !== 'string') throw invalid(at, 'Must be a string.');
    if (v === 'rule_id') throw invalid('aggregateFields', '"rule_id" is deprecated and can no longer be set.');
    if (!allowed.includes(v)) {
      throw invalid('aggregateFields', `"${v.slice(0, 64)}" is not an aggregate field of ${type} rules; use ${allowed.join(', ')}.`);
    }
    return v;
  });
  return [...new Set(fields ?? [])];
}

function fileDetails(body: Record<string, unknown>): Pick<RuleInput, 'fileIntegrityPaths' | 'ignoreFiles' | 'eventsToMonitor'> {
  const paths = list(body, 'fileIntegrityPaths', MAX_LIST, (v, at): FileIntegrityPath => {
    const p = v as { path?: unknown; recursive?: unknown } | null;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw invalid(at, 'Must be an object {path, recursive}.');
    if (typeof p.path !== 'string' || p.path.trim() === '' || p.path.length > 4096) {
      throw invalid(`${at}.path`, 'Must be between 1 and 4096 characters long.');
    }
    if (p.recursive !== undefined && p.recursive !== null && typeof p.recursive !== 'boolean') {
      throw invalid(`${at}.recursive`, 'Must be true or false.');
    }
    return { path: p.path, recursive: p.recursive === true };
  });
  if (!paths || paths.length === 0) throw invalid('fileIntegrityPaths', 'A File rule must watch at least one path.');
  const ignoreFiles = list(body, 'ignoreFiles', MAX_LIST, stringItem(4096)) ?? [];
  const events = list(body, 'eventsToMonitor', FILE_EVENTS.length * 4, (v, at) => {
    const found = FILE_EVENTS.find((e) => typeof v === 'string' && e.toLowerCase() === v.trim().toLowerCase());
    if (!found) throw invalid(at, `Must be one of ${FILE_EVENTS.join(', ')}.`);
    return found;
  });
  if (events && events.length === 0) throw invalid('eventsToMonitor', `Must list at least one of ${FILE_EVENTS.join(', ')}.`);
  return { fileIntegrityPaths: paths, ignoreFiles, eventsToMonitor: events ? [...new Set(events)] : ['ALL'] };
}

/**
 * Parses a rule body into the complete rule content (every save is a full write), applying defaults and
 * ignoring echoed read-only fields; throws a 400 ApiError naming the first bad field.
 *
 * ```ts
 * parseRuleBody({ name: 'sudo', type: 'host', title: 'sudo', severityOfAlerts: '2',
 *   alertDescription: 'sudo ran', filter: 'command = "sudo"' }).type // 'Host'
 * ```
 */
export function parseRuleBody(raw: unknown): RuleInput {
  const body = asObject(raw);
  const name = text(body, 'name', 200);
  const type = ruleType(body);
  const title = text(body, 'title', 300);
  const severityOfAlerts = severity(body);
  const alertDescription = text(body, 'alertDescription', 300);
  const fields = aggregateFields(body, type);
  const f = body.filter;
  if (f !== undefined && f !== null && typeof f !== 'string') throw invalid('filter', 'Must be a string.');
  const filter = f ?? '';
  if (filter.trim() === '') {
    // File rules select events by path and threat-intel rules by indicator; a host rule needs a filter.
    if (type === 'Host') throw f === undefined || f === null ? missing('filter') : invalid('filter', 'Must not be empty for Host rules.');
  } else {
    checkFilter('filter', filter);
  }
  const window = integer(body, 'window', 1, MAX_WINDOW, DEFAULT_WINDOW, `Must be a whole number of seconds between 1 and ${MAX_WINDOW}.`);
  const threshold = integer(body, 'threshold', 1, Number.MAX_SAFE_INTEGER, DEFAULT_THRESHOLD, 'Must be a whole number of at least 1.');
  const suppressions = list(body, 'suppressions', MAX_LIST, (v, at) => {
    if (typeof v !== 'string' || v.trim() === '') throw invalid(at, 'Must be a filter.');
    checkFilter(at, v);
    return v;
  }) ?? [];
  const e = body.enabled;
  if (e !== undefined && e !== null && typeof e !== 'boolean') throw invalid('enabled', 'Must be true or false.');
  const details = type === 'File' ? fileDetails(body) : { fileIntegrityPaths: [], ignoreFiles: [], eventsToMonitor: [] };
  return {
    name,
    type,
    title,
    severityOfAlerts,
    alertDescription,
    aggregateFields: fields,
    filter,
    window,
    threshold,
    suppressions,
    enabled: e ?? true,
    ...details,
  };
}

/**
 * Parses the body with `parse` and only then reports schema errors: errors in the path or query come
 * first, the hand-written body checks next (they name the field in Threat Stack's wording), and the
 * schema's own body error last, should it catch something the parser let through.
 */
function bodyOf<T>(request: FastifyRequest, parse: (body: unknown) => T): T {
  const schemaError = request.validationError;
  if (schemaError && schemaError.validationContext !== 'body') throw schemaError;
  const parsed = parse(request.body);
  if (schemaError) throw schemaError;
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/** Registers the ruleset, rule and rule-tag routes on a Hawk-protected context. */
export async function rulesetRoutes(app: FastifyInstance): Promise<void> {
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

  app.get<{ Querystring: Type.Static<typeof ListQuery> }>(
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
      const orgId = request.auth!.orgId;
      const { agentId } = request.query;
      const list = agentId === undefined ? await rulesets.list(orgId) : await rulesets.listRulesetsForAgent(orgId, agentId);
      if (!list) throw apiError('VIGIL_NOT_FOUND', 'Agent');
      const ids = await rulesets.ruleIdsByRuleset(orgId, agentId === undefined ? undefined : list.map((r) => r.id));
      return { rulesets: list.map((r) => presentRuleset(r, ids.get(r.id) ?? [])), token: null };
    },
  );

  app.post<{ Body: Type.Static<typeof RulesetBody> }>(
    '/rulesets',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        summary: 'Create a ruleset',
        description: `${RULE_IDS_SEMANTICS} A name already used in the organization (ignoring case) answers 409.`,
        body: RulesetBody,
        response: { 200: Ruleset, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const orgId = request.auth!.orgId;
      const input = bodyOf(request, parseRulesetBody);
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

  app.get<{ Params: RulesetParams }>(
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
      const orgId = request.auth!.orgId;
      const ruleset = await requireRuleset(orgId, request.params.rulesetId);
      return presentRuleset(ruleset, await ruleIdsOf(orgId, ruleset.id));
    },
  );

  app.put<{ Params: RulesetParams; Body: Type.Static<typeof RulesetBody> }>(
    '/rulesets/:rulesetId',
    {
      attachValidation: true,
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
      const orgId = request.auth!.orgId;
      const input = bodyOf(request, parseRulesetBody);
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

  app.delete<{ Params: RulesetParams }>(
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
      const orgId = request.auth!.orgId;
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

  app.get<{ Params: RulesetParams }>(
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
      const orgId = request.auth!.orgId;
      const ruleset = await requireRuleset(orgId, request.params.rulesetId);
      return { rules: (await rulesets.listRules(orgId, ruleset.id)).map(presentRule), token: null };
    },
  );

  app.post<{ Params: RulesetParams; Body: Type.Static<typeof RuleBody> }>(
    '/rulesets/:rulesetId/rules',
    {
      attachValidation: true,
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
      const orgId = request.auth!.orgId;
      const input = bodyOf(request, parseRuleBody);
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

  app.get<{ Params: RuleParams }>(
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
    async (request) => presentRule(await requireRule(request.auth!.orgId, request.params)),
  );

  app.put<{ Params: RuleParams; Body: Type.Static<typeof RuleBody> }>(
    '/rulesets/:rulesetId/rules/:ruleId',
    {
      attachValidation: true,
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
      const orgId = request.auth!.orgId;
      const input = bodyOf(request, parseRuleBody);
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

  app.delete<{ Params: RuleParams }>(
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
      const orgId = request.auth!.orgId;
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
