/**
 * A rule's agent tags (reference §2 rows 24–25): which agents the rule applies to. Writes replace both
 * lists and are accepted as PUT and as POST (the Go SDK's `ApplyTags` posts).
 * @module
 */
import { Type } from 'typebox';
import type { AgentTag, RuleTags as StoredRuleTags } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses, RuleTags } from '../../http/schemas.js';
import { threatStackErrors } from '../../http/threat-stack-wording.js';
import { invalidAs } from '../../http/validation.js';
import { presentRuleTags } from '../../presenters/v2.js';

const TAGS = ['Rulesets and Rules'];
const MAX_TAGS = 100;
const MAX_TAG_TEXT = 255;

const Params = Type.Object({ ruleId: Type.String({ minLength: 1, maxLength: 128 }) });

const TagText = (reason: string, minLength = 0) => Type.String({ minLength, maxLength: MAX_TAG_TEXT, ...invalidAs(reason) });
const TagInput = Type.Object(
  {
    source: Type.Optional(
      Type.Union([TagText(`Must be a string of at most ${MAX_TAG_TEXT} characters.`), Type.Null()], {
        description: 'e.g. ec2; empty or omitted matches any source',
      }),
    ),
    key: TagText(`Must be between 1 and ${MAX_TAG_TEXT} characters long.`, 1),
    value: TagText(`Must be a string of at most ${MAX_TAG_TEXT} characters.`),
  },
  invalidAs('Must be an object {source, key, value}.'),
);
const TagList = Type.Optional(
  Type.Union([Type.Array(TagInput, { maxItems: MAX_TAGS }), Type.Null()], invalidAs(`Must be a list of at most ${MAX_TAGS} {source, key, value}.`)),
);
const TagsBody = Type.Object(
  { inclusion: TagList, exclusion: TagList },
  { description: 'Replaces both lists; an omitted or null list is empty.' },
);

/**
 * The tags as stored; omitted or null lists are empty, an omitted source matches any source.
 *
 * ```ts
 * ruleTagsInput({ inclusion: [{ key: 'env', value: 'prod' }] })
 * // { inclusion: [{ source: '', key: 'env', value: 'prod' }], exclusion: [] }
 * ```
 */
export function ruleTagsInput(body: Type.Static<typeof TagsBody>): StoredRuleTags {
  const list = (tags: Type.Static<typeof TagInput>[] | null | undefined): AgentTag[] =>
    (tags ?? []).map((t) => ({ source: t.source ?? '', key: t.key, value: t.value }));
  return { inclusion: list(body.inclusion), exclusion: list(body.exclusion) };
}

/** Registers the rule-tag routes on a Hawk-protected context. */
export async function ruleTagRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.setSchemaErrorFormatter(threatStackErrors);
  const { rulesets } = app.vigil.store;

  app.get(
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
      const rule = await rulesets.getRule(callerOf(request).orgId, request.params.ruleId);
      if (!rule) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      return presentRuleTags(rule.tags);
    },
  );

  app.route({
    method: ['PUT', 'POST'],
    url: '/rules/:ruleId/tags',
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
    handler: async (request) => {
      const orgId = callerOf(request).orgId;
      const rule = await rulesets.getRule(orgId, request.params.ruleId);
      if (!rule) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      const stored = await rulesets.setRuleTags(orgId, rule.id, ruleTagsInput(request.body));
      if (!stored) throw apiError('VIGIL_NOT_FOUND', 'Rule');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'update_rule_tags',
        description: `Set the tags of rule "${rule.name}" (${stored.inclusion.length} included, ${stored.exclusion.length} excluded)`,
        context: { ruleId: rule.id, rulesetId: rule.rulesetId, ...stored, previous: presentRuleTags(rule.tags) },
      });
      return presentRuleTags(stored);
    },
  });
}
