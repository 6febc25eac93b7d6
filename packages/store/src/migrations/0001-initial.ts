/**
 * The initial schema. Written with Kysely's schema builder only, so the same code produces valid DDL for
 * SQLite and PostgreSQL: TEXT for ids and JSON, BIGINT for epoch-ms times, INTEGER 0/1 for booleans.
 * @module
 */
import { sql, type Kysely, type Migration } from 'kysely';

const ROLES = sql`role in ('owner', 'user', 'reader')`;

/**
 * Creates every table and the indexes the list queries rely on.
 *
 * ```ts
 * await initial.up(db);
 * ```
 */
export const initial: Migration = {
  // Migrations must not depend on the evolving `Database` type, hence Kysely<any>.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_norm', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sso_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mfa_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_authenticated_at', 'bigint')
      .execute();
    await db.schema.createIndex('users_email_norm_unique').unique().on('users').column('email_norm').execute();

    await db.schema
      .createTable('memberships')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['org_id', 'user_id'])
      .addCheckConstraint('memberships_role_check', ROLES)
      .execute();
    await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_ciphertext', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    // At most one active key per user; also the index the per-request credentials join uses.
    await db.schema
      .createIndex('api_keys_active_unique')
      .unique()
      .on('api_keys')
      .column('user_id')
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    await db.schema.createIndex('api_keys_user_idx').on('api_keys').columns(['user_id', 'created_at']).execute();

    await db.schema
      .createTable('invites')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('invited_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('invites_role_check', ROLES)
      .addCheckConstraint('invites_status_check', sql`status in ('pending', 'accepted', 'revoked')`)
      .execute();
    await db.schema.createIndex('invites_org_idx').on('invites').columns(['org_id', 'created_at', 'id']).execute();

    await db.schema
      .createTable('agents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('instance_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_reported_at', 'bigint')
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('hostname', 'text', (c) => c.notNull())
      .addColumn('ip_addresses', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('agent_type', 'text', (c) => c.notNull())
      .addColumn('os_version', 'text', (c) => c.notNull())
      .addColumn('kernel', 'text', (c) => c.notNull())
      .addColumn('agent_module_health', 'text', (c) => c.notNull())
      .addCheckConstraint('agents_status_check', sql`status in ('online', 'offline')`)
      .addCheckConstraint('agents_type_check', sql`agent_type in ('monitor', 'investigate')`)
      .execute();
    await db.schema
      .createIndex('agents_list_idx')
      .on('agents')
      .columns(['org_id', 'status', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('rulesets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // Target of the rules' composite foreign key, which keeps a rule in its ruleset's organization.
      .addUniqueConstraint('rulesets_org_id_unique', ['org_id', 'id'])
      .execute();

    await db.schema
      .createTable('rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('ruleset_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity_of_alerts', 'integer', (c) => c.notNull())
      .addColumn('alert_description', 'text', (c) => c.notNull())
      .addColumn('aggregate_fields', 'text', (c) => c.notNull())
      .addColumn('filter', 'text', (c) => c.notNull())
      .addColumn('time_window', 'bigint', (c) => c.notNull())
      .addColumn('threshold', 'bigint', (c) => c.notNull())
      .addColumn('suppressions', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('rules_ruleset_fk', ['org_id', 'ruleset_id'], 'rulesets', ['org_id', 'id'], (fk) =>
        fk.onDelete('cascade'),
      )
      .addCheckConstraint('rules_severity_check', sql`severity_of_alerts in (1, 2, 3)`)
      .execute();
    await db.schema
      .createIndex('rules_ruleset_idx')
      .on('rules')
      .columns(['org_id', 'ruleset_id', 'created_at'])
      .execute();

    // agent_id / rule_id / ruleset_id are deliberately not foreign keys: alerts are history and must
    // survive (and be insertable regardless of) the lifecycle of the agent or rule that produced them.
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('data_source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('severity', 'integer', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('rule_id', 'text')
      .addColumn('ruleset_id', 'text')
      .addColumn('is_dismissed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('dismissed_at', 'bigint')
      .addColumn('dismiss_reason', 'text')
      .addColumn('dismiss_reason_text', 'text')
      .addColumn('dismissed_by', 'text')
      .addColumn('aggregates', 'text', (c) => c.notNull())
      .addCheckConstraint('alerts_severity_check', sql`severity in (1, 2, 3)`)
      .addCheckConstraint(
        'alerts_dismiss_reason_check',
        sql`dismiss_reason is null or dismiss_reason in ('BUSINESS_OP', 'COMPANY_POLICY', 'MAINTENANCE', 'OTHER')`,
      )
      .execute();
    // The trailing severity makes severityCounts an index-only scan and lets the list's severity filter
    // skip rows without visiting the table.
    await db.schema
      .createIndex('alerts_list_idx')
      .on('alerts')
      .columns(['org_id', 'is_dismissed', 'created_at', 'id', 'severity'])
      .execute();
    // Every query filtering by rule/agent/ruleset also pins is_dismissed, so it sits before created_at:
    // with three equality columns the planner picks these over alerts_list_idx without needing ANALYZE,
    // and the trailing id lets ORDER BY created_at DESC, id DESC come straight from the index.
    await db.schema
      .createIndex('alerts_rule_idx')
      .on('alerts')
      .columns(['org_id', 'rule_id', 'is_dismissed', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_agent_idx')
      .on('alerts')
      .columns(['org_id', 'agent_id', 'is_dismissed', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_ruleset_idx')
      .on('alerts')
      .columns(['org_id', 'ruleset_id', 'is_dismissed', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('alert_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('alert_events_alert_idx')
      .on('alert_events')
      .columns(['alert_id', 'timestamp'])
      .execute();

    // No foreign key to organizations: the audit trail must accept (and outlive) whatever it is told about.
    await db.schema
      .createTable('audit_logs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('user_email', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('crud', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('event_time', 'bigint', (c) => c.notNull())
      .addColumn('context', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_logs_list_idx')
      .on('audit_logs')
      .columns(['org_id', 'event_time', 'id'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'audit_logs',
      'alert_events',
      'alerts',
      'rules',
      'rulesets',
      'agents',
      'invites',
      'api_keys',
      'memberships',
      'users',
      'organizations',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
