/**
 * Per (agent, installed package), a digest of what its findings were last written from: the matcher's
 * findings for the package and the digests of the advisory records they name (so a re-imported advisory,
 * whatever changed in it, changes the digest). A host's re-match diffs only the packages whose digest
 * differs; the others' rows are what a full diff would leave as they are. Every (agent, package) with
 * findings rows has a digest row (0030 and the writes keep it so); '' stands for unknown.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Finding } from '@vigil/vulns';
import type { Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { chunks } from '../internal/chunks.js';
import type { AdvisoryFacts } from './advisory-facts.js';

/** An installed package as findings name it. */
export interface PackageRef {
  package_name: string;
  arch: string;
  installed_version: string;
}

/** The key of an installed package in the maps below. */
export const packageKey = (p: PackageRef): string => JSON.stringify([p.package_name, p.arch, p.installed_version]);
const refOf = (key: string): PackageRef => {
  const [package_name, arch, installed_version] = JSON.parse(key) as [string, string, string];
  return { package_name, arch, installed_version };
};

/**
 * The findings grouped by installed package, each group with its digest.
 *
 * ```ts
 * const groups = digestsOf(findings, facts); // Map { '["libssl3","amd64","3.0.15-1"]' => { findings, digest } }
 * ```
 */
export function digestsOf(findings: readonly Finding[], facts: Map<string, AdvisoryFacts>): Map<string, { findings: Finding[]; digest: string }> {
  const lines = new Map<string, { findings: Finding[]; lines: Set<string> }>();
  for (const f of findings) {
    const key = packageKey({ package_name: f.packageName, arch: f.arch, installed_version: f.installedVersion });
    let group = lines.get(key);
    if (group === undefined) lines.set(key, (group = { findings: [], lines: new Set() }));
    group.findings.push(f);
    group.lines.add(JSON.stringify([f.advisoryId, f.sourceName, f.ecosystem, f.status, f.fixedVersion ?? null, f.reason ?? null, facts.get(f.advisoryId)!.digest]));
  }
  const out = new Map<string, { findings: Finding[]; digest: string }>();
  for (const [key, group] of lines) {
    const hash = createHash('sha1');
    for (const line of [...group.lines].sort()) hash.update(`${line}\n`);
    out.set(key, { findings: group.findings, digest: hash.digest('hex') });
  }
  return out;
}

/** The agent's stored digests by package key. */
export async function storedDigests(trx: Transaction<Database>, agentId: string): Promise<Map<string, string>> {
  const rows = await trx.selectFrom('vuln_finding_digests').select(['package_name', 'arch', 'installed_version', 'digest']).where('agent_id', '=', agentId).execute();
  return new Map(rows.map((r) => [packageKey(r), r.digest]));
}

/** Sets the agent's digests of `set` (package key → digest) and drops those of `drop`. */
export async function writeDigests(trx: Transaction<Database>, dialect: DialectName, agentId: string, set: Map<string, string>, drop: readonly string[]): Promise<void> {
  // A hundred per statement: one OR term each, well inside SQLite's expression depth limit (1000).
  for (let i = 0; i < drop.length; i += 100) {
    const part = drop.slice(i, i + 100).map(refOf);
    await trx
      .deleteFrom('vuln_finding_digests')
      .where('agent_id', '=', agentId)
      .where((eb) => eb.or(part.map((p) => eb.and([eb('package_name', '=', p.package_name), eb('arch', '=', p.arch), eb('installed_version', '=', p.installed_version)]))))
      .execute();
  }
  await upsert(trx, dialect, [...set].map(([key, digest]) => ({ agent_id: agentId, ...refOf(key), digest })));
}

async function upsert(trx: Transaction<Database>, dialect: DialectName, rows: (PackageRef & { agent_id: string; digest: string })[]): Promise<void> {
  for (const part of chunks(rows, 5, dialect)) {
    await trx
      .insertInto('vuln_finding_digests')
      .values(part)
      .onConflict((oc) => oc.columns(['agent_id', 'package_name', 'arch', 'installed_version']).doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest') })))
      .execute();
  }
}

/** Marks the packages of `rows` (written by another path than the agent's re-match) as unknown: diffed in full next time. */
export async function forgetDigests(trx: Transaction<Database>, dialect: DialectName, rows: readonly (PackageRef & { agent_id: string })[]): Promise<void> {
  const unique = new Map(rows.map((r) => [`${r.agent_id}\t${packageKey(r)}`, { agent_id: r.agent_id, package_name: r.package_name, arch: r.arch, installed_version: r.installed_version, digest: '' }]));
  await upsert(trx, dialect, [...unique.values()]);
}
