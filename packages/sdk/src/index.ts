/**
 * `@vigil/sdk`: a TypeScript client for Vigil's Threat Stack-compatible REST v2 API.
 *
 * ```ts
 * import { VigilClient } from '@vigil/sdk';
 * const client = VigilClient.fromEnv();
 * for await (const alert of client.alerts.list({ status: 'active' })) console.log(alert.title);
 * ```
 * @module
 */
export { VigilClient, type ClientOptions, type RawRequest } from './client.js';
export {
  AgentClient,
  type AgentClientOptions,
  type AgentConnectionOptions,
  type AgentRegisterOptions,
  type SendEventsOptions,
} from './agent/agent-client.js';
export type * from './agent/agent-types.js';
export { encodeBatch, encodeJsonBody, encodeNdjsonLines, type BatchEncoding, type EncodedBatch } from './agent/encode-batch.js';
export { configFromEnv, DEFAULT_BASE_URL, type EnvConfig } from './config/env.js';
export { loadThreatStackConfig, type ThreatStackConfig } from './config/threatstack-cfg.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServerAuthorizationError,
  TimeoutError,
  VigilError,
  type ApiErrorInit,
} from './errors.js';
export type { BackoffOptions } from './http/backoff.js';
export type { QueryValue } from './http/query.js';
export { socketErrorCode } from './http/socket-errors.js';
export type { ApiResponse, RequestSpec } from './http/request-spec.js';
export type { ListPromise, Page } from './paging.js';
export { AgentsResource, type AgentListParams } from './resources/agents.js';
export {
  AlertsResource,
  type AlertListParams,
  type DismissByIds,
  type DismissByQuery,
  type DismissReason,
} from './resources/alerts.js';
export { AuditLogsResource, type AuditLogListParams } from './resources/audit-logs.js';
export { MembersResource, type Role } from './resources/members.js';
export { RulesResource, type RuleInput, type TagInput } from './resources/rules.js';
export { RulesetsResource, type RulesetInput } from './resources/rulesets.js';
export {
  VulnerabilitiesResource,
  VulnSuppressionsResource,
  type VulnerabilityListParams,
  type VulnerabilityStatus,
  type VulnerabilityStatusParams,
} from './resources/vulnerabilities.js';
export { ServersResource, type ServerImportInput, type ServerListParams } from './resources/servers.js';
export { WebhooksResource, type WebhookCreateInput, type WebhookInput } from './resources/webhooks.js';
export type * from './types.js';
export type * from './server-types.js';
export type * from './vulnerability-types.js';
export { ThreatLibraryClient, THREAT_LIBRARY_ENV, type ThreatLibraryOptions } from './threatq-client.js';
export { IndicatorsResource, CONSUME_CHUNK_SIZE, type ConsumeOptions, type ExportFilters, type IndicatorListParams } from './resources/threatq/indicators.js';
export { OAuthClientsResource } from './resources/threatq/oauth-clients.js';
export { EventsResource, type EventListParams } from './resources/threatq/events.js';
export { AdversariesResource, type AdversaryListParams } from './resources/threatq/adversaries.js';
export { AttachmentsResource, UPLOAD_CHUNK_BYTES, type AttachmentListParams, type AttachmentPatch, type AttachmentUpload, type AttachmentUploadContext } from './resources/threatq/attachments.js';
export { RelationsResource, OBJECT_KINDS, MAX_RELATION_IDS, type TqObjectRef, type TqRelated } from './resources/threatq/relations.js';
export { ContextResource, CONTEXT_KINDS, type TqContextAdd, type TqContextItems } from './resources/threatq/context.js';
export { ImportsResource, type ImportJobInput, type ImportJobOptions, type TextImportInput } from './resources/threatq/imports.js';
export { ExportsResource, type StixBundle } from './resources/threatq/exports.js';
export { TaxiiCollectionsResource, type TaxiiCollectionInput } from './resources/threatq/taxii-collections.js';
export { WhitelistResource, type WhitelistInput } from './resources/threatq/whitelist.js';
export type * from './threatq-types.js';
export type * from './threatq-object-types.js';
