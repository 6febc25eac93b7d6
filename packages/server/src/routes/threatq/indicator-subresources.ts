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
import { presentIndicator } from '../../presenters/threatq.js';
import { presentComment } from './indicator-comments.js';
import { IndicatorInputError, readIndicator } from './indicator-input.js';
import { BEARER, IdParams, TAG, tqErrors } from './schemas.js';
import { loadRelations } from './with-relations.js';

const MAX_COMMENT = 65_500;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Relation = 'sources' | 'attributes' | 'tags';

const SubParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  subId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

function requireWriter(request: FastifyRequest): void {
  if (request.auth?.role === 'reader') throw apiError('VIGIL_FORBIDDEN', 'readers cannot change the threat library');
}

/** Registers the sub-resource routes on the bearer-protected /api context. */
export async function indicatorSubresourceRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.vigil;

  async function indicatorOf(request: FastifyRequest<{ Params: { id: number } }>): Promise<Indicator> {
    const indicator = await store.indicators.get(request.auth!.orgId, request.params.id);
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
  const BODY_FIELD: Record<Relation, string> = { sources: 'sources', attributes: 'attributes', tags: 'tags' };
  const ADD_SHAPE: Record<Relation, string> = {
    sources: '{name, tlp?, published_at?}, a name, or an array of them',
    attributes: '{name, value, sources?}, or an array of them',
    tags: '{name}, a name, or an array of them',
  };
  for (const relation of ['sources', 'attributes', 'tags'] as const) {
    app.get<{ Params: { id: number } }>(`/indicators/:id/${relation}`, { schema: listSchema(relation) }, async (request) => {
      const data = await related(await indicatorOf(request), relation);
      return { total: data.length, data };
    });

    app.post<{ Params: { id: number } }>(
      `/indicators/:id/${relation}`,
      {
        schema: {
          tags: [TAG],
          summary: `Add ${relation} to an indicator`,
          description: `${ADD_SHAPE[relation]}. Answers 201 with the indicator's ${relation}.`,
          security: BEARER,
          params: IdParams,
          body: Type.Unsafe({ description: ADD_SHAPE[relation] }),
          response: tqErrors(400, 401, 403, 404, 429),
        },
      },
      async (request, reply) => {
        requireWriter(request);
        const indicator = await indicatorOf(request);
        const body = request.body;
        if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) {
          throw apiError('VIGIL_BAD_REQUEST', `Request body must be ${ADD_SHAPE[relation]}`);
        }
        let upsert;
        try {
          // Read through the indicator reader, so every shape and limit of the create body applies here too.
          upsert = readIndicator({ value: indicator.value, type_id: indicator.typeId, [BODY_FIELD[relation]]: Array.isArray(body) ? body : [body] }, '');
        } catch (err) {
          if (err instanceof IndicatorInputError) throw apiError('VIGIL_BAD_REQUEST', err.message);
          throw err;
        }
        upsert.generatedScore = indicator.generatedScore;
        try {
          await store.indicators.upsertMany(request.auth!.orgId, [upsert]);
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
    app.delete<{ Params: { id: number; subId: number } }>(
      `/indicators/:id/${relation}/:subId`,
      { schema: removeSchema(relation, relation === 'attributes' ? 'id' : 'pivot id') },
      async (request, reply) => {
        requireWriter(request);
        const { id, subId } = request.params;
        if (!(await REMOVE[relation](request.auth!.orgId, id, subId))) throw apiError('VIGIL_NOT_FOUND', relation === 'attributes' ? 'Attribute' : relation === 'tags' ? 'Tag' : 'Source');
        await app.vigil.audit(request, { crud: 'update', action: `indicators.${relation}_remove`, description: `Removed ${relation} ${subId} from indicator ${id}`, context: { id, subId } });
        return reply.code(204).send();
      },
    );
  }

  app.put<{ Params: { id: number; subId: number } }>(
    '/indicators/:id/attributes/:subId',
    {
      schema: {
        tags: [TAG],
        summary: 'Change the value of an attribute of an indicator',
        security: BEARER,
        params: SubParams,
        body: Type.Unsafe({ description: '{value}' }),
        response: tqErrors(400, 401, 403, 404, 429),
      },
    },
    async (request) => {
      requireWriter(request);
      const body = request.body;
      const value = isObject(body) ? body.value : undefined;
      if ((typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') || String(value).length > 8192) {
        throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field value: must be a string of at most 8192 characters');
      }
      const { id, subId } = request.params;
      if (!(await store.indicatorLifecycle.updateAttribute(request.auth!.orgId, id, subId, String(value)))) throw apiError('VIGIL_NOT_FOUND', 'Attribute');
      const indicator = await indicatorOf(request);
      await app.vigil.audit(request, { crud: 'update', action: 'indicators.attributes_update', description: `Changed attribute ${subId} of indicator ${id}`, context: { id, subId } });
      const data = await related(indicator, 'attributes');
      return { data: data.find((a) => a.id === subId) ?? data.find((a) => a.value === String(value)) };
    },
  );

  app.get<{ Params: { id: number } }>('/indicators/:id/comments', { schema: listSchema('comments') }, async (request) => {
    const data = await comments(await indicatorOf(request));
    return { total: data.length, data };
  });

  app.post<{ Params: { id: number } }>(
    '/indicators/:id/comments',
    {
      schema: {
        tags: [TAG],
        summary: 'Comment on an indicator',
        description: `{value, sources?: [{name}]} (value at most ${MAX_COMMENT} characters); answers 201 with the comment.`,
        security: BEARER,
        params: IdParams,
        body: Type.Unsafe({ description: '{value, sources?: [{name}]}' }),
        response: tqErrors(400, 401, 403, 404, 429),
      },
    },
    async (request, reply) => {
      requireWriter(request);
      const body = request.body;
      if (!isObject(body) || typeof body.value !== 'string' || body.value.trim() === '' || body.value.length > MAX_COMMENT) {
        throw apiError('VIGIL_BAD_REQUEST', `Invalid value for body field value: is required and must be a non-empty string of at most ${MAX_COMMENT} characters`);
      }
      let sourceName: string | undefined;
      if (body.sources !== undefined && body.sources !== null) {
        const first = Array.isArray(body.sources) ? body.sources[0] : body.sources;
        const name = isObject(first) ? first.name : first;
        if (!Array.isArray(body.sources) || body.sources.length > 1 || (first !== undefined && (typeof name !== 'string' || name.trim() === '' || name.length > 255))) {
          throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field sources: must be an array of one {name} of at most 255 characters');
        }
        sourceName = first === undefined ? undefined : (name as string).trim();
      }
      const comment = await store.indicatorLifecycle.addComment(request.auth!.orgId, request.params.id, body.value, sourceName);
      if (!comment) throw apiError('VIGIL_NOT_FOUND', 'Indicator');
      await app.vigil.audit(request, { crud: 'create', action: 'indicators.comment', description: `Commented on indicator ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(201).send({ total: 1, data: [presentComment(comment)] });
    },
  );

  app.delete<{ Params: { id: number; subId: number } }>('/indicators/:id/comments/:subId', { schema: removeSchema('comments', 'id') }, async (request, reply) => {
    requireWriter(request);
    const { id, subId } = request.params;
    if (!(await store.indicatorLifecycle.deleteComment(request.auth!.orgId, id, subId))) throw apiError('VIGIL_NOT_FOUND', 'Comment');
    await app.vigil.audit(request, { crud: 'delete', action: 'indicators.comment_remove', description: `Removed comment ${subId} from indicator ${id}`, context: { id, subId } });
    return reply.code(204).send();
  });
}
