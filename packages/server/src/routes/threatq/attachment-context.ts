/**
 * Sources and tags of one attachment (reference threatq-api.md §1.3 `POST /api/{coll}/{id}/sources|tags`;
 * threatqsdk `upload_file` tags each upload with `POST /api/attachments/{id}/tags {name}`): GET lists them as
 * `with=` shows them, POST adds (`{name}`, a name, or an array; sources take `tlp` too), DELETE
 * `/…/{pivotId}` removes one.
 * @module
 */
import type { Attachment } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { Type } from 'typebox';
import { apiError } from '../../errors.js';
import { presentAttachment } from '../../presenters/threatq-objects.js';
import { loadObjectRelations, readContext, readInput, requireWriter } from './object-input.js';
import { BEARER, IdParams, TAG, tqErrors } from './schemas.js';

const KINDS = ['sources', 'tags'] as const;
type Kind = (typeof KINDS)[number];

const SubParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  subId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
const ADD_SHAPE: Record<Kind, string> = {
  sources: '{name, tlp?}, a name, or an array of them',
  tags: '{name}, a name, or an array of them',
};
const ListResponse = Type.Object({ total: Type.Integer(), data: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: true })) });

/**
 * Registers `/attachments/{id}/sources` and `/attachments/{id}/tags` on the attachments context.
 * ```ts
 * await attachmentContextRoutes(app);
 * ```
 */
export async function attachmentContextRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  async function attachmentOf(request: FastifyRequest<{ Params: { id: number } }>): Promise<Attachment> {
    const file = await store.attachments.get(callerOf(request).orgId, request.params.id);
    if (!file) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
    return file;
  }

  async function listed(orgId: string, file: Attachment, kind: Kind): Promise<Record<string, unknown>[]> {
    const relations = await loadObjectRelations(store, orgId, 'attachment', [file.id], new Set([kind]));
    return presentAttachment(file, relations)[kind] as Record<string, unknown>[];
  }

  for (const kind of KINDS) {
    app.get(
      `/attachments/:id/${kind}`,
      { schema: { tags: [TAG], summary: `List the ${kind} of an attachment`, security: BEARER, params: IdParams, response: { 200: ListResponse, ...tqErrors(401, 404, 429) } } },
      async (request) => {
        const data = await listed(callerOf(request).orgId, await attachmentOf(request), kind);
        return { total: data.length, data };
      },
    );

    app.post(
      `/attachments/:id/${kind}`,
      {
        schema: {
          tags: [TAG],
          summary: `Add ${kind} to an attachment`,
          description: `${ADD_SHAPE[kind]}. Answers 201 with the attachment's ${kind}.`,
          security: BEARER,
          params: IdParams,
          body: Type.Unsafe({ description: ADD_SHAPE[kind] }),
          response: { 201: ListResponse, ...tqErrors(400, 401, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        requireWriter(request);
        const body = request.body;
        if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) throw apiError('VIGIL_BAD_REQUEST', `Request body must be ${ADD_SHAPE[kind]}`);
        const context = readInput(() => readContext({ [kind]: Array.isArray(body) ? body : [body] }, ''));
        const orgId = callerOf(request).orgId;
        const updated = await store.attachments.update(orgId, request.params.id, { [kind]: context[kind] });
        if (!updated) throw apiError('VIGIL_NOT_FOUND', 'Attachment');
        await app.vigil.audit(request, { crud: 'update', action: `attachments.${kind}_add`, description: `Added ${kind} to attachment ${updated.id}`, context: { id: updated.id } });
        const data = await listed(orgId, updated, kind);
        return reply.code(201).send({ total: data.length, data });
      },
    );

    app.delete(
      `/attachments/:id/${kind}/:subId`,
      {
        schema: {
          tags: [TAG],
          summary: `Remove one of the ${kind} of an attachment (by pivot id)`,
          security: BEARER,
          params: SubParams,
          response: { 204: { type: 'null', description: 'removed' }, ...tqErrors(401, 403, 404, 429) },
        },
      },
      async (request, reply) => {
        requireWriter(request);
        const { id, subId } = request.params;
        if (!(await store.attachments.removeContext(callerOf(request).orgId, id, kind, subId))) throw apiError('VIGIL_NOT_FOUND', kind === 'tags' ? 'Tag' : 'Source');
        await app.vigil.audit(request, { crud: 'update', action: `attachments.${kind}_remove`, description: `Removed ${kind} ${subId} from attachment ${id}`, context: { id, subId } });
        return reply.code(204).send();
      },
    );
  }
}
