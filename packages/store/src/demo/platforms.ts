/**
 * Operating systems (with kernels that actually shipped for them) and agent versions for the demo agents.
 * @module
 */

export interface Platform {
  osVersion: string;
  kernels: readonly string[];
  /** default login of the cloud image (owner of most interactive sessions) */
  cloudUser: string;
  /** package manager binaries of the distribution, as `[exe, command]` */
  packageManagers: ReadonlyArray<readonly [exe: string, command: string]>;
  /** what /usr/bin/python3 resolves to */
  python: string;
  /** netcat binary that supports `-e` */
  netcat: readonly [exe: string, command: string];
  vim: string;
}

const DEB_TOOLS = { netcat: ['/usr/bin/nc.traditional', 'nc'], vim: '/usr/bin/vim.basic' } as const;
const RPM_TOOLS = { netcat: ['/usr/bin/ncat', 'ncat'], vim: '/usr/bin/vim' } as const;

const DEB = [
  ['/usr/bin/apt-get', 'apt-get'],
  ['/usr/bin/apt', 'apt'],
  ['/usr/bin/dpkg', 'dpkg'],
] as const;
const RPM = [
  ['/usr/bin/dnf', 'dnf'],
  ['/usr/bin/rpm', 'rpm'],
] as const;

/** Keyed by a short name the host table refers to. */
export const PLATFORMS = {
  ubuntu2204: {
    osVersion: 'Ubuntu 22.04.4 LTS',
    kernels: ['5.15.0-1057-aws', '6.5.0-1022-aws', '6.8.0-1015-aws'],
    cloudUser: 'ubuntu',
    packageManagers: DEB,
    python: '/usr/bin/python3.10',
    ...DEB_TOOLS,
  },
  ubuntu2004: {
    osVersion: 'Ubuntu 20.04.6 LTS',
    kernels: ['5.15.0-1051-aws', '5.4.0-1121-aws'],
    cloudUser: 'ubuntu',
    packageManagers: DEB,
    python: '/usr/bin/python3.8',
    ...DEB_TOOLS,
  },
  debian12: {
    osVersion: 'Debian GNU/Linux 12 (bookworm)',
    kernels: ['6.1.0-26-cloud-amd64', '6.1.0-25-cloud-amd64', '6.1.0-21-cloud-amd64'],
    cloudUser: 'admin',
    packageManagers: DEB,
    python: '/usr/bin/python3.11',
    ...DEB_TOOLS,
  },
  al2023: {
    osVersion: 'Amazon Linux 2023',
    kernels: ['6.1.112-122.189.amzn2023.x86_64', '6.1.109-118.189.amzn2023.x86_64'],
    cloudUser: 'ec2-user',
    packageManagers: RPM,
    python: '/usr/bin/python3.9',
    ...RPM_TOOLS,
  },
  al2: {
    osVersion: 'Amazon Linux 2',
    kernels: ['5.10.226-214.880.amzn2.x86_64', '4.14.352-267.564.amzn2.x86_64'],
    cloudUser: 'ec2-user',
    packageManagers: [['/usr/bin/yum', 'yum'], ['/usr/bin/rpm', 'rpm']],
    python: '/usr/bin/python3.7',
    ...RPM_TOOLS,
  },
  rhel89: {
    osVersion: 'Red Hat Enterprise Linux 8.9',
    kernels: ['4.18.0-513.24.1.el8_9.x86_64', '4.18.0-513.18.1.el8_9.x86_64'],
    cloudUser: 'ec2-user',
    packageManagers: RPM,
    python: '/usr/libexec/platform-python3.6',
    ...RPM_TOOLS,
  },
} as const satisfies Record<string, Platform>;

export type PlatformName = keyof typeof PLATFORMS;

/** Agent versions: the current release for healthy fleets, older ones for forgotten hosts. */
export const CURRENT_AGENT_VERSION = '3.2.1';
export const OLDER_AGENT_VERSIONS = ['3.1.4', '3.0.9', '2.6.2'] as const;
