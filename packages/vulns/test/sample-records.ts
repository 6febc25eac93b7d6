/**
 * The shipped sample feed's records, read for tests (each test changes a copy, never the file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_FEED_DIR } from '../src/index.js';

/** A fresh copy of one shipped OSV record, e.g. `sampleRecord('DSA-5724-1')`. */
export function sampleRecord(id: string): Record<string, any> {
  return JSON.parse(readFileSync(join(SAMPLE_FEED_DIR, 'osv', `${id}.json`), 'utf8'));
}

/** A fresh copy of the shipped Debian tracker excerpt. */
export function sampleTracker(): Record<string, any> {
  return JSON.parse(readFileSync(join(SAMPLE_FEED_DIR, 'debian-tracker.json'), 'utf8'));
}
