/**
 * Adversaries of the ThreatQ-compatible API (reference threatq-api.md §1.3): `/api/adversaries` list (limit,
 * offset, sort, `name`, with=), get, create (an upsert by name ignoring case: an object answers `data: {…}`,
 * an array `{total, data: […]}`), update (renaming onto another adversary's name is a 409) and delete.
 * @module
 */
import { StoreConflictError, type AdversaryInput, type AdversaryPatch, type AdversarySortField } from '@vigil/store';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type, type Static } from 'typebox';
import { apiError } from '../../errors.js';
import { invalidAs } from '../../http/validation.js';
import { presentAdversary } from '../../presenters/threatq-objects.js';
import { ObjectName, OneOrMany } from './input-schemas.js';
import {
  CONTEXT_WITH,
  loadObjectRelations,
  ObjectItem,
  ObjectListQuery,
  parseObjectWith,
  readContext,
  readDescription,
  readPage,
  requireWriter,
} from './object-input.js';
import { createObjects, readObjectPatch } from './object-writes.js';
import { BEARER, IdParams, TAG, tqErrors, WithQuery } from './schemas.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';

const SORT_FIELDS: readonly AdversarySortField[] = ['id', 'name', 'created_at', 'updated_at'];
const PATCH_FIELDS = ['name', 'description', 'sources', 'attributes', 'tags', 'comments'];
const Adversary = ObjectItem('ThreatQAdversary');
/** One adversary of a create body; the description and context are read by the handler. */
const AdversaryBodyItem = Type.Object({ name: ObjectName }, { additionalProperties: true, ...invalidAs('must be an adversary object') });
type AdversaryBodyItem = Static<typeof AdversaryBodyItem> & Record<string, unknown>;
const AdversaryBody = OneOrMany(AdversaryBodyItem, 'an adversary object or an array of them', {
  description:
    'an adversary or an array of them: {name, description: "…" | [{value}], sources: [{name, tlp}], attributes: [{name, value}], tags: ["name"], comments: [{value}]}. An existing name (ignoring case) is answered with the context added.',
});
const AdversaryPatchBody = Type.Object({ name: Type.Optional(ObjectName) }, { additionalProperties: true });

/** An item of a body AdversaryBody has checked. */
function readAdversary(item: AdversaryBodyItem, prefix: string): AdversaryInput {
  const p = prefix ? `${prefix}.` : '';
  return { name: item.name.trim(), description: readDescription(item.description, `${p}description`), ...readContext(item, prefix) };
}

function readPatch(body: unknown): AdversaryPatch {
  return readObjectPatch<AdversaryPatch>(body, PATCH_FIELDS, (fields, patch) => {
    if (typeof fields.name === 'string') patch.name = fields.name.trim(); // checked by AdversaryPatchBody
    if (fields.description !== undefined) patch.description = readDescription(fields.description, 'description');
  });
}

/** Registers the adversary routes on the bearer-protected /api context. */
export async function adversaryRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  const maxItems = config.threatq.consumeMaxItems;

  app.get(
    '/adversaries',
    {
      schema: {
        tags: [TAG],
        summary: 'List adversaries',
        security: BEARER,
        querystring: ObjectListQuery(SORT_FIELDS, { name: Type.String({ maxLength: 255, description: 'exact name, ignoring case' }) }),
        response: { 200: Type.Object({ total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer(), data: Type.Array(Adversary) }), ...tqErrors(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const names = parseObjectWith(q.with, CONTEXT_WITH);
      const page = readPage(q, SORT_FIELDS);
      const orgId = callerOf(request).orgId;
      const result = await store.adversaries.list({ orgId, ...page, name: q.name });
      const relations = await loadObjectRelations(store, orgId, 'adversary', result.items.map((a) => a.id), names);
      return { total: result.total, offset: page.offset, limit: page.limit, data: result.items.map((a) => presentAdversary(a, relations)) };
    },
  );

  app.get(
    '/adversaries/:id',
    {
      schema: { tags: [TAG], summary: 'Get one adversary', security: BEARER, params: IdParams, querystring: WithQuery, response: { 200: Type.Object({ data: Adversary }), ...tqErrors(400, 401, 404, 429) } },
    },
    async (request) => {
      const names = parseObjectWith(request.query.with, CONTEXT_WITH);
      const orgId = callerOf(request).orgId;
      const adversary = await store.adversaries.get(orgId, request.params.id);
      if (!adversary) throw apiError('VIGIL_NOT_FOUND', 'Adversary');
      return { data: presentAdversary(adversary, await loadObjectRelations(store, orgId, 'adversary', [adversary.id], names)) };
    },
  );

  app.post(
    '/adversaries',
    {
      schema: {
        tags: [TAG],
        summary: 'Create adversaries (upsert by name)',
        description: `An object (answers data: {…}) or an array of at most ${maxItems} (answers {total, data: […]}). Every item is checked before any is stored.`,
        security: BEARER,
        querystring: WithQuery,
        body: AdversaryBody,
        response: { 201: Type.Object({ total: Type.Optional(Type.Integer()), data: Type.Union([Adversary, Type.Array(Adversary)]) }), ...tqErrors(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      createObjects(app, request, reply, {
        type: 'adversary',
        what: 'adversary',
        action: 'adversaries.create',
        withNames: CONTEXT_WITH,
        reader: () => (item, prefix) => readAdversary(item as AdversaryBodyItem, prefix),
        create: (orgId, input, now) => store.adversaries.create(orgId, input, now),
        present: presentAdversary,
        describe: (n) => `Created or updated ${n} adversary(ies)`,
      }),
  );

  app.put(
    '/adversaries/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Update one adversary',
        description: 'Fields: name, description; sources, attributes, tags and comments are added.',
        security: BEARER,
        params: IdParams,
        querystring: WithQuery,
        body: AdversaryPatchBody,
        response: { 200: Type.Object({ data: Adversary }), ...tqErrors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      requireWriter(request);
      const names = parseObjectWith(request.query.with, CONTEXT_WITH);
      const patch = readPatch(request.body);
      const orgId = callerOf(request).orgId;
      let updated;
      try {
        updated = await store.adversaries.update(orgId, request.params.id, patch);
      } catch (err) {
        if (err instanceof StoreConflictError) throw apiError('VIGIL_CONFLICT', 'The name has already been taken.');
        throw err;
      }
      if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Adversary');
      await app.vigil.audit(request, { crud: 'update', action: 'adversaries.update', description: `Updated adversary ${updated.id}`, context: { id: updated.id } });
      return { data: presentAdversary(updated, await loadObjectRelations(store, orgId, 'adversary', [updated.id], names)) };
    },
  );

  app.delete(
    '/adversaries/:id',
    {
      schema: { tags: [TAG], summary: 'Delete one adversary (with its context and relations)', security: BEARER, params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...tqErrors(401, 403, 404, 429) } },
    },
    async (request, reply) => {
      requireWriter(request);
      if (!(await store.adversaries.delete(callerOf(request).orgId, request.params.id))) throw apiError('VIGIL_NOT_FOUND', 'Adversary');
      await app.vigil.audit(request, { crud: 'delete', action: 'adversaries.delete', description: `Deleted adversary ${request.params.id}`, context: { id: request.params.id } });
      return reply.code(204).send();
    },
  );
}
