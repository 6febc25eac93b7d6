export { buildApp, REDACTED_PATHS, type AppOptions } from './app.js';
export { bootstrap, newId, type BootstrapResult } from './bootstrap.js';
export { installBaseRuleSet, type InstallBaseRuleSetResult } from './default-rules.js';
export { loadConfig, type Config, type BootstrapConfig, type IngestConfig, type RateLimitConfig, type RetentionConfig } from './config.js';
export { ApiError, apiError, ERRORS, type ErrorCode } from './errors.js';
export { parseIsoTime, parseTimeRange, formatTime } from './http/time.js';
export { pageTokenCodec, type PageTokenCodec } from './http/page-token.js';
export { resolveSecret } from './secret.js';
export { startServer, type RunningServer, type StartOptions } from './serve.js';
export { startAgentStatusWorker, type AgentStatusWorker, type AgentStatusOptions } from './workers/agent-status.js';
export { startVulnerabilityMatchingWorker, type VulnerabilityMatchingWorker, type MatchPass } from './workers/vulnerability-matching.js';
export { leaderLease, type LeaderLease } from './workers/leader-lease.js';
export { startRetentionWorker, type RetentionWorker, type RetentionWorkerOptions } from './workers/retention.js';
export { startAdvisoryImportWorker, type AdvisoryImportWorker, type AdvisoryImportOptions, type FeedPassResult } from './workers/advisory-import.js';
export { downloadFeed, redactUrl, type DownloadLimits, type DownloadedFeed } from './advisories/download-feed.js';
export {
  CONCURRENCY as WEBHOOK_CONCURRENCY,
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from './workers/webhook-delivery.js';
export { deliverOptionsFrom, type DeliverOptions } from './webhooks/deliver.js';
export { webhookPayload, type PayloadContext } from './webhooks/payloads.js';
export { newWebhookSecret, signedHeaders } from './webhooks/sign.js';
