/**
 * `@vigil/store`: the database layer of Vigil (SQLite or PostgreSQL through Kysely).
 * @module
 */
export { describeStoreUrl, openStore, parseStoreUrl } from './open-store.js';
export { ruleAppliesTo } from './repos/rulesets.js';
export { emptyInstance } from './repos/servers.js';
export { batchEventId } from './internal/batch-payload.js';
export {
  StoreConflictError,
  StoreDecryptionError,
  StoreError,
  StoreNotFoundError,
  StoreValidationError,
} from './errors.js';
export {
  AGENT_STATUSES,
  AGENT_TYPES,
  DISMISS_REASONS,
  PACKAGE_CHANGE_KINDS,
  PACKAGE_MANAGERS,
  ROLES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
  type AgentStatus,
  type AgentType,
  type DismissReason,
  type PackageChangeKind,
  type PackageManager,
  type Role,
  type WebhookDeliveryStatus,
  type WebhookFormat,
} from './vocabulary.js';
export type * from './store-types.js';
export type * from './shared-types.js';
export type * from './repos/agents-types.js';
export type * from './repos/alerts-types.js';
export type * from './repos/alert-stats-types.js';
export { MAX_SERIES_BUCKETS, MAX_TOP, SERIES_BUCKETS_MS, seriesBucketFor } from './repos/alert-stats-types.js';
export type * from './repos/api-keys-types.js';
export type * from './repos/audit-logs-types.js';
export type * from './repos/change-counters-types.js';
export type * from './repos/console-sessions-types.js';
export type * from './repos/deploy-keys-types.js';
export type * from './repos/detection-types.js';
export type * from './repos/indicator-lifecycle-types.js';
export type * from './repos/indicators-types.js';
export type * from './repos/ingest-types.js';
export type * from './repos/inventory-types.js';
export type * from './repos/advisories-types.js';
export type * from './repos/findings-types.js';
export type * from './repos/vuln-suppressions-types.js';
export type * from './repos/vulnerabilities-types.js';
export { VULNERABILITY_STATUSES } from './repos/vulnerabilities-types.js';
export type * from './repos/invites-types.js';
export type * from './repos/memberships-types.js';
export type * from './repos/oauth-types.js';
export type * from './repos/organizations-types.js';
export type * from './repos/passwords-types.js';
export type * from './repos/retention-types.js';
export type * from './repos/rulesets-types.js';
export type * from './repos/servers-types.js';
export type * from './repos/taxii-types.js';
export type * from './repos/threat-objects-types.js';
export type * from './repos/threatq-workflow-types.js';
export type * from './repos/users-types.js';
export type * from './repos/webhooks-types.js';
export { generateDemoDataset, loadDemoDataset, type DemoOptions, type DemoSummary } from './demo/index.js';
