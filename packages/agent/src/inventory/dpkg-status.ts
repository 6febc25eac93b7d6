/**
 * The dpkg database (`/var/lib/dpkg/status`): one stanza per package, `Field: value` lines, continuation
 * lines starting with a space. Only packages whose Status is `install ok installed` are installed; the
 * others are removed ones whose configuration files remain, or half-installed ones.
 * @module
 */
import type { InstalledPackage } from '@vigil/sdk';

export const DPKG_STATUS_PATH = '/var/lib/dpkg/status';

/** The fields of one stanza (continuation lines are not needed and skipped). */
function stanzaFields(stanza: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of stanza.split('\n')) {
    if (line === '' || line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * The installed packages of a dpkg status file. `Source: name (version)` gives the source package and its
 * version when it differs from the binary's (binNMUs such as `5.2.15-2+b8` of source `5.2.15-2`).
 *
 * ```ts
 * parseDpkgStatus(readFileSync('/var/lib/dpkg/status', 'utf8'));
 * // [{ name: 'bash', version: '5.2.15-2+b8', arch: 'amd64', sourceName: 'bash', sourceVersion: '5.2.15-2' }, …]
 * ```
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = stanzaFields(stanza);
    const name = fields.get('Package');
    const version = fields.get('Version');
    if (!name || !version || fields.get('Status') !== 'install ok installed') continue;
    const source = /^(\S+)(?:\s+\((\S+)\))?$/.exec(fields.get('Source') ?? '');
    packages.push({
      name,
      version,
      arch: fields.get('Architecture') || 'all',
      sourceName: source?.[1] ?? name,
      sourceVersion: source?.[2] ?? version,
    });
  }
  return packages;
}
