/**
 * Test helpers other packages' tests use too (`@vigil/vulns/testing`, source only): copies of the shipped
 * sample feed's records, and a small zip written the way OSV's all.zip holds records (`<ID>.json`).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import yazl from 'yazl';
import { SAMPLE_FEED_DIR } from '../src/index.js';

/** A fresh copy of one shipped OSV record, e.g. `sampleRecord('DSA-5724-1')`. */
export function sampleRecord(id: string): Record<string, any> {
  return JSON.parse(readFileSync(join(SAMPLE_FEED_DIR, 'osv', `${id}.json`), 'utf8'));
}

/** A fresh copy of the shipped Debian tracker excerpt. */
export function sampleTracker(): Record<string, any> {
  return JSON.parse(readFileSync(join(SAMPLE_FEED_DIR, 'debian-tracker.json'), 'utf8'));
}

/** Writes `entries` (name → text; a name ending in `/` is a folder) into a zip at `path`. */
export async function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(text), name);
  }
  zip.end();
  const out = zip.outputStream.pipe(createWriteStream(path));
  await once(out, 'close');
}
export { advisory } from './advisory-fixtures.js';
