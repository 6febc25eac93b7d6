/**
 * The vulnerabilities read model: findings grouped per (CVE, host, installed package) and filtered by the
 * organization's suppressions in force, for REST v2's `/v2/vulnerabilities` family. Suppressions are
 * applied in SQL (an EXISTS per finding row over the organization's few suppressions) so paging stays a
 * walk of the (org_id, cve, …) index.
 * @module
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { VULN_SEVERITIES, type VulnSeverity } from '@vigil/vulns';
import { StoreValidationError } from '../errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import { lowestVersion } from '../internal/lowest-version.js';
import { fetchLimit, toPage } from '../internal/paging.js';
import type { Database } from '../schema.js';
import type { Cursor, DialectName } from '../shared-types.js';
import { oneOf } from '../vocabulary.js';
import { VULNERABILITY_STATUSES, type VulnerabilitiesRepo, type VulnerabilityFilter, type VulnerabilityGroup } from './vulnerabilities-types.js';

type GroupKey = [cve: string, agentId: string, packageName: string, arch: string, installedVersion: string];

/** severityRank inverted: rank → word. */
const BY_RANK = [...VULN_SEVERITIES].reverse();

/**
 * True for a finding row `f` that a suppression in force hides. The same test as a reader would apply by
 * hand: every criterion the suppression sets holds (CVE; package by binary or source name; agent; a tag
 * of the agent, by key and value and, when the suppression names one, source).
 */
function suppressed(dialect: DialectName, now: number): Expression<SqlBool> {
  const tag =
    dialect === 'sqlite'
      ? sql`exists (select 1 from agents a, json_each(a.tags) t where a.id = f.agent_id
          and json_extract(t.value, '$.key') = s.tag_key and json_extract(t.value, '$.value') = s.tag_value
          and (s.tag_source is null or json_extract(t.value, '$.source') = s.tag_source))`
      : sql`exists (select 1 from agents a cross join lateral jsonb_array_elements(a.tags::jsonb) t(e) where a.id = f.agent_id
          and t.e->>'key' = s.tag_key and t.e->>'value' = s.tag_value
          and (s.tag_source is null or t.e->>'source' = s.tag_source))`;
  return sql<SqlBool>`exists (select 1 from vuln_suppressions s where s.org_id = f.org_id
    and (s.expires_at is null or s.expires_at > ${now})
    and (s.cve is null or s.cve = f.cve)
    and (s.package is null or s.package = f.package_name or s.package = f.source_name)
    and (s.agent_id is null or s.agent_id = f.agent_id)
    and (s.tag_key is null or ${tag}))`;
}

function checkFilter(filter: VulnerabilityFilter): number {
  if (!oneOf(VULNERABILITY_STATUSES, filter?.status)) throw new StoreValidationError(`status must be one of ${VULNERABILITY_STATUSES.join(', ')}`);
  if (filter.severity !== undefined && !oneOf(VULN_SEVERITIES, filter.severity)) throw new StoreValidationError(`severity must be one of ${VULN_SEVERITIES.join(', ')}`);
  return epochMs(filter.now ?? Date.now(), 'now');
}

function groupKeyOf(cursor: Cursor): GroupKey {
  let key: unknown;
  try {
    key = JSON.parse(cursor[1]);
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== 5 || !key.every((v) => typeof v === 'string')) throw new StoreValidationError('page cursor must name a vulnerability');
  return key as GroupKey;
}

/**
 * Creates the vulnerabilities read model.
 *
 * ```ts
 * const page = await createVulnerabilitiesRepo(db, 'sqlite').list(orgId, { status: 'active' }, { limit: 100 });
 * ```
 */
