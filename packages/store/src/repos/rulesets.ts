/**
 * Rulesets and their rules.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isRuleType, isSeverity, RULE_TYPES, type RuleType } from '@vigil/rules';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { Database, RulesTable, RulesetsTable } from '../schema.js';
import type { AgentTag } from './agents-types.js';
import type { FileIntegrityPath, NewRule, Rule, RuleTags, Ruleset, RulesetUpdate, RulesetsRepo } from './rulesets-types.js';

/** Columns added by migration 0002 (declared here so `schema.ts` needs no change for them). */
interface RuleDetailColumns {
  file_integrity_paths: string;
  ignore_files: string;
  events_to_monitor: string;
  tags: string;
  /** migration 0021 */
  disabled_reason: string | null;
}
interface RulesetNameColumn {
  /** trimmed, lowercased name; carries the per-org unique index */
  name_norm: string | null;
}
type Tables = { rules: RuleDetailColumns; rulesets: RulesetNameColumn };
type Db = Kysely<Database & Tables>;
type Trx = Transaction<Database & Tables>;
type RuleRow = Selectable<RulesTable> & RuleDetailColumns;

/** Bound on ids per `IN (…)` list, far below both dialects' parameter limits. */
const IN_CHUNK = 1000;

/**
 * The key ruleset names are unique by within an organization.
 *
 * ```ts
 * normalizeRulesetName('  Base Rule Set ') // 'base rule set'
 * ```
 */
export function normalizeRulesetName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * True when a rule with `tags` applies to an agent carrying `agentTags`: no inclusion tags or any of
 * them present, and none of the exclusion tags present. Key and value must be equal; the source only
 * when the rule's tag names one.
 *
 * ```ts
 * ruleAppliesTo({ inclusion: [{ source: '', key: 'env', value: 'prod' }], exclusion: [] },
 *   [{ source: 'ec2', key: 'env', value: 'prod' }]); // true
 * ```
 */
export function ruleAppliesTo(tags: RuleTags, agentTags: readonly AgentTag[]): boolean {
  const has = (t: AgentTag) =>
    agentTags.some((a) => a.key === t.key && a.value === t.value && (!t.source || a.source === t.source));
  return (tags.inclusion.length === 0 || tags.inclusion.some(has)) && !tags.exclusion.some(has);
}

