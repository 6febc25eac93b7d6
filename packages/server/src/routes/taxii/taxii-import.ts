/**
 * TAXII 2.1 "Add Objects" (§5.5): each object of an envelope goes through the STIX import of POST
 * /api/import/stix (readStixBundle, then the indicator reader) on its own, so one bad object is one
 * failure in the status resource and the others are stored. The stored indicators are upserted in one
 * transaction; processing is synchronous, so the status is "complete" at once.
 *
 * Where writes land relative to the collection's saved search: an object whose values are of another
 * indicator type than the collection's is a failure (it would never be served by this collection); new
 * indicators take the collection's status. Indicators that already exist keep their status (a feed
 * pushing to an "Active" collection must not revive a Whitelisted value), so they appear in a
 * status-filtered collection only when their status matches — the success message says so.
 * `threat-actor`s become adversaries, and `indicates` relationships between an indicator and a threat-actor
 * of the same envelope become relations (as POST /api/import/stix does with a bundle).
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  indicatorStatus,
  indicatorStixId,
  indicatorType,
  readStixBundle,
  StixImportError,
  stixTimestamp,
  type BundleImport,
  type ImportCandidate,
} from '@vigil/intel';
import { StoreValidationError, type IndicatorUpsert, type Store, type TaxiiCollection, type TaxiiStatusDetail, type TaxiiStatusResource } from '@vigil/store';
import { IndicatorInputError } from '../threatq/indicator-input.js';
import { candidateUpsert } from '../threatq/stix-candidates.js';
import { planStixAdversaries, storeStixAdversaries } from '../threatq/stix-adversaries.js';
import { TaxiiError } from './taxii-errors.js';

/** The one-object bundle each envelope object is read as (the bundle id is not kept). */
const BUNDLE_ID = 'bundle--00000000-0000-4000-8000-000000000000';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface AddObjectsOptions {
  /** source name of the stored indicators */
  source: string;
  /** at most this many indicators per request (413 above) */
  maxItems: number;
  now?: number;
}

export interface AddObjectsResult {
  status: TaxiiStatusResource;
  /** ids of the indicators stored or merged */
  indicatorIds: number[];
}

/** `objects[0].pattern: reason` of the one-object bundle, without the bundle path. */
function importMessage(err: StixImportError): string {
  const reason = err.message.slice(err.path.length + 2);
  const path = err.path.replace(/^objects\[0\]\.?/, '');
  return path ? `${path}: ${reason}` : reason;
}

/** The version a status detail names: modified, else created, else (SCOs) the request time. */
function versionOf(object: unknown, fallback: string): string {
  if (isObject(object)) {
    if (typeof object.modified === 'string') return object.modified;
    if (typeof object.created === 'string') return object.created;
  }
  return fallback;
}

/**
 * Reads the envelope's objects, stores what imports and answers the status resource (not yet saved).
 * ```ts
 * const { status } = await addObjects(store, collection, body.objects, { source: 'TAXII', maxItems: 2000 });
 * ```
 */
