/**
 * Builds a small zip in a temp folder for tests, the way OSV's all.zip holds records (`<ID>.json`).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import yazl from 'yazl';

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
