/**
 * The lowest of several versions of one ecosystem, in its packaging tool's order (@vigil/versions), for
 * a list that names the fix a host needs first. Text order would put 1.10-1 before 1.9-1.
 * @module
 */
import { schemeForEcosystem, type VersionScheme } from '@vigil/versions';

/**
 * The lowest valid version of `versions` in `ecosystem`'s order; when the ecosystem has no scheme or no
 * version is valid in it, the first one named (nothing better is known). Null for an empty list.
 *
 * ```ts
 * lowestVersion('Debian:12', ['1.10-1', '1.9-1']); // '1.9-1'
 * ```
 */
export function lowestVersion(ecosystem: string, versions: readonly string[]): string | null {
  // Each scheme parses and compares its own version type; the versions never leave this loop.
  const s = schemeForEcosystem(ecosystem) as VersionScheme<unknown> | undefined;
  if (s === undefined) return versions[0] ?? null;
  let best: { text: string; version: unknown } | undefined;
  for (const text of versions) {
    const parsed = s.parse(text);
    if (parsed.ok && (best === undefined || s.compare(parsed.version, best.version) < 0)) best = { text, version: parsed.version };
  }
  return best?.text ?? versions[0] ?? null;
}
