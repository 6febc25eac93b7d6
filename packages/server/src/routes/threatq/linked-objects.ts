/**
 * Loading related objects (indicators, events, adversaries, attachments) for relation lists and `with=`:
 * the links first, then the objects of each type in one query per page, presented with their `pivot`.
 * @module
 */
import type { Store, ThreatObjectLink, ThreatObjectType } from '@vigil/store';
import { presentIndicator } from '../../presenters/threatq.js';
import { presentAdversary, presentAttachment, presentEvent, withPivot } from '../../presenters/threatq-objects.js';

/** Wire collection name → object type. */
export const COLLECTIONS: Record<string, ThreatObjectType> = {
  indicators: 'indicator',
  events: 'event',
  adversaries: 'adversary',
  attachments: 'attachment',
};

const NO_RELATIONS = { with: new Set<string>() };

/**
 * The objects of one type with these ids in the organization, presented, by id (gone ones are absent).
 * `present` replaces the default presentation (e.g. indicators with their own `with=`).
 * ```ts
 * const byId = await presentObjects(store, orgId, 'event', [3, 4]);
 * ```
 */
export async function presentObjects(
  store: Store,
  orgId: string,
  type: ThreatObjectType,
  ids: number[],
  present?: (objects: any[]) => Promise<Map<number, Record<string, unknown>>>,
): Promise<Map<number, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  if (type === 'indicator') {
    const found = await store.objectLinks.indicators(orgId, ids);
    return present ? present(found) : new Map(found.map((i) => [i.id, presentIndicator(i, NO_RELATIONS)]));
  }
  if (type === 'event') {
    const found = await store.threatEvents.getMany(orgId, ids);
    return present ? present(found) : new Map(found.map((e) => [e.id, presentEvent(e)]));
  }
  if (type === 'adversary') {
    const found = await store.adversaries.getMany(orgId, ids);
    return present ? present(found) : new Map(found.map((a) => [a.id, presentAdversary(a)]));
  }
  const found = await store.attachments.getMany(orgId, ids);
  return present ? present(found) : new Map(found.map((f) => [f.id, presentAttachment(f)]));
}

/**
 * Presents the other ends of `links` (all of type `otherType`), each with its pivot, in the links' order.
 * ```ts
 * const data = await presentLinked(store, orgId, 'adversary', links);
 * ```
 */
export async function presentLinked(
  store: Store,
  orgId: string,
  otherType: ThreatObjectType,
  links: ThreatObjectLink[],
  present?: (objects: any[]) => Promise<Map<number, Record<string, unknown>>>,
): Promise<Record<string, unknown>[]> {
  const objects = await presentObjects(store, orgId, otherType, [...new Set(links.map((l) => l.otherId))], present);
  const out: Record<string, unknown>[] = [];
  for (const link of links) {
    const object = objects.get(link.otherId);
    if (object) out.push(withPivot(object, link));
  }
  return out;
}

/**
 * For `with=`: the related objects of each of these objects, for every relation name in `names` that is a
 * collection (indicators, events, adversaries, attachments).
 * ```ts
 * const linked = await loadLinked(store, orgId, 'indicator', ids, new Set(['events']));
 * ```
 */
export async function loadLinked(
  store: Store,
  orgId: string,
  type: ThreatObjectType,
  ids: number[],
  names: ReadonlySet<string>,
): Promise<Map<string, Map<number, Record<string, unknown>[]>>> {
  const out = new Map<string, Map<number, Record<string, unknown>[]>>();
  for (const [name, otherType] of Object.entries(COLLECTIONS)) {
    if (!names.has(name)) continue;
    const byId = new Map<number, Record<string, unknown>[]>();
    out.set(name, byId);
    if (ids.length === 0) continue;
    const links = await store.objectLinks.linksOf(orgId, type, ids, otherType);
    const objects = await presentObjects(store, orgId, otherType, [...new Set(links.map((l) => l.otherId))]);
    for (const link of links) {
      const object = objects.get(link.otherId);
      if (!object) continue;
      const list = byId.get(link.objectId);
      if (list) list.push(withPivot(object, link));
      else byId.set(link.objectId, [withPivot(object, link)]);
    }
  }
  return out;
}
