/**
 * Which package database the host has, and its packages as an inventory snapshot.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InventorySnapshot } from '@vigil/sdk';
import { APK_INSTALLED_PATH, parseApkInstalled } from './apk-installed.js';
import { DPKG_STATUS_PATH, parseDpkgStatus } from './dpkg-status.js';
import { osvEcosystem } from './os-ecosystem.js';
import { RPM_DB_DIR, readRpmPackages, systemRpm, type RpmRunner } from './rpm-query.js';

/** Where the databases are (tests point these at fixtures). */
export interface InventoryPaths {
  /** default /var/lib/dpkg/status */
  dpkgStatus?: string;
  /** default /lib/apk/db/installed */
  apkInstalled?: string;
  /** default /var/lib/rpm; passed to rpm as --dbpath when not the default */
  rpmDbDir?: string;
  /** default /etc/os-release */
  osRelease?: string;
  rpm?: RpmRunner;
}

/** A package database found on the host: how to read it, and the folder to watch for changes. */
export interface PackageDatabase {
  manager: InventorySnapshot['manager'];
  watchDir: string;
  read(): Promise<InventorySnapshot>;
}

/**
 * The first database that exists, dpkg, then apk, then rpm; undefined on a host with none of them.
 *
 * ```ts
 * const db = findPackageDatabase({});
 * const snapshot = await db?.read(); // { ecosystem: 'Debian:12', manager: 'dpkg', packages: [...] }
 * ```
 */
export function findPackageDatabase(paths: InventoryPaths): PackageDatabase | undefined {
  const ecosystem = () => {
    try {
      return osvEcosystem(readFileSync(paths.osRelease ?? '/etc/os-release', 'utf8'));
    } catch {
      return 'linux';
    }
  };
  const dpkg = paths.dpkgStatus ?? DPKG_STATUS_PATH;
  if (existsSync(dpkg)) {
    return { manager: 'dpkg', watchDir: dirname(dpkg), read: async () => ({ ecosystem: ecosystem(), manager: 'dpkg', packages: parseDpkgStatus(readFileSync(dpkg, 'utf8')) }) };
  }
  const apk = paths.apkInstalled ?? APK_INSTALLED_PATH;
  if (existsSync(apk)) {
    return { manager: 'apk', watchDir: dirname(apk), read: async () => ({ ecosystem: ecosystem(), manager: 'apk', packages: parseApkInstalled(readFileSync(apk, 'utf8')) }) };
  }
  const rpmDir = paths.rpmDbDir ?? RPM_DB_DIR;
  if (existsSync(rpmDir)) {
    const dbPath = paths.rpmDbDir === undefined ? undefined : rpmDir;
    return { manager: 'rpm', watchDir: rpmDir, read: async () => ({ ecosystem: ecosystem(), manager: 'rpm', packages: await readRpmPackages(paths.rpm ?? systemRpm, dbPath) }) };
  }
  return undefined;
}
