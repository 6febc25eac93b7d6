/**
 * Where the sample feed that ships with the package lives (feeds/: OSV Debian records and a Debian
 * security tracker excerpt), for the demo dataset and tests.
 * @module
 */
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the shipped sample feed folder: `osv/` holds OSV records, `debian-tracker.json` an
 * excerpt of the tracker's JSON.
 *
 * ```ts
 * const feed = await openAdvisoryFeed(join(SAMPLE_FEED_DIR, 'osv'));
 * ```
 */
// src/ and dist/ both sit one level below the package root, so the same relative path works from either.
export const SAMPLE_FEED_DIR = fileURLToPath(new URL('../feeds/', import.meta.url));
