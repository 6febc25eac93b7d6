/**
 * The in-code migration list. Names sort in application order; never rename or edit a released
 * migration, add a new file instead.
 * @module
 */
import { Migrator, SqliteAdapter, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { ruleDetails } from './0002-rule-details.js';
import { agentIngest } from './0003-agent-ingest.js';
import { changeCounters } from './0004-change-counters.js';
import { detection } from './0005-detection.js';
import { webhooks } from './0006-webhooks.js';
import { apiKeyDigest } from './0007-api-key-digest.js';
import { webhookTestDeliveries } from './0008-webhook-test-deliveries.js';
import { eventBatchPayloads } from './0009-event-batch-payloads.js';
import { threatLibrary } from './0010-threat-library.js';
import { threatObjects } from './0012-threat-objects.js';
import { indicatorLifecycle } from './0011-indicator-lifecycle.js';
import { taxiiCollections } from './0013-taxii-collections.js';
import { taxiiStatus } from './0014-taxii-status.js';
import { threatqImports } from './0015-threatq-imports.js';
import { intelChangeCounters } from './0016-intel-change-counters.js';
import { alertsCreatedIndex } from './0017-alerts-created-index.js';
import { indicatorValueLookups } from './0018-indicator-value-lookups.js';
import { oauthTokenFamilies } from './0020-oauth-token-families.js';
import { ruleDisabledReason } from './0021-rule-disabled-reason.js';
import { agentInventory } from './0022-agent-inventory.js';
import { vulnerabilities } from './0023-vulnerabilities.js';
import { advisoriesUpdatedIndex } from './0025-advisories-updated-index.js';
import { advisoriesChangeCounter } from './0026-advisories-change-counter.js';
import { importedServers } from './0026-imported-servers.js';
import { consoleSessions } from './0027-console-sessions.js';
import { alertCounts } from './0028-alert-counts.js';
import { statementChangeCounters } from './0029-statement-change-counters.js';
import { vulnFindingDigests } from './0030-vuln-finding-digests.js';
import { vulnFindingGroups } from './0031-vuln-finding-groups.js';
import { alertCountsLevels } from './0032-alert-counts-levels.js';
import { rebuildSqliteIndicatorsKey } from './sqlite-indicators-key.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-rule-details': ruleDetails,
  '0003-agent-ingest': agentIngest,
  '0004-change-counters': changeCounters,
  '0005-detection': detection,
  '0006-webhooks': webhooks,
  '0007-api-key-digest': apiKeyDigest,
  '0008-webhook-test-deliveries': webhookTestDeliveries,
  '0009-event-batch-payloads': eventBatchPayloads,
  '0010-threat-library': threatLibrary,
  '0012-threat-objects': threatObjects,
  '0011-indicator-lifecycle': indicatorLifecycle,
  '0013-taxii-collections': taxiiCollections,
  '0014-taxii-status': taxiiStatus,
  '0015-threatq-imports': threatqImports,
  '0016-intel-change-counters': intelChangeCounters,
  '0017-alerts-created-index': alertsCreatedIndex,
  '0018-indicator-value-lookups': indicatorValueLookups,
  '0020-oauth-token-families': oauthTokenFamilies,
  '0021-rule-disabled-reason': ruleDisabledReason,
  '0022-agent-inventory': agentInventory,
  '0023-vulnerabilities': vulnerabilities,
  '0025-advisories-updated-index': advisoriesUpdatedIndex,
  '0026-advisories-change-counter': advisoriesChangeCounter,
  '0026-imported-servers': importedServers,
  '0027-console-sessions': consoleSessions,
  '0028-alert-counts': alertCounts,
  '0029-statement-change-counters': statementChangeCounters,
  '0030-vuln-finding-digests': vulnFindingDigests,
  '0031-vuln-finding-groups': vulnFindingGroups,
  '0032-alert-counts-levels': alertCountsLevels,
};

/** Every migration name, in application order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** Serves the bundled migrations to Kysely's Migrator (no filesystem access, works from dist and src). */
export const provider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};

/**
 * Applies every pending migration; safe to call on every start (already-applied ones are skipped, and on
 * PostgreSQL Kysely serializes concurrent migrators with an advisory lock).
 *
 * ```ts
 * await migrateToLatest(db);
 * ```
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = String((error as Error)?.message ?? error) || String((error as NodeJS.ErrnoException)?.code ?? 'unknown error');
    // No failed migration: the database could not be reached or read at all (wrong URL, server down).
    const what = failed ? `store migration ${failed} failed` : 'cannot migrate the database (check that it runs and that the URL, user and password are right)';
    throw new Error(`${what}: ${reason}`, {
      cause: error,
    });
  }
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqliteIndicatorsKey(db);
}