function toRuleset(row: Selectable<RulesetsTable>): Ruleset {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRule(row: RuleRow): Rule {
  const rule: Rule = {
    id: row.id,
    orgId: row.org_id,
    rulesetId: row.ruleset_id,
    name: row.name,
    type: row.type as RuleType,
    title: row.title,
    severityOfAlerts: row.severity_of_alerts as Rule['severityOfAlerts'],
    alertDescription: row.alert_description,
    aggregateFields: JSON.parse(row.aggregate_fields) as string[],
    filter: row.filter,
    window: row.time_window,
    threshold: row.threshold,
    suppressions: JSON.parse(row.suppressions) as string[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  const paths = JSON.parse(row.file_integrity_paths) as FileIntegrityPath[];
  const ignore = JSON.parse(row.ignore_files) as string[];
  const events = JSON.parse(row.events_to_monitor) as string[];
  // Optional members stay absent when empty so rules that never had them read back exactly as written.
  if (row.type === 'File' || paths.length > 0 || ignore.length > 0 || events.length > 0) {
    rule.fileIntegrityPaths = paths;
    rule.ignoreFiles = ignore;
    rule.eventsToMonitor = events;
  }
  const tags = JSON.parse(row.tags) as RuleTags;
  if (tags.inclusion.length > 0 || tags.exclusion.length > 0) rule.tags = tags;
  if (row.disabled_reason !== null) rule.disabledReason = row.disabled_reason;
  return rule;
}

function cleanTags(tags: RuleTags | undefined): RuleTags {
  const clean = (list: readonly AgentTag[] | undefined) =>
    (list ?? []).map((t) => ({ source: t.source ?? '', key: t.key, value: t.value }));
  return { inclusion: clean(tags?.inclusion), exclusion: clean(tags?.exclusion) };
}

/** The full row for a rule; `createdAt`/`updatedAt` are the stored times. */
function ruleRow(input: NewRule, id: string, createdAt: number, updatedAt: number): RuleRow {
  if (!isSeverity(input.severityOfAlerts)) {
    throw new StoreValidationError('rule severityOfAlerts must be 1, 2 or 3');
  }
  if (!isRuleType(input.type)) throw new StoreValidationError(`rule type must be ${RULE_TYPES.join(', ')}`);
  return {
    id,
    org_id: input.orgId,
    ruleset_id: input.rulesetId,
    name: input.name,
    type: input.type,
    title: input.title,
    severity_of_alerts: input.severityOfAlerts,
    alert_description: input.alertDescription,
    aggregate_fields: JSON.stringify(input.aggregateFields ?? []),
    filter: input.filter,
    // integers for the same reason as times: BIGINT columns
    time_window: epochMs(input.window, 'rule window'),
    threshold: epochMs(input.threshold, 'rule threshold'),
    suppressions: JSON.stringify(input.suppressions ?? []),
    enabled: input.enabled ? 1 : 0,
    created_at: createdAt,
    updated_at: updatedAt,
    file_integrity_paths: JSON.stringify(
      (input.fileIntegrityPaths ?? []).map((p) => ({ path: p.path, recursive: p.recursive === true })),
    ),
    ignore_files: JSON.stringify(input.ignoreFiles ?? []),
    events_to_monitor: JSON.stringify(input.eventsToMonitor ?? []),
    tags: JSON.stringify(cleanTags(input.tags)),
    // Enabling a rule again clears why detection had disabled it.
    disabled_reason: input.enabled ? null : (input.disabledReason ?? null),
  };
}

function* inChunks(ids: readonly string[]): Generator<string[]> {
  for (let i = 0; i < ids.length; i += IN_CHUNK) yield ids.slice(i, i + IN_CHUNK);
}

/**
 * Moves the listed rules of the org into `rulesetId` (already checked to exist), touching the rulesets
 * they leave; throws StoreNotFoundError naming rule ids that are not in the org.
 */
async function moveInto(trx: Trx, orgId: string, ruleIds: readonly string[], rulesetId: string, now: number) {
  const ids = [...new Set(ruleIds)];
  const found: Array<{ id: string; ruleset_id: string }> = [];
  for (const part of inChunks(ids)) {
    found.push(
      ...(await trx
        .selectFrom('rules')
        .select(['id', 'ruleset_id'])
        .where('org_id', '=', orgId)
        .where('id', 'in', part)
        .execute()),
    );
  }
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) throw new StoreNotFoundError(`rules not found: ${missing.join(', ')}`);
  const moving = found.filter((r) => r.ruleset_id !== rulesetId);
  const movedIds = ids.filter((id) => moving.some((r) => r.id === id));
  for (const part of inChunks(movedIds)) {
    await trx
      .updateTable('rules')
      .set({ ruleset_id: rulesetId, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', 'in', part)
      .execute();
  }
  const left = [...new Set(moving.map((r) => r.ruleset_id))];
  if (left.length > 0) {
    await trx.updateTable('rulesets').set({ updated_at: now }).where('org_id', '=', orgId).where('id', 'in', left).execute();
  }
  return movedIds;
}

/**
 * Creates the rulesets repository. A rule's ruleset must belong to the rule's organization (enforced by a
 * composite foreign key; violations throw StoreNotFoundError). Ruleset names are unique per organization,
 * trimmed and case-insensitively (StoreConflictError).
 *
 * ```ts
 * const rulesets = createRulesetsRepo(db);
 * const rs = await rulesets.create({ orgId, name: 'Base Rule Set', description: '' });
 * ```
 */
export function createRulesetsRepo(database: Kysely<Database>): RulesetsRepo {
  const db: Db = database.withTables<Tables>();

  async function getRuleRow(q: Db, orgId: string, id: string): Promise<RuleRow | undefined> {
    return q.selectFrom('rules').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  }

  const repo: RulesetsRepo = {
    async create(input) {
      const createdAt = epochMs(input.createdAt ?? Date.now(), 'ruleset createdAt');
      const row = {
        id: input.id ?? randomUUID(),
        org_id: input.orgId,
        name: input.name,
        name_norm: normalizeRulesetName(input.name),
        description: input.description,
        created_at: createdAt,
        updated_at: createdAt,
      };
      await guard('ruleset', () => db.insertInto('rulesets').values(row).execute());
      return toRuleset(row);
    },

    async get(orgId, id) {
      const row = await db
        .selectFrom('rulesets')
        .selectAll()
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row && toRuleset(row);
    },

    async getByName(orgId, name) {
      const row = await db
        .selectFrom('rulesets')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('name_norm', '=', normalizeRulesetName(name))
        .executeTakeFirst();
      return row && toRuleset(row);
    },

    async list(orgId) {
      const rows = await db
        .selectFrom('rulesets')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRuleset);
    },

    async createWithRules(input, ruleIds) {
      const createdAt = epochMs(input.createdAt ?? Date.now(), 'ruleset createdAt');
      const row = {
        id: input.id ?? randomUUID(),
        org_id: input.orgId,
        name: input.name,
        name_norm: normalizeRulesetName(input.name),
        description: input.description,
        created_at: createdAt,
        updated_at: createdAt,
      };
      const movedRuleIds = await guard('ruleset', () =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('rulesets').values(row).execute();
          return moveInto(trx, input.orgId, ruleIds, row.id, createdAt);
        }),
      );
      return { ruleset: toRuleset(row), movedRuleIds, deletedRuleIds: [] };
    },

    async update(orgId, id, changes) {
      const now = Date.now();
      return guard('ruleset', () =>
        db.transaction().execute(async (trx): Promise<RulesetUpdate | undefined> => {
          const current = await trx
            .selectFrom('rulesets')
            .selectAll()
            .where('id', '=', id)
            .where('org_id', '=', orgId)
            .executeTakeFirst();
          if (!current) return undefined;
          let movedRuleIds: string[] = [];
          let deletedRuleIds: string[] = [];
          if (changes.ruleIds !== undefined) {
            movedRuleIds = await moveInto(trx, orgId, changes.ruleIds, id, now);
            const keep = new Set(changes.ruleIds);
            const own = await trx
              .selectFrom('rules')
              .select('id')
              .where('org_id', '=', orgId)
              .where('ruleset_id', '=', id)
              .orderBy('created_at')
              .orderBy('id')
              .execute();
            deletedRuleIds = own.map((r) => r.id).filter((rid) => !keep.has(rid));
            for (const part of inChunks(deletedRuleIds)) {
              await trx.deleteFrom('rules').where('org_id', '=', orgId).where('id', 'in', part).execute();
            }
          }
          const name = changes.name ?? current.name;
          const next = {
            name,
            name_norm: normalizeRulesetName(name),
            description: changes.description ?? current.description,
            updated_at: Math.max(now, current.created_at),
          };
          await trx.updateTable('rulesets').set(next).where('id', '=', id).where('org_id', '=', orgId).execute();
          return { ruleset: toRuleset({ ...current, ...next }), movedRuleIds, deletedRuleIds };
        }),
      );
    },

    async delete(orgId, id) {
      return db.transaction().execute(async (trx) => {
        // Explicit rather than relying on the cascade, so the intent does not hide in the schema.
        await trx.deleteFrom('rules').where('org_id', '=', orgId).where('ruleset_id', '=', id).execute();
        const res = await trx.deleteFrom('rulesets').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      });
    },

    async ruleIdsByRuleset(orgId, rulesetIds) {
      const out = new Map<string, string[]>((rulesetIds ?? []).map((id) => [id, []]));
      if (rulesetIds !== undefined && rulesetIds.length === 0) return out;
      let q = db.selectFrom('rules').select(['id', 'ruleset_id']).where('org_id', '=', orgId);
      if (rulesetIds !== undefined) q = q.where('ruleset_id', 'in', rulesetIds);
      for (const r of await q.orderBy('created_at').orderBy('id').execute()) {
        const list = out.get(r.ruleset_id);
        if (list) list.push(r.id);
        else out.set(r.ruleset_id, [r.id]);
      }
      return out;
    },

    async existingRuleIds(orgId, ids) {
      const found: string[] = [];
      for (const part of inChunks([...new Set(ids)])) {
        const rows = await db.selectFrom('rules').select('id').where('org_id', '=', orgId).where('id', 'in', part).execute();
        found.push(...rows.map((r) => r.id));
      }
      return found;
    },

    async moveRules(orgId, ruleIds, rulesetId) {
      const now = Date.now();
      return db.transaction().execute(async (trx) => {
        const target = await trx
          .selectFrom('rulesets')
          .select('id')
          .where('id', '=', rulesetId)
          .where('org_id', '=', orgId)
          .executeTakeFirst();
        if (!target) throw new StoreNotFoundError('ruleset not found');
        const moved = await moveInto(trx, orgId, ruleIds, rulesetId, now);
        if (moved.length > 0) {
          await trx.updateTable('rulesets').set({ updated_at: now }).where('id', '=', rulesetId).execute();
        }
        return moved.length;
      });
    },

    async createRule(input) {
      const createdAt = epochMs(input.createdAt ?? Date.now(), 'rule createdAt');
      const row = ruleRow(input, input.id ?? randomUUID(), createdAt, createdAt);
      await guard('rule', () => db.insertInto('rules').values(row).execute());
      return toRule(row);
    },

    async listRules(orgId, rulesetId) {
      const rows = await db
        .selectFrom('rules')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('ruleset_id', '=', rulesetId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },

    async enabledRulesOfType(orgId, type) {
      const rows = await db
        .selectFrom('rules')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('type', '=', type)
        .where('enabled', '=', 1)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },

    async getRule(orgId, id) {
      const row = await getRuleRow(db, orgId, id);
      return row && toRule(row);
    },

    async updateRule(orgId, id, changes) {
      const now = Date.now();
      return guard('rule', () =>
        db.transaction().execute(async (trx) => {
          const row = await getRuleRow(trx, orgId, id);
          if (!row) return undefined;
          const current = toRule(row);
          // Explicit `undefined`s in `changes` mean "unchanged" like omitted keys.
          const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
          const merged: NewRule = { ...current, ...defined, orgId, rulesetId: current.rulesetId };
          const next = ruleRow(merged, id, current.createdAt, Math.max(now, current.createdAt));
          await trx.updateTable('rules').set(next).where('id', '=', id).where('org_id', '=', orgId).execute();
          return toRule(next);
        }),
      );
    },

    async disableRule(orgId, id, reason, at = Date.now()) {
      epochMs(at, 'rule disabled time');
      const row = await getRuleRow(db, orgId, id);
      if (!row || row.enabled !== 1) return undefined;
      // updated_at moves so every process's rules fingerprint changes and its detection reloads; the
      // `enabled` condition makes a second process's attempt a no-op.
      const next = { ...row, enabled: 0, disabled_reason: reason, updated_at: Math.max(at, row.created_at) };
      const res = await db
        .updateTable('rules')
        .set({ enabled: 0, disabled_reason: reason, updated_at: next.updated_at })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 0 ? undefined : toRule(next);
    },

    async deleteRule(orgId, id) {
      const res = await db.deleteFrom('rules').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async setRuleTags(orgId, ruleId, tags) {
      const clean = cleanTags(tags);
      // updated_at stays: the API serves tags apart from the rule, whose visible fields do not change.
      const res = await guard('rule tags', () =>
        db
          .updateTable('rules')
          .set({ tags: JSON.stringify(clean) })
          .where('org_id', '=', orgId)
          .where('id', '=', ruleId)
          .executeTakeFirst(),
      );
      return Number(res.numUpdatedRows) > 0 ? clean : undefined;
    },

    async listRulesetsForAgent(orgId, agentId) {
      const agent = await db
        .selectFrom('agents')
        .select('tags')
        .where('id', '=', agentId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!agent) return undefined;
      const agentTags = JSON.parse(agent.tags) as AgentTag[];
      // Tags are JSON text, so matching happens here; an organization has hundreds of rules, not millions.
      const rules = await db.selectFrom('rules').select(['ruleset_id', 'tags']).where('org_id', '=', orgId).execute();
      const applying = new Set(
        rules.filter((r) => ruleAppliesTo(JSON.parse(r.tags) as RuleTags, agentTags)).map((r) => r.ruleset_id),
      );
      return (await repo.list(orgId)).filter((rs) => applying.has(rs.id));
    },
  };
  return repo;
}
