/**
 * The apk database (`/lib/apk/db/installed`): one block per package, one `X:value` line per field
 * (`P` name, `V` version, `A` arch, `o` origin, the source package advisories name).
 * @module
 */
import type { InstalledPackage } from '@vigil/sdk';

export const APK_INSTALLED_PATH = '/lib/apk/db/installed';

/**
 * ```ts
 * parseApkInstalled(readFileSync('/lib/apk/db/installed', 'utf8'));
 * // [{ name: 'libcrypto3', version: '3.1.4-r5', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '3.1.4-r5' }, …]
 * ```
 */
export function parseApkInstalled(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      // Later lines of a block repeat letters (F: folders, R: files); the package's own come first.
      if (line.length > 2 && line[1] === ':' && !fields.has(line[0]!)) fields.set(line[0]!, line.slice(2));
    }
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    // apk's origin has no version of its own: a subpackage is built with its origin's version.
    packages.push({ name, version, arch: fields.get('A') || 'noarch', sourceName: fields.get('o') || name, sourceVersion: version });
  }
  return packages;
}
