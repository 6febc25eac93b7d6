/**
 * Sub-resources of one indicator (reference threatq-api.md §1.3): `/api/indicators/{id}/comments`,
 * `/attributes`, `/sources` and `/tags` — GET lists, POST adds (sources, attributes and tags merge like a
 * re-report of the indicator), DELETE `/…/{subId}` removes by the id the list shows (`pivot.id` for sources
 * and tags, the attribute's `id`, the comment's `id`), PUT `/attributes/{id}` changes a value.
 * @module
 */
import type { Indicator } from '@vigil/store';
import { StoreValidationError } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import { invalidAs } from '../../http/validation.js';
import { presentIndicator } from '../../presenters/threatq.js';
import { presentComment } from './indicator-comments.js';
import { nameOf, readIndicator } from './indicator-input.js';
import { AttributeInput, AttributeValue, MAX_NAME, Name, OneOrMany, SourceInput, type IndicatorBodyItem } from './input-schemas.js';
import { readInput, requireWriter } from './object-input.js';
import { BEARER, IdParams, TAG, tqErrors } from './schemas.js';
import { loadRelations } from './with-relations.js';

const MAX_COMMENT = 65_500;

type Relation = 'sources' | 'attributes' | 'tags';

const ADD_ITEM = { sources: SourceInput, attributes: AttributeInput, tags: Name } as const;

const CommentBody = Type.Object(
  {
    value: Type.String({
      maxLength: MAX_COMMENT,
      pattern: '\\S',
      ...invalidAs(`is required and must be a non-empty string of at most ${MAX_COMMENT} characters`),
    }),
    sources: Type.Optional(
      Type.Union([Type.Array(Name, { maxItems: 1 }), Type.Null()], invalidAs(`must be an array of one {name} of at most ${MAX_NAME} characters`)),
    ),
  },
  { additionalProperties: true, description: '{value, sources?: [{name}]}', ...invalidAs('must be an object {value, sources?}') },
);

const SubParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  subId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});


