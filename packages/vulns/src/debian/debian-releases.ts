/**
 * Debian release codenames → OSV ecosystems. OSV names Debian releases by number (`Debian:12`, from
 * Debian's distro-info-data); its own tracker converter skips releases without one. Vigil keeps `sid`
 * as `Debian:sid` so a host on unstable can still be matched: no OSV record uses that name, so nothing
 * else can collide with it.
 * @module
 */

const RELEASES: Record<string, string> = {
  wheezy: 'Debian:7',
  jessie: 'Debian:8',
  stretch: 'Debian:9',
  buster: 'Debian:10',
  bullseye: 'Debian:11',
  bookworm: 'Debian:12',
  trixie: 'Debian:13',
  forky: 'Debian:14',
  duke: 'Debian:15',
  sid: 'Debian:sid',
};

/**
 * The OSV ecosystem of a Debian codename, or undefined for one Vigil does not know (experimental, or a
 * release named after this list was written: its entries are skipped, never guessed).
 *
 * ```ts
 * debianEcosystem('bookworm'); // 'Debian:12'
 * debianEcosystem('sid'); // 'Debian:sid'
 * ```
 */
export function debianEcosystem(codename: string): string | undefined {
  return Object.hasOwn(RELEASES, codename) ? RELEASES[codename] : undefined;
}
