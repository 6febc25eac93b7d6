/**
 * Sample package lists: what a small cloud server of each release really has installed, with the versions,
 * architectures and source packages its package manager would report (some a few security updates behind,
 * as on real fleets), plus what the host's role adds. `vigil simulate` sends them and the demo dataset
 * stores them, so the shipped sample feed (feeds/) finds something on both.
 * @module
 */

/** One installed package, as the agent protocol's inventory carries it. */
export interface SamplePackage {
  name: string;
  version: string;
  arch: string;
  sourceName?: string;
  sourceVersion?: string;
}

/** A host's package list, as the agent protocol's inventory snapshot carries it. */
export interface SampleInventory {
  ecosystem: string;
  manager: 'dpkg' | 'rpm' | 'apk';
  packages: SamplePackage[];
}

/** What a host's role adds to its release's base packages. */
export type SampleRole = 'web' | 'db' | 'worker' | 'bastion';

/** `[name, version, arch, source name, source version]`; source name and version default to the binary's. */
type Row = readonly [name: string, version: string, arch: string, sourceName?: string, sourceVersion?: string];

interface Release {
  ecosystem: string;
  manager: SampleInventory['manager'];
  base: readonly Row[];
  roles: Record<SampleRole, readonly Row[]>;
  /** A host months behind on security updates has these versions instead (same name and arch). */
  behind?: readonly Row[];
}

