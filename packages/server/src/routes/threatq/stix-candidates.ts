/**
 * A STIX import candidate (@vigil/intel readStixBundle) as an indicator upsert, read like a POST
 * /api/indicators item: shared by POST /api/import/stix and TAXII's POST objects.
 * @module
 */
import type { ImportCandidate } from '@vigil/intel';
import type { IndicatorUpsert } from '@vigil/store';
import { readUncheckedIndicator } from './indicator-input.js';

/**
 * The upsert of one candidate; throws IndicatorInputError when its value does not normalize.
 * ```ts
 * const item = candidateUpsert(candidate, { source: 'STIX import' });
 * ```
 */
export function candidateUpsert(c: ImportCandidate, options: { source: string; status?: string }): IndicatorUpsert {
  return readUncheckedIndicator({
    value: c.value,
    type: c.type,
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(c.description !== undefined ? { description: c.description.slice(0, 65_500) } : {}),
    ...(c.publishedAt !== undefined ? { published_at: new Date(c.publishedAt).toISOString() } : {}),
    ...(c.expiresAt !== undefined ? { expires_at: new Date(c.expiresAt).toISOString() } : {}),
    sources: [{ name: options.source }],
  });
}
