/**
 * Opening a store: picking the dialect from the URL, migrating, and wiring the repositories.
 * @module
 */
import { resolve } from 'node:path';
import { Kysely, sql, type Dialect } from 'kysely';
import { createKeyDigest } from './crypto/key-digest.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createPostgresDialect } from './dialects/postgres.js';
import { createSqliteDialect } from './dialects/sqlite.js';
import { createAccessTokenCache } from './internal/access-token-cache.js';
import { createCredentialsCache } from './internal/credentials-cache.js';
import { createQueryTemplates } from './internal/query-templates.js';
import { kyselyReadPath, sqliteReadPath, type ReadPath } from './internal/read-path.js';
import { migrateToLatest } from './migrations/index.js';
import { createAgentsRepo } from './repos/agents.js';
import { createAlertsRepo } from './repos/alerts.js';
import { createApiKeysRepo } from './repos/api-keys.js';
import { createAuditLogsRepo } from './repos/audit-logs.js';
import { createDeployKeysRepo } from './repos/deploy-keys.js';
import { createDetectionRepo } from './repos/detection.js';
import { createIngestRepo } from './repos/ingest.js';
import { createInventoryRepo } from './repos/inventory.js';
import { createAdvisoriesRepo } from './repos/advisories.js';
import { createFindingsRepo } from './repos/findings.js';
import { createVulnSuppressionsRepo } from './repos/vuln-suppressions.js';
import { createVulnerabilitiesRepo } from './repos/vulnerabilities.js';
import { createServersRepo } from './repos/servers.js';
import { createAlertStatsRepo } from './repos/alert-stats.js';
import { createChangeCountersRepo } from './repos/change-counters.js';
import { createInvitesRepo } from './repos/invites.js';
import { createMembershipsRepo } from './repos/memberships.js';
import { createOrganizationsRepo } from './repos/organizations.js';
import { createRetentionRepo } from './repos/retention.js';
import { createRulesetsRepo } from './repos/rulesets.js';
import { createUsersRepo } from './repos/users.js';
import { createWebhooksRepo } from './repos/webhooks.js';
import { createIndicatorsRepo } from './repos/indicators.js';
import { createThreatEventsRepo } from './repos/threat-events.js';
import { createAdversariesRepo } from './repos/adversaries.js';
import { createAttachmentsRepo } from './repos/attachments.js';
import { createObjectLinksRepo } from './repos/object-links.js';
import { createIndicatorSearchRepo } from './repos/indicator-search.js';
import { createIndicatorLifecycleRepo } from './repos/indicator-lifecycle.js';
import { createTaxiiCollectionsRepo } from './repos/taxii-collections.js';
import { createTaxiiObjectIdsRepo } from './repos/taxii-object-ids.js';
import { createTaxiiStatusRepo } from './repos/taxii-status.js';
import { createImportJobsRepo } from './repos/import-jobs.js';
import { createAttachmentUploadsRepo } from './repos/attachment-uploads.js';
import { createEventTypesRepo } from './repos/event-types.js';
import { createOAuthRepo } from './repos/oauth.js';
import { createPasswordsRepo } from './repos/passwords.js';
import { createConsoleSessionsRepo } from './repos/console-sessions.js';
import type { Database } from './schema.js';
import type { DialectName } from './shared-types.js';
import type { OpenStoreOptions, Store } from './store-types.js';

/**
 * Parses a store URL into the dialect and its target: the SQLite file path (`:memory:` for
 * `sqlite::memory:`; `sqlite:///abs/path` is accepted as `/abs/path`) or the PostgreSQL URL unchanged.
 *
 * ```ts
 * parseStoreUrl('sqlite:./data/vigil.db'); // { dialect: 'sqlite', target: './data/vigil.db' }
 * ```
 */
export function parseStoreUrl(url: string): { dialect: DialectName; target: string } {
  if (typeof url !== 'string') throw new Error('store url must be a string');
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new Error(`store url ${JSON.stringify(url)} has no SQLite file path`);
    return { dialect: 'sqlite', target: path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', target: url };
  // Only the scheme is echoed: the rest may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(
    `unsupported store url scheme ${scheme}; use sqlite:<path>, sqlite::memory:, postgres:// or postgresql://`,
  );
}

/**
 * Names a store for messages: the SQLite file's absolute path, or the PostgreSQL URL without its password.
 *
 * ```ts
 * describeStoreUrl('postgres://vigil:pw@db/vigil'); // 'postgres://vigil@db/vigil'
 * ```
 */
