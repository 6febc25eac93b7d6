/**
 * Wire shapes of ThreatQ events, adversaries and attachments (reference threatq-api.md §1.3): integer ids,
 * `"YYYY-MM-DD HH:MM:SS"` UTC dates, and with `with=` their sources, attributes, tags, comments, type and
 * related objects (each carrying the relation's `pivot`).
 * @module
 */
import type { Adversary, Attachment, ThreatEvent, ThreatObjectContext, ThreatObjectLink } from '@vigil/store';
import { attachmentType, eventType } from '@vigil/intel';
import { tqDate } from './threatq.js';

/** What `with=` loaded for a page of objects, keyed by object id. */
export interface ObjectRelations {
  with: ReadonlySet<string>;
  context?: ThreatObjectContext;
  /** relation name (indicators, events, …) → object id → presented related objects */
  linked?: Map<string, Map<number, Record<string, unknown>[]>>;
  /** names of the organization's custom event types, for an event's `type` */
  eventTypeNames?: ReadonlyMap<number, string>;
}

/**
 * The `pivot` of a related object.
 * ```ts
 * withPivot(presentAdversary(a), link);
 * ```
 */
export function withPivot(presented: Record<string, unknown>, link: ThreatObjectLink): Record<string, unknown> {
  return { ...presented, pivot: { id: link.pivotId, created_at: tqDate(link.createdAt), updated_at: tqDate(link.updatedAt) } };
}

function addRelations(out: Record<string, unknown>, id: number, relations: ObjectRelations | undefined): Record<string, unknown> {
  if (!relations) return out;
  const ctx = relations.context;
  const w = relations.with;
  if (ctx && w.has('sources')) {
    out.sources = ctx.sources
      .filter((s) => s.objectId === id)
      .map((s) => ({ id: s.sourceId, name: s.name, type: 'other_sources', tlp_id: s.tlpId, published_at: tqDate(s.publishedAt), created_at: tqDate(s.createdAt), updated_at: tqDate(s.updatedAt), pivot: { id: s.pivotId, source_id: s.sourceId } }));
  }
  if (ctx && w.has('attributes')) {
    out.attributes = ctx.attributes
      .filter((a) => a.objectId === id)
      .map((a) => ({ id: a.id, attribute_id: a.attributeId, name: a.name, value: a.value, attribute: { id: a.attributeId, name: a.name }, created_at: tqDate(a.createdAt), updated_at: tqDate(a.updatedAt) }));
  }
  if (ctx && w.has('tags')) {
    out.tags = ctx.tags.filter((t) => t.objectId === id).map((t) => ({ id: t.id, name: t.name, pivot: { id: t.pivotId, tag_id: t.id } }));
  }
  if (ctx && w.has('comments')) {
    out.comments = ctx.comments.filter((c) => c.objectId === id).map((c) => ({ id: c.id, value: c.value, created_at: tqDate(c.createdAt), updated_at: tqDate(c.updatedAt) }));
  }
  for (const [name, byId] of relations.linked ?? []) out[name] = byId.get(id) ?? [];
  return out;
}

/**
 * One event.
 * ```ts
 * presentEvent(event, { with: new Set(['type']) });
 * ```
 */
export function presentEvent(e: ThreatEvent, relations?: ObjectRelations): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: e.id,
    title: e.title,
    type_id: e.typeId,
    happened_at: tqDate(e.happenedAt),
    description: e.description,
    published_at: tqDate(e.publishedAt),
    created_at: tqDate(e.createdAt),
    updated_at: tqDate(e.updatedAt),
  };
  if (relations?.with.has('type')) out.type = { id: e.typeId, name: eventType(e.typeId)?.name ?? relations.eventTypeNames?.get(e.typeId) ?? null };
  return addRelations(out, e.id, relations);
}

/**
 * One adversary.
 * ```ts
 * presentAdversary(adversary);
 * ```
 */
export function presentAdversary(a: Adversary, relations?: ObjectRelations): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.id,
    name: a.name,
    description: a.description,
    created_at: tqDate(a.createdAt),
    updated_at: tqDate(a.updatedAt),
  };
  return addRelations(out, a.id, relations);
}

/**
 * One attachment's metadata (never its bytes); `hash` is the MD5, as ThreatQ answers it.
 * ```ts
 * presentAttachment(file);
 * ```
 */
export function presentAttachment(f: Attachment, relations?: ObjectRelations): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    type_id: f.typeId,
    name: f.name,
    title: f.title,
    malware_locked: f.malwareLocked ? 1 : 0,
    content_type: f.contentType,
    file_size: f.fileSize,
    hash: f.md5,
    md5: f.md5,
    sha256: f.sha256,
    created_at: tqDate(f.createdAt),
    updated_at: tqDate(f.updatedAt),
  };
  if (relations?.with.has('type')) out.type = { id: f.typeId, name: attachmentType(f.typeId)?.name ?? null };
  return addRelations(out, f.id, relations);
}