/** By the `os` of the simulated platform (hosts.ts). */
const RELEASES: Record<string, Release> = {
  'Ubuntu 22.04.4 LTS': {
    ecosystem: 'Ubuntu:22.04:LTS',
    manager: 'dpkg',
    base: [
      ['apt', '2.4.12', 'amd64'],
      ['bash', '5.1-6ubuntu1.1', 'amd64'],
      ['coreutils', '8.32-4.1ubuntu1.2', 'amd64'],
      ['curl', '7.81.0-1ubuntu1.16', 'amd64'],
      ['libc6', '2.35-0ubuntu3.7', 'amd64', 'glibc'],
      ['libcurl4', '7.81.0-1ubuntu1.16', 'amd64', 'curl'],
      ['libssl3', '3.0.2-0ubuntu1.15', 'amd64', 'openssl'],
      ['libxml2', '2.9.13+dfsg-1ubuntu0.4', 'amd64'],
      ['linux-image-5.15.0-1057-aws', '5.15.0-1057.63', 'amd64', 'linux-aws'],
      ['openssh-server', '1:8.9p1-3ubuntu0.7', 'amd64', 'openssh'],
      ['openssl', '3.0.2-0ubuntu1.15', 'amd64'],
      ['sudo', '1.9.9-1ubuntu2.4', 'amd64'],
      ['systemd', '249.11-0ubuntu3.12', 'amd64'],
      ['tzdata', '2024a-0ubuntu0.22.04', 'all'],
      ['zlib1g', '1:1.2.11.dfsg-2ubuntu9.2', 'amd64', 'zlib'],
    ],
    roles: {
      web: [['nginx', '1.18.0-6ubuntu14.4', 'amd64'], ['nginx-common', '1.18.0-6ubuntu14.4', 'all', 'nginx']],
      db: [['postgresql-14', '14.12-0ubuntu0.22.04.1', 'amd64']],
      worker: [['python3.10', '3.10.12-1~22.04.4', 'amd64'], ['git', '1:2.34.1-1ubuntu1.11', 'amd64']],
      bastion: [['fail2ban', '0.11.2-6', 'all']],
    },
  },
  'Ubuntu 24.04.1 LTS': {
    ecosystem: 'Ubuntu:24.04:LTS',
    manager: 'dpkg',
    base: [
      ['apt', '2.7.14build2', 'amd64'],
      ['bash', '5.2.21-2ubuntu4', 'amd64'],
      ['coreutils', '9.4-3ubuntu6', 'amd64'],
      ['curl', '8.5.0-2ubuntu10.4', 'amd64'],
      ['libc6', '2.39-0ubuntu8.3', 'amd64', 'glibc'],
      ['libcurl4t64', '8.5.0-2ubuntu10.4', 'amd64', 'curl'],
      ['libssl3t64', '3.0.13-0ubuntu3.4', 'amd64', 'openssl'],
      ['libxml2', '2.9.14+dfsg-1.3ubuntu3', 'amd64'],
      ['openssh-server', '1:9.6p1-3ubuntu13.5', 'amd64', 'openssh'],
      ['openssl', '3.0.13-0ubuntu3.4', 'amd64'],
      ['sudo', '1.9.15p5-3ubuntu5', 'amd64'],
      ['systemd', '255.4-1ubuntu8.4', 'amd64'],
      ['tzdata', '2024a-3ubuntu1.1', 'all'],
      ['zlib1g', '1:1.3.dfsg-3.1ubuntu2.1', 'amd64', 'zlib'],
    ],
    roles: {
      web: [['nginx', '1.24.0-2ubuntu7.1', 'amd64'], ['nginx-common', '1.24.0-2ubuntu7.1', 'all', 'nginx']],
      db: [['postgresql-16', '16.4-0ubuntu0.24.04.2', 'amd64']],
      worker: [['python3.12', '3.12.3-1ubuntu0.1', 'amd64'], ['git', '1:2.43.0-1ubuntu7.1', 'amd64']],
      bastion: [['fail2ban', '1.0.2-3ubuntu0.1', 'all']],
    },
  },
  'Debian GNU/Linux 12 (bookworm)': {
    ecosystem: 'Debian:12',
    manager: 'dpkg',
    base: [
      ['apt', '2.6.1', 'amd64'],
      ['bash', '5.2.15-2+b7', 'amd64', 'bash', '5.2.15-2'],
      ['ca-certificates', '20230311', 'all'],
      ['coreutils', '9.1-1', 'amd64'],
      ['curl', '7.88.1-10+deb12u5', 'amd64'],
      ['libc6', '2.36-9+deb12u7', 'amd64', 'glibc'],
      ['libcurl4', '7.88.1-10+deb12u5', 'amd64', 'curl'],
      ['libexpat1', '2.5.0-1', 'amd64', 'expat'],
      ['libssl3', '3.0.13-1~deb12u1', 'amd64', 'openssl'],
      ['libsystemd0', '252.26-1~deb12u2', 'amd64', 'systemd'],
      ['libxml2', '2.9.14+dfsg-1.3~deb12u1', 'amd64'],
      ['openssh-server', '1:9.2p1-2+deb12u2', 'amd64', 'openssh'],
      ['openssl', '3.0.13-1~deb12u1', 'amd64'],
      ['sudo', '1.9.13p3-1+deb12u1', 'amd64'],
      ['systemd', '252.26-1~deb12u2', 'amd64'],
      ['tar', '1.34+dfsg-1.2+deb12u1', 'amd64'],
      ['tzdata', '2024a-0+deb12u1', 'all'],
      ['zlib1g', '1:1.2.13.dfsg-1', 'amd64', 'zlib'],
    ],
    roles: {
      web: [['nginx', '1.22.1-9', 'amd64'], ['nginx-common', '1.22.1-9', 'all', 'nginx']],
      db: [['postgresql-15', '15.7-0+deb12u1', 'amd64']],
      worker: [['python3.11', '3.11.2-6', 'amd64'], ['git', '1:2.39.2-1.1', 'amd64']],
      bastion: [['fail2ban', '1.0.2-2', 'all']],
    },
    // bookworm as it stood in autumn 2023: before the glibc "Looney Tunables", curl SOCKS5, OpenSSH
    // "Terrapin" and "regreSSHion" and OpenSSL 3.0.13 updates (DSA-5514-1, DSA-5523-1, DSA-5586-1, DSA-5724-1).
    behind: [
      ['curl', '7.88.1-10+deb12u1', 'amd64'],
      ['libc6', '2.36-9+deb12u1', 'amd64', 'glibc'],
      ['libcurl4', '7.88.1-10+deb12u1', 'amd64', 'curl'],
      ['libssl3', '3.0.11-1~deb12u2', 'amd64', 'openssl'],
      ['openssh-server', '1:9.2p1-2+deb12u1', 'amd64', 'openssh'],
      ['openssl', '3.0.11-1~deb12u2', 'amd64'],
    ],
  },
  'Amazon Linux 2023': {
    // No OSV ecosystem covers Amazon Linux: named as the agent names releases OSV does not know.
    ecosystem: 'amzn:2023',
    manager: 'rpm',
    base: [
      ['bash', '5.2.15-1.amzn2023.0.2', 'x86_64'],
      ['curl-minimal', '8.5.0-1.amzn2023.0.4', 'x86_64', 'curl'],
      ['glibc', '2.34-52.amzn2023.0.11', 'x86_64'],
      ['kernel', '6.1.109-118.189.amzn2023', 'x86_64'],
      ['libcurl-minimal', '8.5.0-1.amzn2023.0.4', 'x86_64', 'curl'],
      ['libxml2', '2.10.4-1.amzn2023.0.6', 'x86_64'],
      ['openssh-server', '8.7p1-8.amzn2023.0.11', 'x86_64', 'openssh'],
      ['openssl-libs', '1:3.0.8-1.amzn2023.0.14', 'x86_64', 'openssl'],
      ['sudo', '1.9.15-1.p5.amzn2023.0.1', 'x86_64'],
      ['systemd', '252.23-2.amzn2023', 'x86_64'],
      ['tzdata', '2024a-1.amzn2023.0.1', 'noarch'],
      ['zlib', '1.2.11-33.amzn2023.0.5', 'x86_64'],
    ],
    roles: {
      web: [['nginx', '1:1.24.0-1.amzn2023.0.4', 'x86_64']],
      db: [['postgresql15', '15.6-1.amzn2023.0.1', 'x86_64']],
      worker: [['python3', '3.9.16-1.amzn2023.0.9', 'x86_64'], ['git', '2.40.1-1.amzn2023.0.3', 'x86_64']],
      bastion: [['fail2ban', '1.0.2-3.amzn2023', 'noarch']],
    },
  },
  'Rocky Linux 9.4 (Blue Onyx)': {
    ecosystem: 'Rocky Linux:9',
    manager: 'rpm',
    base: [
      ['bash', '5.1.8-9.el9', 'x86_64'],
      ['curl', '7.76.1-29.el9_4.1', 'x86_64'],
      ['glibc', '2.34-100.el9_4.2', 'x86_64'],
      // rpm keeps the previous kernel installed beside the running one.
      ['kernel', '5.14.0-362.24.1.el9_3', 'x86_64'],
      ['kernel', '5.14.0-427.13.1.el9_4', 'x86_64'],
      ['libcurl', '7.76.1-29.el9_4.1', 'x86_64', 'curl'],
      ['libxml2', '2.9.13-6.el9_4', 'x86_64'],
      ['openssh-server', '8.7p1-38.el9_4.1', 'x86_64', 'openssh'],
      ['openssl', '1:3.0.7-27.el9', 'x86_64'],
      ['openssl-libs', '1:3.0.7-27.el9', 'x86_64', 'openssl'],
      ['sudo', '1.9.5p2-10.el9_3', 'x86_64'],
      ['systemd', '252-32.el9_4', 'x86_64'],
      ['tzdata', '2024a-1.el9', 'noarch'],
      ['zlib', '1.2.11-40.el9', 'x86_64'],
    ],
    roles: {
      web: [['nginx', '1:1.20.1-14.el9_2.1', 'x86_64']],
      db: [['postgresql-server', '13.14-1.el9_3', 'x86_64', 'postgresql']],
      worker: [['python3', '3.9.18-3.el9_4.3', 'x86_64'], ['git', '2.43.5-1.el9_4', 'x86_64']],
      bastion: [['fail2ban', '1.0.2-7.el9', 'noarch']],
    },
  },
};