/** Registers the sub-resource routes on the bearer-protected /api context. */
export async function indicatorSubresourceRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  async function indicatorOf(request: FastifyRequest<{ Params: { id: number } }>): Promise<Indicator> {
    const indicator = await store.indicators.get(callerOf(request).orgId, request.params.id);
    if (!indicator) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
    return indicator;
  }

  /** One relation of one indicator in the wire shape `with=` gives it. */
  async function related(indicator: Indicator, relation: Relation): Promise<Record<string, unknown>[]> {
    const relations = await loadRelations(store, [indicator], new Set([relation]));
    return presentIndicator(indicator, relations)[relation] as Record<string, unknown>[];
  }

  async function comments(indicator: Indicator) {
    return (await store.indicatorLifecycle.comments([indicator.id])).map(presentComment);
  }

  const listSchema = (what: string) => ({
    tags: [TAG],
    summary: `List the ${what} of an indicator`,
    security: BEARER,
    params: IdParams,
    response: tqErrors(401, 404, 429),
  });
  const removeSchema = (what: string, id: string) => ({
    tags: [TAG],
    summary: `Remove one of the ${what} of an indicator (by ${id})`,
    security: BEARER,
    params: SubParams,
    response: { 204: { type: 'null', description: 'removed' }, ...tqErrors(401, 403, 404, 429) },
  });

  // Sources, attributes and tags: POST is a merge through the upsert, as a re-report would be.
  const ADD_SHAPE: Record<Relation, string> = {
    sources: '{name, tlp?, published_at?}, a name, or an array of them',
    attributes: '{name, value, sources?}, or an array of them',
    tags: '{name}, a name, or an array of them',
  };
  for (const relation of ['sources', 'attributes', 'tags'] as const) {
    app.get(`/indicators/:id/${relation}`, { schema: listSchema(relation) }, async (request) => {
      const data = await related(await indicatorOf(request), relation);
      return { total: data.length, data };
    });

    app.post(
      `/indicators/:id/${relation}`,
      {
        schema: {
          tags: [TAG],
          summary: `Add ${relation} to an indicator`,
          description: `${ADD_SHAPE[relation]}. Answers 201 with the indicator's ${relation}.`,
          security: BEARER,
          params: IdParams,
          body: OneOrMany(ADD_ITEM[relation], ADD_SHAPE[relation], { description: ADD_SHAPE[relation] }),
          response: tqErrors(400, 401, 403, 404, 429),
        },
      },
      async (request, reply) => {
        requireWriter(request);
        const indicator = await indicatorOf(request);
        const body = request.body;
        if (Array.isArray(body) && body.length === 0) throw apiError('VIGIL_BAD_REQUEST', `Request body must be ${ADD_SHAPE[relation]}`);
        // The same reader as a create body, so a re-report and an added source merge alike.
        const item = { value: indicator.value, type_id: indicator.typeId, [relation]: Array.isArray(body) ? body : [body] };
        const upsert = readInput(() => readIndicator(item as IndicatorBodyItem, ''));
        upsert.generatedScore = indicator.generatedScore;
        try {
          await store.indicators.upsertMany(callerOf(request).orgId, [upsert]);
        } catch (err) {
          if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
          throw err;
        }
        await app.vigil.audit(request, { crud: 'update', action: `indicators.${relation}_add`, description: `Added ${relation} to indicator ${indicator.id}`, context: { id: indicator.id } });
        const data = await related(indicator, relation);
        return reply.code(201).send({ total: data.length, data });
      },
    );
  }

  const REMOVE: Record<Relation, (orgId: string, id: number, subId: number) => Promise<boolean>> = {
    sources: (o, i, s) => store.indicatorLifecycle.removeSource(o, i, s),
    attributes: (o, i, s) => store.indicatorLifecycle.removeAttribute(o, i, s),
    tags: (o, i, s) => store.indicatorLifecycle.removeTag(o, i, s),
  };
  for (const relation of ['sources', 'attributes', 'tags'] as const) {
    app.delete(
      `/indicators/:id/${relation}/:subId`,
      { schema: removeSchema(relation, relation === 'attributes' ? 'id' : 'pivot id') },
      async (request, reply) => {
        requireWriter(request);
        const { id, subId } = request.params;
        if (!(await REMOVE[relation](callerOf(request).orgId, id, subId))) throw apiError('VIGIL_NOT_FOUND', relation === 'attributes' ? 'Attribute' : relation === 'tags' ? 'Tag' : 'Source');
        await app.vigil.audit(request, { crud: 'update', action: `indicators.${relation}_remove`, description: `Removed ${relation} ${subId} from indicator ${id}`, context: { id, subId } });
        return reply.code(204).send();
      },
    );
  }

  app.put(
    '/indicators/:id/attributes/:subId',
    {
      schema: {
        tags: [TAG],
        summary: 'Change the value of an attribute of an indicator',
        security: BEARER,
        params: SubParams,
        body: Type.Object({ value: AttributeValue }, { additionalProperties: true, description: '{value}' }),
        response: tqErrors(400, 401, 403, 404, 429),
      },
    },
    async (request) => {
      requireWriter(request);
      const value = request.body.value;
      const { id, subId } = request.params;
      if (!(await store.indicatorLifecycle.updateAttribute(callerOf(request).orgId, id, subId, String(value)))) throw apiError('VIGIL_NOT_FOUND', 'Attribute');
      const indicator = await indicatorOf(request);
      await app.vigil.audit(request, { crud: 'update', action: 'indicators.attributes_update', description: `Changed attribute ${subId} of indicator ${id}`, context: { id, subId } });
      const data = await related(indicator, 'attributes');
      return { data: data.find((a) => a.id === subId) ?? data.find((a) => a.value === String(value)) };
    },
  );

  app.get('/indicators/:id/comments', { schema: listSchema('comments') }, async (request) => {
    const data = await comments(await indicatorOf(request));
    return { total: data.length, data };
  });

  app.post(
    '/indicators/:id/comments',
    {
      schema: {
        tags: [TAG],
        summary: 'Comment on an indicator',
        description: `{value, sources?: [{name}]} (value at most ${MAX_COMMENT} characters); answers 201 with the comment.`,
        security: BEARER,
        params: IdParams,
        body: CommentBody,
        response: tqErrors(400, 401, 403, 404, 429),
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const body = request.body;
      const first = body.sources?.[0];
      const sourceName = first === undefined ? undefined : nameOf(first);
      const comment = await store.indicatorLifecycle.addComment(callerOf(request).orgId, request.params.id, body.value, sourceName);
      if (!comment) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
      await app.vigil.audit(request, { crud: 'create', action: 'indicators.comment', description: `Commented on indicator ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(201).send({ total: 1, data: [presentComment(comment)] });
    },
  );

  app.delete('/indicators/:id/comments/:subId', { schema: removeSchema('comments', 'id') }, async (request, reply) => {
    requireWriter(request);
    const { id, subId } = request.params;
    if (!(await store.indicatorLifecycle.deleteComment(callerOf(request).orgId, id, subId))) throw apiError('VIGIL_NOT_FOUND', 'Comment');
    await app.vigil.audit(request, { crud: 'delete', action: 'indicators.comment_remove', description: `Removed comment ${subId} from indicator ${id}`, context: { id, subId } });
    return reply.code(204).send();
  });
}