export function createVulnerabilitiesRepo(db: Kysely<Database>, dialect: DialectName): VulnerabilitiesRepo {
  /**
   * Findings rows of the organization that the filter's row-level criteria admit. Without a suppression
   * in force (one indexed read) nothing is hidden and no row is looked at twice: a `suppressed` list is
   * empty at once instead of after a test of every finding of the organization.
   */
  async function rows(orgId: string, filter: VulnerabilityFilter, now: number) {
    const inForce = await db
      .selectFrom('vuln_suppressions')
      .select('id')
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .limit(1)
      .executeTakeFirst();
    const hidden = inForce === undefined ? sql<SqlBool>`1 = 0` : suppressed(dialect, now);
    let q = db.selectFrom('vuln_findings as f').where('f.org_id', '=', orgId).where('f.status', '<>', 'invalid');
    if (filter.cve !== undefined) q = q.where('f.cve', '=', filter.cve);
    if (filter.agentId !== undefined) q = q.where('f.agent_id', '=', filter.agentId);
    if (filter.package !== undefined) {
      const name = filter.package;
      q = q.where((eb) => eb.or([eb('f.package_name', '=', name), eb('f.source_name', '=', name)]));
    }
    if (filter.status === 'active' && inForce !== undefined) q = q.where(sql<SqlBool>`not ${hidden}`);
    if (filter.status === 'suppressed') q = q.where(hidden);
    return { q, hidden, nothingHidden: inForce === undefined };
  }

  /** The details of one page of groups: advisories, inventory source versions, hostnames. */
  async function details(orgId: string, keys: GroupKey[]) {
    if (keys.length === 0) return { findings: [], hosts: new Map<string, string>() };
    const findings = await db
      .selectFrom('vuln_findings as f')
      .innerJoin('advisories as a', 'a.id', 'f.advisory_id')
      .leftJoin('agent_packages as p', (join) =>
        join.onRef('p.agent_id', '=', 'f.agent_id').onRef('p.name', '=', 'f.package_name').onRef('p.arch', '=', 'f.arch').onRef('p.version', '=', 'f.installed_version'),
      )
      .select(['f.cve', 'f.agent_id', 'f.package_name', 'f.arch', 'f.installed_version', 'f.advisory_id', 'f.source_name', 'f.ecosystem', 'f.status', 'f.fixed_version', 'f.severity_rank'])
      .select(['a.cvss_vector', 'a.security_notices', 'p.source_version'])
      .where('f.org_id', '=', orgId)
      .where('f.status', '<>', 'invalid')
      // The page's CVEs and agents: a range of the (org_id, cve, agent_id, …) index. An OR of the page's
      // hundred keys made SQLite scan every finding of the organization. Rows of other groups are ignored.
      .where('f.cve', 'in', [...new Set(keys.map((k) => k[0]))])
      .where('f.agent_id', 'in', [...new Set(keys.map((k) => k[1]))])
      .orderBy('f.severity_rank', 'desc')
      .orderBy('f.advisory_id')
      .execute();
    const agentIds = [...new Set(keys.map((k) => k[1]))];
    const agents = await db.selectFrom('agents').select(['id', 'hostname']).where('id', 'in', agentIds).execute();
    return { findings, hosts: new Map(agents.map((a) => [a.id, a.hostname])) };
  }

  return {
    async list(orgId, filter, page) {
      const now = checkFilter(filter);
      const limit = fetchLimit(page);
      const { q, hidden, nothingHidden } = await rows(orgId, filter, now);
      if (nothingHidden && filter.status === 'suppressed') return { items: [] };
      let grouped = q
        .select(['f.cve', 'f.agent_id', 'f.package_name', 'f.arch', 'f.installed_version'])
        .select((eb) => [
          eb.fn.max('f.severity_rank').as('rank'),
          eb.fn.max('f.has_notices').as('notices'),
          eb.fn.min('f.first_seen_at').as('first_seen'),
          // The active list holds no suppressed row: no need to look again.
          (filter.status === 'active' || nothingHidden ? sql<number>`0` : sql<number>`max(case when ${hidden} then 1 else 0 end)`).as('hidden'),
        ])
        .groupBy(['f.cve', 'f.agent_id', 'f.package_name', 'f.arch', 'f.installed_version']);
      // Always true; it shows SQLite's planner that the (org_id, cve, …) index serves a first page: given only
      // org_id = ? it took another index and sorted every finding of the organization (11 s at 1.1 M rows).
      if (dialect === 'sqlite' && page.after === undefined) grouped = grouped.where('f.cve', '>=', '');
      if (page.after !== undefined) {
        const [cve, agentId, name, arch, version] = groupKeyOf(page.after);
        grouped = grouped.where(sql<SqlBool>`(f.cve, f.agent_id, f.package_name, f.arch, f.installed_version) > (${cve}, ${agentId}, ${name}, ${arch}, ${version})`);
      }
      // Every row carries its group's values (0031), so these filter rows through an index in page order.
      if (filter.severity !== undefined) grouped = grouped.where('f.group_rank', '=', BY_RANK.indexOf(filter.severity));
      if (filter.hasSecurityNotices !== undefined) grouped = grouped.where('f.group_notices', '=', filter.hasSecurityNotices ? 1 : 0);
      const groups = await grouped
        .orderBy('f.cve')
        .orderBy('f.agent_id')
        .orderBy('f.package_name')
        .orderBy('f.arch')
        .orderBy('f.installed_version')
        .limit(limit)
        .execute();
      const kept = groups.slice(0, page.limit);
      const keys = kept.map((g): GroupKey => [g.cve, g.agent_id, g.package_name, g.arch, g.installed_version]);
      const { findings, hosts } = await details(orgId, keys);
      const byKey = new Map<string, typeof findings>();
      for (const f of findings) {
        const k = JSON.stringify([f.cve, f.agent_id, f.package_name, f.arch, f.installed_version]);
        byKey.set(k, [...(byKey.get(k) ?? []), f]);
      }
      return toPage(
        groups,
        page.limit,
        (g): VulnerabilityGroup => {
          // Ordered by severity, then advisory id: the first is the most severe advisory.
          const of = byKey.get(JSON.stringify([g.cve, g.agent_id, g.package_name, g.arch, g.installed_version])) ?? [];
          const first = of[0];
          const fixes = of.flatMap((f) => (f.fixed_version === null ? [] : [f.fixed_version]));
          return {
            cve: g.cve,
            agentId: g.agent_id,
            hostname: hosts.get(g.agent_id) ?? '',
            packageName: g.package_name,
            arch: g.arch,
            installedVersion: g.installed_version,
            sourceName: first?.source_name ?? g.package_name,
            sourceVersion: first?.source_version ?? null,
            ecosystem: first?.ecosystem ?? '',
            severity: (BY_RANK[Number(g.rank)] ?? 'unknown') as VulnSeverity,
            cvssVector: of.find((f) => f.cvss_vector !== null)?.cvss_vector ?? null,
            securityNotices: [...new Set(of.flatMap((f) => JSON.parse(f.security_notices) as string[]))].sort(),
            status: fixes.length > 0 ? 'fixable' : 'affected',
            fixedVersion: lowestVersion(first?.ecosystem ?? '', fixes),
            advisoryIds: [...new Set(of.map((f) => f.advisory_id))].sort(),
            isSuppressed: Number(g.hidden) === 1,
            firstSeenAt: Number(g.first_seen),
          };
        },
        (g) => [0, JSON.stringify([g.cve, g.agent_id, g.package_name, g.arch, g.installed_version])],
      );
    },

    async servers(orgId, cve, filter, page) {
      const now = checkFilter(filter);
      const limit = fetchLimit(page);
      const admitted = await rows(orgId, { ...filter, cve }, now);
      if (admitted.nothingHidden && filter.status === 'suppressed') return { items: [] };
      let q = admitted.q;
      if (page.after !== undefined) q = q.where('f.agent_id', '>', page.after[1]);
      const found = await q
        .innerJoin('agents as a', 'a.id', 'f.agent_id')
        .select(['f.agent_id', 'a.hostname'])
        .distinct()
        .orderBy('f.agent_id')
        .limit(limit)
        .execute();
      return toPage(found, page.limit, (r) => ({ agentId: r.agent_id, hostname: r.hostname }), (r) => [0, r.agent_id]);
    },
  };
}
