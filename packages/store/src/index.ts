/**
 * `@vigil/store`: the database layer of Vigil (SQLite or PostgreSQL through Kysely).
 * @module
 */
export { describeStoreUrl, openStore, parseStoreUrl } from './open-store.js';
export { ruleAppliesTo } from './repos/rulesets.js';
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
  ROLES,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
} from './vocabulary.js';
export type * from './types.js';
export type * from './threat-object-types.js';
export type * from './indicator-lifecycle-types.js';
export type * from './taxii-types.js';
export type * from './threatq-workflow-types.js';
export { generateDemoDataset, loadDemoDataset, type DemoOptions, type DemoSummary } from './demo/index.js';
