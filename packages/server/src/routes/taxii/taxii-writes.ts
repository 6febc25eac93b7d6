/**
 * TAXII 2.1 writes (OASIS TAXII 2.1 §5.5, §5.7, §4.3): POST objects to a collection marked can_write,
 * GET the status resource it answered, DELETE an object. Owners and users write; readers get 403 like a
 * collection that is not writable. Writes are audited like the threat library's own.
 * @module
 */
import type { Role, TaxiiCollection } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import { Type } from 'typebox';
import { addObjects } from './taxii-import.js';
import { TAXII_MEDIA_TYPE, TaxiiError } from './taxii-errors.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import { invalidAs } from '../../http/validation.js';
import { CollectionParams, ObjectParams, StatusParams, type RootParams, type TaxiiRequest } from './taxii-params.js';

type CollectionRequest = TaxiiRequest<typeof CollectionParams>;

/** What the read routes of index.ts share with the writes. */
export interface TaxiiWriteDeps {
  /** the API root's organization (404 when the caller is not a member) */
  rootOrg(request: TaxiiRequest<typeof RootParams>): string;
  /** the collection of the path (404 when unknown) */
  collection(request: CollectionRequest): Promise<TaxiiCollection>;
  /** hashes of the collection's live indicators that these STIX ids name */
  byStixIds(c: TaxiiCollection, ids: string[]): Promise<string[]>;
  /** route options with the TAXII tag, security and media type */
  schema<S extends FastifySchema>(summary: string, extra?: S): { schema: S & FastifySchema };
  send(reply: FastifyReply, body: unknown): FastifyReply;
}

const Detail = Type.Object({ id: Type.String(), version: Type.String(), message: Type.Optional(Type.String()) });

const StatusResource = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('complete')], { description: 'always complete: objects are processed during the request' }),
    request_timestamp: Type.String(),
    total_count: Type.Integer(),
    success_count: Type.Integer(),
    failure_count: Type.Integer(),
    pending_count: Type.Integer(),
    successes: Type.Array(Detail, { description: 'message names the indicator SDO ids the object was stored as' }),
    failures: Type.Array(Detail, { description: 'message says why the object was not stored' }),
    pendings: Type.Array(Detail),
  },
  { description: 'TAXII 2.1 status resource' },
);

const TaxiiErrorBody = Type.Object({ title: Type.String(), description: Type.String(), http_status: Type.String() }, { description: 'TAXII error message' });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, TaxiiErrorBody]));

const NOT_AN_ENVELOPE = 'must be a TAXII envelope: {"objects": [...]}';
/**
 * The envelope (§3.7) as validated before the handler runs. Its objects are read one by one by the STIX
 * import, so one bad object is a failure in the status resource, not a refusal of the envelope.
 */
const Envelope = Type.Object(
  {
    objects: Type.Array(Type.Unknown({ description: 'a STIX 2.1 object' }), invalidAs(NOT_AN_ENVELOPE)),
  },
  { additionalProperties: true, description: 'TAXII 2.1 envelope', ...invalidAs(NOT_AN_ENVELOPE) },
);

const forbidden = (description: string) => new TaxiiError(403, 'Forbidden', description);

/**
 * Registers the write routes on the TAXII context (after its hooks).
 * ```ts
 * await taxiiWriteRoutes(app, { rootOrg, collection, byStixIds, schema, send: taxii });
 * ```
 */
