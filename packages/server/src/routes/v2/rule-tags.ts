/**
 * A rule's agent tags (reference §2 rows 24–25): which agents the rule applies to. Writes replace both
 * lists and are accepted as PUT and as POST (the Go SDK's `ApplyTags` posts).
 * @module
 */
import { Type } from 'typebox';
import type { AgentTag, RuleTags as StoredRuleTags } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError } from '../../errors.js';
import { errorResponses, RuleTags } from '../../http/schemas.js';
import { presentRuleTags } from '../../presenters/v2.js';

const TAGS = ['Rulesets and Rules'];
const MAX_TAGS = 100;
const MAX_TAG_TEXT = 255;

const Params = Type.Object({ ruleId: Type.String({ minLength: 1, maxLength: 128 }) });
type Params = Type.Static<typeof Params>;

const TagInput = Type.Object({
  source: Type.Optional(Type.Union([Type.String({ maxLength: MAX_TAG_TEXT }), Type.Null()], { description: 'e.g. ec2; empty or omitted matches any source' })),
  key: Type.String({ minLength: 1, maxLength: MAX_TAG_TEXT }),
  value: Type.String({ maxLength: MAX_TAG_TEXT }),
});
const TagsBody = Type.Object(
  {
    inclusion: Type.Optional(Type.Union([Type.Array(TagInput, { maxItems: MAX_TAGS }), Type.Null()])),
    exclusion: Type.Optional(Type.Union([Type.Array(TagInput, { maxItems: MAX_TAGS }), Type.Null()])),
  },
  { description: 'Replaces both lists; an omitted or null list is empty.' },
);

function invalid(field: string, must: string) {
  return apiError('VIGIL_BAD_REQUEST', `Validation failed: body has invalid ${field} value. ${must}`);
}

function tagList(body: Record<string, unknown>, field: 'inclusion' | 'exclusion'): AgentTag[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid(field, 'Must be a list of {source, key, value}.');
  if (v.length > MAX_TAGS) throw invalid(field, `Must have at most ${MAX_TAGS} tags.`);
  return v.map((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalid(at, 'Must be an object {source, key, value}.');
    const t = item as Record<string, unknown>;
    if (typeof t.key !== 'string' || t.key.length === 0 || t.key.length > MAX_TAG_TEXT) {
      throw invalid(`${at}.key`, `Must be between 1 and ${MAX_TAG_TEXT} characters long.`);
    }
    if (typeof t.value !== 'string' || t.value.length > MAX_TAG_TEXT) {
      throw invalid(`${at}.value`, `Must be a string of at most ${MAX_TAG_TEXT} characters.`);
    }
    const source = t.source ?? '';
    if (typeof source !== 'string' || source.length > MAX_TAG_TEXT) {
      throw invalid(`${at}.source`, `Must be a string of at most ${MAX_TAG_TEXT} characters.`);
    }
    return { source, key: t.key, value: t.value };
  });
}

/**
 * Parses a tags body; omitted or null lists are empty, an omitted source matches any source.
 *
 * ```ts
 * parseRuleTagsBody({ inclusion: [{ key: 'env', value: 'prod' }] })
 * // { inclusion: [{ source: '', key: 'env', value: 'prod' }], exclusion: [] }
 * ```
 */
export function parseRuleTagsBody(raw: unknown): StoredRuleTags {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw apiError('VIGIL_BAD_REQUEST', 'Request body must be object');
  }
  const body = raw as Record<string, unknown>;
  return { inclusion: tagList(body, 'inclusion'), exclusion: tagList(body, 'exclusion') };
}

/** Registers the rule-tag routes on a Hawk-protected context. */
export async function ruleTagRoutes(app: FastifyInstance): Promise<void> {
  const { rulesets } = app.vigil.store;

  app.get<{ Params: Params }>(
    '/rules/:ruleId/tags',
    {
      schema: {
        tags: TAGS,
        summary: "A rule's agent tags",
        description: 'A rule without tags answers `{"inclusion": [], "exclusion": []}` (it applies to every agent).',
        params: Params,
        response: { 200: RuleTags, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const rule = await rulesets.getRule(request.auth!.orgId, request.params.ruleId);
      if (!rule) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      return presentRuleTags(rule.tags);
    },
  );

  const writeOptions = {
    attachValidation: true,
    schema: {
      tags: TAGS,
      summary: "Replace a rule's agent tags (PUT or POST)",
      description:
        'The rule applies to agents with any inclusion tag (every agent when there is none) and never to agents with an ' +
        'exclusion tag. Answers the tags as stored.',
      params: Params,
      body: TagsBody,
      response: { 200: RuleTags, ...errorResponses(400, 401, 403, 404, 429) },
    },
  };
  const write = async (request: FastifyRequest<{ Params: Params }>) => {
    const schemaError = request.validationError;
    if (schemaError && schemaError.validationContext !== 'body') throw schemaError;
    // Hand-written checks first: their messages name the field the way the rule routes do.
    const tags = parseRuleTagsBody(request.body);
    if (schemaError) throw schemaError;
    const orgId = request.auth!.orgId;
    const rule = await rulesets.getRule(orgId, request.params.ruleId);
    if (!rule) throw apiError('VIGIL_NOT_FOUND', 'Rule');
    const stored = await rulesets.setRuleTags(orgId, rule.id, tags);
    if (!stored) throw apiError('VIGIL_NOT_FOUND', 'Rule');
    await app.vigil.audit(request, {
      crud: 'update',
      action: 'update_rule_tags',
      description: `Set the tags of rule "${rule.name}" (${stored.inclusion.length} included, ${stored.exclusion.length} excluded)`,
      context: { ruleId: rule.id, rulesetId: rule.rulesetId, ...stored, previous: presentRuleTags(rule.tags) },
    });
    return presentRuleTags(stored);
  };
  app.put('/rules/:ruleId/tags', writeOptions, write);
  app.post('/rules/:ruleId/tags', writeOptions, write);
}