const toPackage = ([name, version, arch, sourceName, sourceVersion]: Row): SamplePackage => ({
  name,
  version,
  arch,
  ...(sourceName ? { sourceName } : {}),
  ...(sourceVersion ? { sourceVersion } : {}),
});

/**
 * The package list of a host of release `osVersion` (as agents report it) and `role`; undefined for a
 * release without one. `behind` swaps in the versions of a host months behind on security updates.
 *
 * ```ts
 * sampleInventory('Debian GNU/Linux 12 (bookworm)', 'web'); // { ecosystem: 'Debian:12', manager: 'dpkg', packages: [...] }
 * ```
 */
export function sampleInventory(osVersion: string, role: SampleRole, options: { behind?: boolean } = {}): SampleInventory | undefined {
  const release = RELEASES[osVersion];
  if (!release) return undefined;
  const older = new Map((options.behind ? (release.behind ?? []) : []).map((row) => [`${row[0]} ${row[2]}`, row]));
  const rows = [...release.base, ...release.roles[role]].map((row) => older.get(`${row[0]} ${row[2]}`) ?? row);
  return { ecosystem: release.ecosystem, manager: release.manager, packages: rows.map(toPackage) };
}

/** The releases {@link sampleInventory} knows, by the `osVersion` agents report. */
export const SAMPLE_RELEASES: readonly string[] = Object.keys(RELEASES);