export async function taxiiWriteRoutes(parent: FastifyInstance, deps: TaxiiWriteDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  const { rootOrg, collection, schema, send } = deps;

  /** The collection, when the caller may write to it. */
  async function writable(request: CollectionRequest): Promise<TaxiiCollection> {
    const c = await collection(request);
    const role: Role | undefined = request.taxii!.orgs.get(c.orgId);
    if (role === 'reader') throw forbidden('Readers cannot change the threat library');
    if (!c.canWrite) throw forbidden('This collection is read-only (an owner can set can_write through PATCH /api/taxii/collections/{id})');
    return c;
  }

  /** The collection a POST objects request writes to, found before its body is validated. */
  const targets = new WeakMap<object, TaxiiCollection>();

  app.post(
    '/:root/collections/:id/objects/',
    {
      bodyLimit: config.bodyLimit,
      ...schema('add objects', {
        description: `Content-Type ${TAXII_MEDIA_TYPE}; the body is an envelope {"objects": [...]} of at most max_content_length bytes (413 above). Each object is imported like POST /api/import/stix: indicator SDOs with simple patterns and observables become indicators (new ones take the collection's status; another type than the collection's is a failure), anything else is a failure with the reason. Answers 202 with the status resource, already complete; it stays readable at /status/{id}/ for 7 days.`,
        params: CollectionParams,
        consumes: [TAXII_MEDIA_TYPE],
        body: Envelope,
        response: { 202: StatusResource, ...errors(400, 401, 403, 404, 406, 413, 415, 429) },
      }),
      // The collection, the media type and the right to write, before the envelope is validated: an unknown
      // collection is a 404 and a reader's write a 403 whatever the body.
      preValidation: async (request) => {
        await collection(request);
        const type = String(request.headers['content-type'] ?? '').replace(/\s+/g, '').toLowerCase();
        if (type !== TAXII_MEDIA_TYPE) throw new TaxiiError(415, 'Unsupported media type', `Send ${TAXII_MEDIA_TYPE}`);
        targets.set(request, await writable(request));
      },
    },
    async (request, reply) => {
      const c = targets.get(request)!;
      const objects = request.body.objects;
      if (objects.length > config.threatq.consumeMaxItems) {
        throw new TaxiiError(413, 'Payload too large', `Too many objects in one envelope: ${objects.length}; at most ${config.threatq.consumeMaxItems}`);
      }
      const { status, indicatorIds } = await addObjects(store, c, objects, { source: `TAXII: ${c.title}`.slice(0, 255), maxItems: config.threatq.consumeMaxItems });
      await store.taxiiStatus.save(c.orgId, c.id, status);
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'taxii.add_objects',
        description: `Added ${status.success_count} of ${status.total_count} STIX object(s) to TAXII collection ${c.title}`,
        context: { collection: c.id, status: status.id, successes: status.success_count, failures: status.failure_count, indicators: indicatorIds.length },
      });
      return send(reply.code(202), status);
    },
  );

  app.get(
    '/:root/status/:statusId/',
    schema('status of an add-objects request', {
      description: "The status resource POST objects answered; 404 for an unknown id, another organization's, or one older than 7 days.",
      params: StatusParams,
      response: { 200: StatusResource, ...errors(401, 404, 406, 429) },
    }),
    async (request, reply) => {
      const org = rootOrg(request);
      const id = request.params.statusId.toLowerCase();
      const status = /^[0-9a-f-]{36}$/.test(id) ? await store.taxiiStatus.get(org, id) : undefined;
      if (!status) throw new TaxiiError(404, 'Not found', 'Status not found');
      return send(reply, status);
    },
  );

  app.delete(
    '/:root/collections/:id/objects/:objectId/',
    schema('delete an object', {
      description:
        'Deletes (soft delete, like DELETE /api/indicators/{id}) the indicators of this collection the STIX id names: the id Vigil serves, or the id the object was added with. 404 when none is in the collection.',
      params: ObjectParams,
      response: { 200: { type: 'null', description: 'deleted' }, ...errors(401, 403, 404, 406, 429) },
    }),
    async (request, reply) => {
      const c = await writable(request);
      const hashes = await deps.byStixIds(c, [request.params.objectId]);
      // byStixIds only narrows by id; the collection's filter decides what is in it.
      const inCollection = hashes.length === 0 ? [] : (await store.taxiiCollections.objects(c, { hashes, limit: hashes.length })).items;
      if (inCollection.length === 0) throw new TaxiiError(404, 'Not found', 'Object not found');
      const deleted: number[] = [];
      for (const indicator of inCollection) if (await store.indicators.delete(c.orgId, indicator.id)) deleted.push(indicator.id);
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'taxii.delete_object',
        description: `Deleted STIX object ${request.params.objectId} from TAXII collection ${c.title}`,
        context: { collection: c.id, stix_id: request.params.objectId, indicators: deleted },
      });
      return reply.code(200).header('content-type', TAXII_MEDIA_TYPE).send();
    },
  );
}