export async function addObjects(store: Store, collection: TaxiiCollection, objects: unknown[], options: AddObjectsOptions): Promise<AddObjectsResult> {
  const now = options.now ?? Date.now();
  const requestTimestamp = stixTimestamp(now);
  const collectionType = collection.typeId === null ? undefined : indicatorType(collection.typeId);
  const collectionStatus = collection.statusId === null ? undefined : indicatorStatus(collection.statusId);
  const failures: TaxiiStatusDetail[] = [];
  /** objects that imported, with their items' positions in `items` */
  const accepted: Array<{ id: string; version: string; from: number; to: number }> = [];
  const items: IndicatorUpsert[] = [];
  const actors: Pick<BundleImport, 'adversaries' | 'relationships'> = { adversaries: [], relationships: [] };
  const versions = new Map<string, string>();

  for (const [i, object] of objects.entries()) {
    const id = isObject(object) && typeof object.id === 'string' ? object.id.slice(0, 200) : `objects[${i}]`;
    const version = versionOf(object, requestTimestamp);
    const fail = (message: string) => void failures.push({ id, version, message });
    let candidates: ImportCandidate[];
    try {
      const read = readStixBundle({ type: 'bundle', id: BUNDLE_ID, objects: [object] });
      if (read.skipped.length > 0) {
        fail(read.skipped[0]!.reason);
        continue;
      }
      candidates = read.candidates;
      if (read.adversaries.length + read.relationships.length > 0) {
        actors.adversaries.push(...read.adversaries);
        actors.relationships.push(...read.relationships);
        versions.set(id, version);
        continue;
      }
    } catch (err) {
      if (err instanceof StixImportError) {
        fail(importMessage(err));
        continue;
      }
      throw err;
    }
    // An object is stored whole or not at all: one bad value fails it.
    const upserts: IndicatorUpsert[] = [];
    let problem: string | undefined;
    for (const c of candidates) {
      try {
        const item = candidateUpsert(c, { source: options.source, status: c.status });
        if (collectionType && item.typeId !== collectionType.id) problem = `${c.type} is not stored here: this collection holds ${collectionType.name} indicators`;
        upserts.push(item);
      } catch (err) {
        if (!(err instanceof IndicatorInputError)) throw err;
        problem = `${c.type} ${JSON.stringify(c.value.slice(0, 100))}: ${err.reason}`;
      }
      if (problem !== undefined) break;
    }
    if (problem !== undefined) {
      fail(problem);
      continue;
    }
    accepted.push({ id, version, from: items.length, to: items.length + upserts.length });
    items.push(...upserts);
  }

  const plan = planStixAdversaries(actors.adversaries, actors.relationships, new Set(accepted.map((a) => a.id)), { source: options.source });
  for (const s of plan.skipped) failures.push({ id: s.id, version: versions.get(s.id)!, message: s.reason });
  if (items.length > options.maxItems) {
    throw new TaxiiError(413, 'Payload too large', `Too many indicators in one request: ${items.length}; at most ${options.maxItems} (send several envelopes)`);
  }
  let saved: Awaited<ReturnType<Store['indicators']['upsertMany']>> = [];
  if (items.length > 0) {
    try {
      saved = await store.indicators.upsertMany(collection.orgId, items, now);
    } catch (err) {
      if (err instanceof StoreValidationError) throw new TaxiiError(400, 'Bad request', err.message);
      throw err;
    }
  }
  // New indicators join a status-filtered collection; existing ones keep their status (see the module comment).
  if (collectionStatus) {
    for (const [k, indicator] of saved.entries()) {
      if (indicator.createdAt !== now || indicator.statusId === collectionStatus.id) continue;
      saved[k] = (await store.indicators.update(collection.orgId, indicator.id, { statusId: collectionStatus.id }, now)) ?? indicator;
    }
  }
  await store.taxiiObjectIds.link(
    collection.orgId,
    accepted.flatMap((a) => saved.slice(a.from, a.to).map((indicator) => ({ stixId: a.id, indicatorId: indicator.id }))),
    now,
  );

  const indicatorIds = new Map(accepted.map((a) => [a.id, saved.slice(a.from, a.to).map((s) => s.id)]));
  const adversaries = await storeStixAdversaries(store, collection.orgId, plan, indicatorIds, now);

  const successes: TaxiiStatusDetail[] = accepted.map((a) => {
    const stored = saved.slice(a.from, a.to);
    const outside = collectionStatus ? stored.filter((s) => s.statusId !== collectionStatus.id) : [];
    const ids = [...new Set(stored.map((s) => indicatorStixId(collection.orgId, s.hash)))];
    let message = `stored as ${ids.join(', ')}`;
    if (outside.length > 0) message += `; already in the library with another status than ${collectionStatus!.name}, so not served by this collection`;
    return { id: a.id, version: a.version, message };
  });
  for (const a of plan.adversaries) {
    const stored = adversaries.find((s) => s.name.toLowerCase() === a.input.name.toLowerCase())!;
    successes.push({ id: a.stixId, version: versions.get(a.stixId)!, message: `stored as adversary ${stored.id}` });
  }
  for (const r of plan.relationships) successes.push({ id: r.stixId, version: versions.get(r.stixId)!, message: 'stored as a relation of the indicator and the adversary' });
  const status: TaxiiStatusResource = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: objects.length,
    success_count: successes.length,
    failure_count: failures.length,
    pending_count: 0,
    successes,
    failures,
    pendings: [],
  };
  return { status, indicatorIds: [...new Set(saved.map((s) => s.id))] };
}
