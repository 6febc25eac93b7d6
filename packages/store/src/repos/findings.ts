/**
 * Findings: which installed packages each advisory affects, per organization and agent, as the matcher
 * wrote them. Both write paths (one agent's new inventory, one advisory across the fleet) compute the
 * difference from what is stored and write only that, so `firstSeenAt` survives re-matching and the
 * caller learns which findings are new.
 * @module
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { severityRank, type Finding, type FindingStatus, type VulnSeverity } from '@vigil/vulns';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { chunks } from '../internal/chunks.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { Database, VulnFindingsTable } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { oneOf } from '../vocabulary.js';
import type { FindingsChange, FindingsRepo, StoredFinding } from './findings-types.js';

const STATUSES: readonly FindingStatus[] = ['affected', 'fixable', 'invalid'];
type Row = Insertable<VulnFindingsTable> & Selectable<VulnFindingsTable>;
/** What an advisory contributes to its findings' rows. */
interface AdvisoryFacts {
  cves: string[];
  severity: VulnSeverity;
  hasNotices: boolean;
  withdrawn: boolean;
}

/** Key columns besides org: a finding's identity. */
const keyOf = (r: Pick<Row, 'agent_id' | 'advisory_id' | 'cve' | 'package_name' | 'arch' | 'installed_version'>): string =>
  `${r.agent_id}\t${r.advisory_id}\t${r.cve}\t${r.package_name}\t${r.arch}\t${r.installed_version}`;

/** The columns a re-match may change without the finding being new. */
const sameFacts = (a: Row, b: Row): boolean =>
  a.source_name === b.source_name &&
  a.ecosystem === b.ecosystem &&
  a.status === b.status &&
  a.fixed_version === b.fixed_version &&
  a.reason === b.reason &&
  a.severity === b.severity &&
  Number(a.has_notices) === Number(b.has_notices);

function checkFinding(f: Finding, where: string): void {
  const text = (v: unknown, field: string) => {
    if (typeof v !== 'string' || v === '' || v.length > 512) throw new StoreValidationError(`${where}.${field} must be 1-512 characters`);
  };
  if (f === null || typeof f !== 'object') throw new StoreValidationError(`${where} must be a finding object`);
  for (const field of ['advisoryId', 'packageName', 'arch', 'installedVersion', 'sourceName', 'ecosystem'] as const) text(f[field], field);
  if (!oneOf(STATUSES, f.status)) throw new StoreValidationError(`${where}.status must be one of ${STATUSES.join(', ')}`);
  for (const field of ['fixedVersion', 'reason'] as const) {
    if (f[field] !== null && f[field] !== undefined && typeof f[field] !== 'string') throw new StoreValidationError(`${where}.${field} must be a string or null`);
  }
}

/**
 * Converts a stored row to the domain shape.
 *
 * ```ts
 * const finding = toStoredFinding(row);
 * ```
 */
export function toStoredFinding(r: Selectable<VulnFindingsTable>): StoredFinding {
  return {
    orgId: r.org_id,
    agentId: r.agent_id,
    advisoryId: r.advisory_id,
    cve: r.cve,
    packageName: r.package_name,
    arch: r.arch,
    installedVersion: r.installed_version,
    sourceName: r.source_name,
    ecosystem: r.ecosystem,
    status: r.status as FindingStatus,
    fixedVersion: r.fixed_version,
    reason: r.reason,
    severity: r.severity as VulnSeverity,
    firstSeenAt: Number(r.first_seen_at),
  };
}

/**
 * Creates the findings repository.
 *
 * ```ts
 * const findings = createFindingsRepo(db, 'sqlite');
 * const { added } = await findings.replaceForAgent(orgId, agentId, matched);
 * ```
 */
