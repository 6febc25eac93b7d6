/**
 * The rpm database, read through `rpm -qa` (its storage is BerkeleyDB, NDB or SQLite depending on the
 * release, so the rpm command is the one reader that works on all of them).
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { InstalledPackage } from '@vigil/sdk';

/** Runs `rpm` with arguments and answers its standard output. */
export type RpmRunner = (args: readonly string[]) => Promise<string>;

export const RPM_DB_DIR = '/var/lib/rpm';
/** One package a line, tab-separated; an unset tag prints `(none)` (no epoch; gpg-pubkey has no arch). */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n';

const run = promisify(execFile);

/** The rpm of the host (64 MiB of output is ten times the largest package list seen). */
export const systemRpm: RpmRunner = async (args) => (await run('rpm', [...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;

/** `openssl-3.0.7-27.el9.src.rpm` → `openssl` (name, version and release are split at the last two dashes). */
function sourceName(sourceRpm: string): string | undefined {
  const match = /^(.+)-[^-]+-[^-]+\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return match?.[1];
}

/**
 * Parses `rpm -qa --queryformat RPM_QUERY_FORMAT`; the version carries the epoch when there is one
 * (`1:3.0.7-27.el9`), as rpm compares them. gpg-pubkey entries are keys, not packages, and are left out.
 *
 * ```ts
 * parseRpmQuery('openssl-libs\t1\t3.0.7\t27.el9\tx86_64\topenssl-3.0.7-27.el9.src.rpm\n');
 * // [{ name: 'openssl-libs', version: '1:3.0.7-27.el9', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '1:3.0.7-27.el9' }]
 * ```
 */
export function parseRpmQuery(output: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of output.split('\n')) {
    const [name, epoch, version, release, arch, sourceRpm] = line.split('\t');
    if (!name || !version || !release || sourceRpm === undefined || name === 'gpg-pubkey') continue;
    const full = `${epoch && epoch !== '(none)' ? `${epoch}:` : ''}${version}-${release}`;
    packages.push({
      name,
      version: full,
      arch: arch && arch !== '(none)' ? arch : 'noarch',
      sourceName: sourceName(sourceRpm) ?? name,
      sourceVersion: full,
    });
  }
  return packages;
}

/**
 * ```ts
 * const packages = await readRpmPackages(systemRpm);
 * ```
 */
export async function readRpmPackages(rpm: RpmRunner, dbPath?: string): Promise<InstalledPackage[]> {
  return parseRpmQuery(await rpm([...(dbPath ? ['--dbpath', dbPath] : []), '-qa', '--queryformat', RPM_QUERY_FORMAT]));
}
