/**
 * What the create and update routes of events, adversaries and attachments share: a create body (one object
 * or an array, every item read before any is stored) saved item by item and answered with `with=`, and an
 * update body whose context fields (sources, attributes, tags, comments) are added around the type's own.
 * @module
 */
import type { ThreatObjectContextInput, ThreatObjectType } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import type { ObjectRelations } from '../../presenters/threatq-objects.js';
import { IndicatorInputError } from './indicator-input.js';
import { isObject, loadObjectRelations, parseObjectWith, readBodyItems, readContext, readInput, requireWriter } from './object-input.js';

/**
 * Reads an update body: an object, `id` left alone, at least one of `fields`, the context fields, then the
 * type's own fields through `readOwn` (which throws IndicatorInputError naming the field).
 * ```ts
 * const patch = readObjectPatch<AdversaryPatch>(request.body, ['name', 'sources'], (body, patch) => { … });
 * ```
 */
export function readObjectPatch<P extends ThreatObjectContextInput>(
  body: unknown,
  fields: readonly string[],
  readOwn: (body: Record<string, unknown>, patch: P) => void,
): P {
  if (!isObject(body)) throw apiError('VIGIL_BAD_REQUEST', 'Request body must be an object of the fields to change');
  if (body.id !== undefined) throw apiError('VIGIL_BAD_REQUEST', 'Invalid value for body field id: cannot be changed');
  return readInput(() => {
    if (!fields.some((k) => body[k] !== undefined)) throw new IndicatorInputError('(root)', `nothing to change: send ${fields.join(', ')}`);
    const patch = readContext(body, '') as P;
    readOwn(body, patch);
    return patch;
  });
}

export interface CreateObjectsSpec<I, O extends { id: number }> {
  type: ThreatObjectType;
  /** singular wire name, for messages ("event") */
  what: string;
  /** audit action, e.g. `events.create` */
  action: string;
  /** the `with=` names this type knows */
  withNames: readonly string[];
  /** a reader of one item (`prefix` is `[i]` in an array body); may load what reading needs first */
  reader(orgId: string, now: number): Promise<(item: unknown, prefix: string) => I> | ((item: unknown, prefix: string) => I);
  create(orgId: string, input: I, now: number): Promise<O>;
  present(object: O, relations: ObjectRelations): Record<string, unknown>;
  describe(count: number): string;
}

/**
 * Handles a create: an object answers `data: {…}`, an array `{total, data: […]}`; 201.
 * ```ts
 * app.post('/events', { schema }, (request, reply) => createObjects(app, request, reply, eventSpec));
 * ```
 */
export async function createObjects<I, O extends { id: number }>(
  app: FastifyInstance,
  request: FastifyRequest<{ Querystring: { with?: string } }>,
  reply: FastifyReply,
  spec: CreateObjectsSpec<I, O>,
): Promise<FastifyReply> {
  requireWriter(request);
  const names = parseObjectWith(request.query.with, spec.withNames);
  const now = Date.now();
  const { items, array } = readBodyItems(request.body, spec.what, app.vigil.config.threatq.consumeMaxItems);
  const orgId = callerOf(request).orgId;
  const read = await spec.reader(orgId, now);
  const inputs = readInput(() => items.map((item, i) => read(item, array ? `[${i}]` : '')));
  const saved: O[] = [];
  for (const input of inputs) saved.push(await spec.create(orgId, input, now));
  await app.vigil.audit(request, { crud: 'create', action: spec.action, description: spec.describe(saved.length), context: { ids: saved.map((o) => o.id) } });
  const relations = await loadObjectRelations(app.vigil.store, orgId, spec.type, saved.map((o) => o.id), names);
  const data = saved.map((o) => spec.present(o, relations));
  return reply.code(201).send(array ? { total: data.length, data } : { data: data[0] });
}