export function createFindingsRepo(db: Kysely<Database>, dialect: DialectName): FindingsRepo {
  async function advisoryFacts(trx: Transaction<Database>, ids: string[]): Promise<Map<string, AdvisoryFacts>> {
    const out = new Map<string, AdvisoryFacts>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('advisories')
        .select(['id', 'cves', 'severity', 'security_notices', 'withdrawn'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const cves = JSON.parse(r.cves) as string[];
        out.set(r.id, {
          cves: cves.length > 0 ? cves : [r.id],
          severity: r.severity as VulnSeverity,
          hasNotices: (JSON.parse(r.security_notices) as string[]).length > 0,
          withdrawn: r.withdrawn !== null,
        });
      }
    }
    const missing = ids.find((id) => !out.has(id));
    if (missing !== undefined) throw new StoreValidationError(`advisory ${missing} is not stored`);
    return out;
  }

  /** The rows `findings` stand for: one per CVE of the advisory; findings of withdrawn advisories are dropped. */
  function rowsOf(orgId: string, agentId: string, findings: readonly Finding[], facts: Map<string, AdvisoryFacts>, at: number): Row[] {
    const out: Row[] = [];
    for (const f of findings) {
      const a = facts.get(f.advisoryId)!;
      if (a.withdrawn) continue;
      for (const cve of a.cves) {
        out.push({
          org_id: orgId,
          agent_id: agentId,
          advisory_id: f.advisoryId,
          cve,
          package_name: f.packageName,
          arch: f.arch,
          installed_version: f.installedVersion,
          source_name: f.sourceName,
          ecosystem: f.ecosystem,
          status: f.status,
          fixed_version: f.fixedVersion ?? null,
          reason: f.reason ?? null,
          severity: a.severity,
          severity_rank: severityRank(a.severity),
          has_notices: a.hasNotices ? 1 : 0,
          first_seen_at: at,
          updated_at: at,
        });
      }
    }
    return out;
  }

  /** Writes the difference between `stored` and `next` (deleting and re-inserting changed rows, keeping first_seen_at). */
  async function apply(trx: Transaction<Database>, stored: Row[], next: Row[]): Promise<FindingsChange> {
    const before = new Map(stored.map((r) => [keyOf(r), r]));
    const wanted = new Map(next.map((r) => [keyOf(r), r]));
    const added: Row[] = [];
    const removed: Row[] = [];
    const gone: Row[] = [];
    const write: Row[] = [];
    for (const [key, r] of wanted) {
      const was = before.get(key);
      if (!was) {
        added.push(r);
        write.push(r);
      } else if (!sameFacts(was, r)) {
        gone.push(was);
        write.push({ ...r, first_seen_at: Number(was.first_seen_at) });
      }
    }
    for (const [key, r] of before) {
      if (!wanted.has(key)) {
        removed.push(r);
        gone.push(r);
      }
    }
    // A hundred per statement: one OR term each, well inside SQLite's expression depth limit (1000).
    for (let i = 0; i < gone.length; i += 100) {
      const part = gone.slice(i, i + 100);
      await trx
        .deleteFrom('vuln_findings')
        .where((eb) =>
          eb.or(
            part.map((r) =>
              eb.and([
                eb('agent_id', '=', r.agent_id),
                eb('advisory_id', '=', r.advisory_id),
                eb('cve', '=', r.cve),
                eb('package_name', '=', r.package_name),
                eb('arch', '=', r.arch),
                eb('installed_version', '=', r.installed_version),
              ]),
            ),
          ),
        )
        .execute();
    }
    for (const part of chunks(write, 17, dialect)) await trx.insertInto('vuln_findings').values(part).execute();
    return { added: added.map(toStoredFinding), removed: removed.map(toStoredFinding) };
  }

  return {
    async replaceForAgent(orgId, agentId, findings, at = Date.now()) {
      if (!Array.isArray(findings)) throw new StoreValidationError('findings must be a list');
      findings.forEach((f, i) => checkFinding(f, `findings[${i}]`));
      const when = epochMs(at, 'finding time');
      return guard('finding', () =>
        db.transaction().execute(async (trx) => {
          // On PostgreSQL the agent's row serializes concurrent replaces of its findings.
          let q = trx.selectFrom('agents').select('id').where('id', '=', agentId).where('org_id', '=', orgId);
          if (dialect === 'postgres') q = q.forUpdate();
          if (!(await q.executeTakeFirst())) throw new StoreNotFoundError(`agent ${agentId} not found`);
          const facts = await advisoryFacts(trx, [...new Set(findings.map((f) => f.advisoryId))]);
          const stored = (await trx.selectFrom('vuln_findings').selectAll().where('agent_id', '=', agentId).execute()) as Row[];
          return apply(trx, stored, rowsOf(orgId, agentId, findings, facts, when));
        }),
      );
    },

    async replaceForAdvisory(advisoryId, rows, at = Date.now()) {
      if (!Array.isArray(rows)) throw new StoreValidationError('rows must be a list');
      rows.forEach((row, i) => {
        if (typeof row?.orgId !== 'string' || typeof row.agentId !== 'string' || !Array.isArray(row.findings)) {
          throw new StoreValidationError(`rows[${i}] needs orgId, agentId and findings`);
        }
        row.findings.forEach((f: Finding, j: number) => {
          checkFinding(f, `rows[${i}].findings[${j}]`);
          if (f.advisoryId !== advisoryId) throw new StoreValidationError(`rows[${i}].findings[${j}] is about ${f.advisoryId}, not ${advisoryId}`);
        });
      });
      const when = epochMs(at, 'finding time');
      return guard('finding', () =>
        db.transaction().execute(async (trx) => {
          let q = trx.selectFrom('advisories').select('id').where('id', '=', advisoryId);
          if (dialect === 'postgres') q = q.forUpdate();
          if (!(await q.executeTakeFirst())) throw new StoreValidationError(`advisory ${advisoryId} is not stored`);
          const facts = await advisoryFacts(trx, [advisoryId]);
          const agentIds = [...new Set(rows.map((r) => r.agentId))];
          const orgOf = new Map<string, string>();
          for (let i = 0; i < agentIds.length; i += 500) {
            const found = await trx.selectFrom('agents').select(['id', 'org_id']).where('id', 'in', agentIds.slice(i, i + 500)).execute();
            for (const a of found) orgOf.set(a.id, a.org_id);
          }
          const wrong = rows.find((r) => orgOf.get(r.agentId) !== r.orgId);
          if (wrong) throw new StoreNotFoundError(`agent ${wrong.agentId} not found in organization ${wrong.orgId}`);
          const stored = (await trx.selectFrom('vuln_findings').selectAll().where('advisory_id', '=', advisoryId).execute()) as Row[];
          return apply(trx, stored, rows.flatMap((r) => rowsOf(r.orgId, r.agentId, r.findings, facts, when)));
        }),
      );
    },

    async listForAgent(orgId, agentId) {
      const rows = await db
        .selectFrom('vuln_findings')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('agent_id', '=', agentId)
        .orderBy('cve')
        .orderBy('package_name')
        .orderBy('arch')
        .orderBy('installed_version')
        .orderBy('advisory_id')
        .execute();
      return rows.map(toStoredFinding);
    },

    async count(orgId) {
      let q = db.selectFrom('vuln_findings').select((eb) => eb.fn.countAll<string | number>().as('n'));
      if (orgId !== undefined) q = q.where('org_id', '=', orgId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
  };
}
