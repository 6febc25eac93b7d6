/**
 * The OSV ecosystem of the host's release, from /etc/os-release, spelled as OSV spells it so advisories
 * match: `Debian:12`, `Ubuntu:22.04:LTS` (`Ubuntu:23.10` for interim releases), `Alpine:v3.19`,
 * `Rocky Linux:9`, `AlmaLinux:9`. Red Hat's OSV ecosystems name a repository too
 * (`Red Hat:enterprise_linux:9::baseos`, `…::appstream`), which the rpm database does not record: the agent
 * reports `Red Hat:enterprise_linux:9`, the prefix they share.
 * @module
 */

/** The `KEY=value` pairs of an os-release file (values unquoted). */
export function osReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(.*))$/.exec(line.trim());
    if (match) fields.set(match[1]!, (match[2] ?? match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1'));
  }
  return fields;
}

const RPM_FAMILIES: Record<string, string> = { rocky: 'Rocky Linux', almalinux: 'AlmaLinux', rhel: 'Red Hat:enterprise_linux' };

/**
 * ```ts
 * osvEcosystem('ID=debian\nVERSION_ID="12"\n'); // 'Debian:12'
 * osvEcosystem('ID=alpine\nVERSION_ID=3.19.1\n'); // 'Alpine:v3.19'
 * ```
 */
export function osvEcosystem(osRelease: string): string {
  const fields = osReleaseFields(osRelease);
  const id = (fields.get('ID') ?? 'linux').toLowerCase();
  const versionId = fields.get('VERSION_ID') ?? '';
  const major = /^\d+/.exec(versionId)?.[0];
  switch (id) {
    case 'debian':
      // testing and sid have no VERSION_ID: no numbered release for advisories to name.
      return major ? `Debian:${major}` : 'Debian';
    case 'ubuntu':
      if (!versionId) return 'Ubuntu';
      return /\bLTS\b/.test(fields.get('VERSION') ?? '') ? `Ubuntu:${versionId}:LTS` : `Ubuntu:${versionId}`;
    case 'alpine': {
      const minor = /^(\d+\.\d+)/.exec(versionId)?.[1];
      // edge reports a pre-release VERSION_ID (3.20.0_alpha…): no release branch of its own.
      return minor && !versionId.includes('_') ? `Alpine:v${minor}` : 'Alpine';
    }
    default: {
      const family = RPM_FAMILIES[id];
      if (family) return major ? `${family}:${major}` : family.split(':')[0]!;
      // Not a distribution OSV covers: named so nobody mistakes it for one.
      return versionId ? `${id}:${versionId}` : id;
    }
  }
}