export function describeStoreUrl(url: string): string {
  const { dialect, target } = parseStoreUrl(url);
  if (dialect === 'sqlite') return target === ':memory:' ? 'sqlite::memory:' : resolve(target);
  try {
    const parsed = new URL(target);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'a PostgreSQL database (unparsable URL)';
  }
}

/**
 * Opens the database at `options.url`, applies pending migrations (unless `migrate: false`) and returns
 * the repositories. Call `close()` when done.
 *
 * ```ts
 * const store = await openStore({ url: 'sqlite:./data/vigil.db', secret: process.env.VIGIL_SECRET! });
 * if (await store.isEmpty()) await store.organizations.create({ name: 'Default' });
 * await store.close();
 * ```
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { dialect, target } = parseStoreUrl(options.url);
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new Error('store secret must be a non-empty string');
  }
  const box = createSecretBox(options.secret);
  const kyselyDialect: Dialect = dialect === 'sqlite' ? createSqliteDialect(target, { checkpointWorker: options.checkpointWorker }) : createPostgresDialect(target);
  const db = new Kysely<Database>({ dialect: kyselyDialect });

  try {
    if (options.migrate === false) await sql`select 1`.execute(db); // fail fast on a bad URL
    else await migrateToLatest(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }

  let read: ReadPath;
  try {
    read = dialect === 'sqlite' && target !== ':memory:' ? sqliteReadPath(target) : kyselyReadPath(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  const templates = createQueryTemplates(read);
  const credentialsCache = createCredentialsCache();
  const byKeyCache = createCredentialsCache();
  const accessTokens = createAccessTokenCache();
  const digestOf = createKeyDigest(options.secret);
  const apiKeys = createApiKeysRepo(db, dialect, box, templates, credentialsCache, digestOf, byKeyCache);
  if (options.migrate !== false) {
    try {
      await apiKeys.backfillDigests();
    } catch (err) {
      read.close();
      await db.destroy().catch(() => {});
      throw err;
    }
  }

  let closing: Promise<void> | undefined;
  return {
    dialect,
    organizations: createOrganizationsRepo(db),
    users: createUsersRepo(db),
    memberships: createMembershipsRepo(db, () => {
      credentialsCache.clear();
      byKeyCache.clear();
      accessTokens.clear();
    }),
    apiKeys,
    invites: createInvitesRepo(db),
    agents: createAgentsRepo(db, dialect, templates),
    rulesets: createRulesetsRepo(db),
    alerts: createAlertsRepo(db, dialect, templates),
    alertStats: createAlertStatsRepo(db, dialect),
    auditLogs: createAuditLogsRepo(db),
    deployKeys: createDeployKeysRepo(db, dialect, box),
    ingest: createIngestRepo(db, dialect, box, templates),
    inventory: createInventoryRepo(db, dialect),
    advisories: createAdvisoriesRepo(db, dialect),
    findings: createFindingsRepo(db, dialect),
    vulnSuppressions: createVulnSuppressionsRepo(db),
    vulnerabilities: createVulnerabilitiesRepo(db, dialect),
    servers: createServersRepo(db, dialect),
    changes: createChangeCountersRepo(db, templates),
    detection: createDetectionRepo(db, dialect),
    retention: createRetentionRepo(db),
    webhooks: createWebhooksRepo(db, dialect, box),
    passwords: createPasswordsRepo(db, accessTokens.clear),
    oauth: createOAuthRepo(db, templates, accessTokens),
    consoleSessions: createConsoleSessionsRepo(db),
    indicators: createIndicatorsRepo(db, templates),
    threatEvents: createThreatEventsRepo(db),
    adversaries: createAdversariesRepo(db),
    attachments: createAttachmentsRepo(db),
    objectLinks: createObjectLinksRepo(db),
    indicatorSearch: createIndicatorSearchRepo(db),
    indicatorLifecycle: createIndicatorLifecycleRepo(db),
    taxiiCollections: createTaxiiCollectionsRepo(db),
    taxiiStatus: createTaxiiStatusRepo(db),
    taxiiObjectIds: createTaxiiObjectIdsRepo(db),
    importJobs: createImportJobsRepo(db),
    attachmentUploads: createAttachmentUploadsRepo(db),
    eventTypes: createEventTypesRepo(db),

    async isEmpty() {
      const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
      return row === undefined;
    },

    async ping() {
      await sql`select 1`.execute(db);
    },

    close() {
      if (closing === undefined) {
        read.close();
        closing = db.destroy();
      }
      return closing;
    },
  };
}
