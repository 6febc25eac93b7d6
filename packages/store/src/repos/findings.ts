/**
 * Findings: which installed packages each advisory affects, per organization and agent, as the matcher
 * wrote them. Both write paths (one agent's new inventory, one advisory across the fleet) compute the
 * difference from what is stored and write only that, so `firstSeenAt` survives re-matching and the
 * caller learns which findings are new. An agent's re-match diffs only the installed packages whose
 * findings or advisories changed since they were written (finding-digests.ts); advisory facts come from
 * a cache kept while the feed's change counter stands still (advisory-facts.ts).
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Finding, FindingStatus } from '@vigil/vulns';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { Database } from '../schema.js';
import type { DialectName } from '../shared-types.js';
import { oneOf } from '../vocabulary.js';
import { createAdvisoryFactsCache } from './advisory-facts.js';
import { digestsOf, forgetDigests, packageKey, storedDigests, writeDigests } from './finding-digests.js';
import { applyRows, rowsOf, toStoredFinding, type Row } from './findings-rows.js';
import type { FindingsRepo } from './findings-types.js';

const STATUSES: readonly FindingStatus[] = ['affected', 'fixable', 'invalid'];

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
 * Creates the findings repository.
 *
 * ```ts
 * const findings = createFindingsRepo(db, 'sqlite');
 * const { added } = await findings.replaceForAgent(orgId, agentId, matched);
 * ```
 */
export function createFindingsRepo(db: Kysely<Database>, dialect: DialectName): FindingsRepo {
  const facts = createAdvisoryFactsCache();

  /** The agent's stored rows of the packages named by `keys` (package keys). */
  async function storedRowsOf(trx: Transaction<Database>, agentId: string, keys: Set<string>): Promise<Row[]> {
    const names = [...new Set([...keys].map((k) => (JSON.parse(k) as string[])[0]!))];
    const out: Row[] = [];
    for (let i = 0; i < names.length; i += 500) {
      const rows = (await trx.selectFrom('vuln_findings').selectAll().where('agent_id', '=', agentId).where('package_name', 'in', names.slice(i, i + 500)).execute()) as Row[];
      for (const r of rows) if (keys.has(packageKey(r))) out.push(r);
    }
    return out;
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
          const known = await facts.get(trx, findings.map((f) => f.advisoryId));
          // Only the packages whose findings or advisories changed since they were last written are diffed.
          const next = digestsOf(findings, known);
          const before = await storedDigests(trx, agentId);
          const changed = new Map([...next].filter(([key, p]) => before.get(key) !== p.digest).map(([key, p]) => [key, p.digest]));
          const gone = [...before.keys()].filter((key) => !next.has(key));
          if (changed.size === 0 && gone.length === 0) return { added: [], removed: [] };
          const stored = await storedRowsOf(trx, agentId, new Set([...changed.keys(), ...gone]));
          const wanted = [...changed.keys()].flatMap((key) => next.get(key)!.findings);
          const { change } = await applyRows(trx, dialect, stored, rowsOf(orgId, agentId, wanted, known, when));
          await writeDigests(trx, dialect, agentId, changed, gone);
          return change;
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
          const known = await facts.get(trx, [advisoryId]);
          const agentIds = [...new Set(rows.map((r) => r.agentId))];
          const orgOf = new Map<string, string>();
          for (let i = 0; i < agentIds.length; i += 500) {
            let q = trx.selectFrom('agents').select(['id', 'org_id']).where('id', 'in', agentIds.slice(i, i + 500)).orderBy('id');
            // Waits for (and holds off) a re-match of these agents, whose digests this write invalidates;
            // a key-share lock leaves their heartbeats' updates free.
            if (dialect === 'postgres') q = q.forKeyShare();
            const found = await q.execute();
            for (const a of found) orgOf.set(a.id, a.org_id);
          }
          const wrong = rows.find((r) => orgOf.get(r.agentId) !== r.orgId);
          if (wrong) throw new StoreNotFoundError(`agent ${wrong.agentId} not found in organization ${wrong.orgId}`);
          const stored = (await trx.selectFrom('vuln_findings').selectAll().where('advisory_id', '=', advisoryId).execute()) as Row[];
          const { change, touched } = await applyRows(trx, dialect, stored, rows.flatMap((r) => rowsOf(r.orgId, r.agentId, r.findings, known, when)));
          // The packages written here no longer match their digests: their host's next re-match diffs them.
          await forgetDigests(trx, dialect, touched);
          return change;
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
