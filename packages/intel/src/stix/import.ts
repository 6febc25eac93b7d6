/**
 * Reading a STIX 2.1 bundle for import: the indicators named by `indicator` SDOs whose STIX pattern is a
 * single observation of equality comparisons joined by OR (or the export's File Path conjunction), and by
 * SCOs; `threat-actor`s (adversaries) and the `indicates` relationships from indicators to them. Anything
 * else is listed as skipped with the reason; a malformed bundle, indicator or pattern is an error naming
 * its path.
 * @module
 */
import { candidateFromComparison, candidatesFromObservable, filePathFromComparisons, type IndicatorCandidate } from './observables.js';
import { parseStixPattern, StixPatternError } from './pattern-parser.js';
import { STIX_ID } from './ids.js';
import { parseStixTimestamp } from './timestamps.js';
import { indicatorStatus } from '../indicator-statuses.js';

export class StixImportError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'StixImportError';
  }
}

export interface ImportCandidate extends IndicatorCandidate {
  /** the STIX id it came from */
  stixId: string;
  description?: string;
  /** epoch ms of valid_from (indicators) */
  publishedAt?: number;
  /** epoch ms of valid_until (indicators) */
  expiresAt?: number;
  labels?: string[];
  /** the status Vigil's own export wrote (`x_vigil_status`), when it is a known one */
  status?: string;
}

/** A `threat-actor` to store as an adversary (the caller validates name and description). */
export interface ImportAdversary {
  stixId: string;
  name: unknown;
  description?: unknown;
}

/** An `indicates` relationship from an indicator SDO to a threat-actor. */
export interface ImportRelationship {
  stixId: string;
  sourceRef: string;
  targetRef: string;
}

export interface BundleImport {
  candidates: ImportCandidate[];
  adversaries: ImportAdversary[];
  relationships: ImportRelationship[];
  skipped: Array<{ id: string; reason: string }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** SCO types whose values become indicators (see observables.ts). */
const OBSERVABLE_TYPES = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'mac-addr', 'file', 'mutex', 'autonomous-system']);

/**
 * Reads a parsed JSON bundle; throws StixImportError for a malformed one.
 * ```ts
 * const { candidates, skipped } = readStixBundle(JSON.parse(body));
 * ```
 */
export function readStixBundle(bundle: unknown): BundleImport {
  if (!isObject(bundle) || bundle.type !== 'bundle') throw new StixImportError('(root)', 'must be a STIX bundle object with "type": "bundle"');
  if (typeof bundle.id !== 'string' || !STIX_ID.test(bundle.id) || !bundle.id.startsWith('bundle--')) {
    throw new StixImportError('id', 'must be bundle--<uuid>');
  }
  if (!Array.isArray(bundle.objects)) throw new StixImportError('objects', 'must be an array');
  const candidates: ImportCandidate[] = [];
  const adversaries: ImportAdversary[] = [];
  const relationships: ImportRelationship[] = [];
  const skipped: BundleImport['skipped'] = [];
  bundle.objects.forEach((object, i) => {
    const at = `objects[${i}]`;
    if (!isObject(object)) throw new StixImportError(at, 'must be an object');
    if (typeof object.type !== 'string' || typeof object.id !== 'string' || !STIX_ID.test(object.id) || !object.id.startsWith(`${object.type}--`)) {
      throw new StixImportError(`${at}.id`, 'must be <type>--<uuid> matching the object type');
    }
    const id = object.id;
    if (object.type === 'indicator') {
      if (typeof object.pattern !== 'string') throw new StixImportError(`${at}.pattern`, 'is required and must be a string');
      if (typeof object.pattern_type !== 'string') throw new StixImportError(`${at}.pattern_type`, 'is required and must be a string');
      const validFrom = parseStixTimestamp(object.valid_from);
      if (validFrom === undefined) throw new StixImportError(`${at}.valid_from`, 'is required and must be an RFC 3339 UTC timestamp');
      const validUntil = object.valid_until === undefined ? undefined : parseStixTimestamp(object.valid_until);
      if (object.valid_until !== undefined && validUntil === undefined) throw new StixImportError(`${at}.valid_until`, 'must be an RFC 3339 UTC timestamp');
      if (object.pattern_type !== 'stix') {
        skipped.push({ id, reason: `pattern_type ${object.pattern_type} is not imported (only stix)` });
        return;
      }
      let parsed;
      try {
        parsed = parseStixPattern(object.pattern);
      } catch (err) {
        if (err instanceof StixPatternError) throw new StixImportError(`${at}.pattern`, err.message);
        throw err;
      }
      const found = parsed.simpleDisjunction
        ? parsed.comparisons.map(candidateFromComparison)
        : parsed.simpleConjunction
          ? [filePathFromComparisons(parsed.comparisons)]
          : [];
      if (found.length === 0 || found.some((c) => c === undefined)) {
        skipped.push({ id, reason: 'the pattern is not a list of equality comparisons on observables Vigil stores' });
        return;
      }
      const labels = Array.isArray(object.labels) ? object.labels.filter((l): l is string => typeof l === 'string') : undefined;
      for (const c of found as IndicatorCandidate[]) {
        candidates.push({
          ...c,
          stixId: id,
          description: typeof object.description === 'string' ? object.description : undefined,
          publishedAt: validFrom,
          expiresAt: validUntil,
          labels,
          ...(typeof object.x_vigil_status === 'string' && indicatorStatus(object.x_vigil_status) ? { status: object.x_vigil_status } : {}),
        });
      }
    } else if (OBSERVABLE_TYPES.has(object.type)) {
      const found = candidatesFromObservable(object);
      if (found.length === 0) skipped.push({ id, reason: `the ${object.type} carries no value Vigil stores` });
      for (const c of found) candidates.push({ ...c, stixId: id });
    } else if (object.type === 'threat-actor') {
      if (typeof object.name !== 'string') throw new StixImportError(`${at}.name`, 'is required and must be a string');
      adversaries.push({ stixId: id, name: object.name, ...(object.description !== undefined ? { description: object.description } : {}) });
    } else if (object.type === 'relationship' && object.relationship_type === 'indicates') {
      const { source_ref: sourceRef, target_ref: targetRef } = object;
      if (typeof sourceRef !== 'string' || !STIX_ID.test(sourceRef)) throw new StixImportError(`${at}.source_ref`, 'must be a STIX id');
      if (typeof targetRef !== 'string' || !STIX_ID.test(targetRef)) throw new StixImportError(`${at}.target_ref`, 'must be a STIX id');
      if (sourceRef.startsWith('indicator--') && targetRef.startsWith('threat-actor--')) relationships.push({ stixId: id, sourceRef, targetRef });
      else skipped.push({ id, reason: 'only indicates relationships from an indicator to a threat-actor are imported' });
    } else {
      skipped.push({ id, reason: `${object.type} objects are not imported` });
    }
  });
  return { candidates, adversaries, relationships, skipped };
}
