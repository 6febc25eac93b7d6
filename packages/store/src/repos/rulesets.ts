/**
 * Rulesets and their rules.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { Database, RulesTable, RulesetsTable } from '../schema.js';
import type { Rule, Ruleset, RulesetsRepo } from '../types.js';

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

function toRule(row: Selectable<RulesTable>): Rule {
  return {
    id: row.id,
    orgId: row.org_id,
    rulesetId: row.ruleset_id,
    name: row.name,
    type: row.type,
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
}

/**
 * Creates the rulesets repository. A rule's ruleset must belong to the rule's organization (enforced by a
 * composite foreign key; violations throw StoreNotFoundError).
 *
 * ```ts
 * const rulesets = createRulesetsRepo(db);
 * const rs = await rulesets.create({ orgId, name: 'Base Rule Set', description: '' });
 * ```
 */
export function createRulesetsRepo(db: Kysely<Database>): RulesetsRepo {
  return {
    async create(input) {
      const createdAt = epochMs(input.createdAt ?? Date.now(), 'ruleset createdAt');
      const row = {
        id: input.id ?? randomUUID(),
        org_id: input.orgId,
        name: input.name,
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

    async createRule(input) {
      if (![1, 2, 3].includes(input.severityOfAlerts)) {
        throw new StoreValidationError('rule severityOfAlerts must be 1, 2 or 3');
      }
      const createdAt = epochMs(input.createdAt ?? Date.now(), 'rule createdAt');
      const row = {
        id: input.id ?? randomUUID(),
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
        updated_at: createdAt,
      };
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

    async getRule(orgId, id) {
      const row = await db
        .selectFrom('rules')
        .selectAll()
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      return row && toRule(row);
    },
  };
}
