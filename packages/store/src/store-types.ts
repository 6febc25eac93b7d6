/**
 * The storage contract the server, CLI and demo loader program against: one repository per concern (each
 * repository's types sit next to it in `repos/`). JSON-ish columns are returned parsed. Every read and write
 * of tenant data takes an `orgId` so another organization's rows are never visible.
 * @module
 */
import type { IndicatorLifecycleRepo, IndicatorSearchRepo } from './repos/indicator-lifecycle-types.js';
import type { AgentsRepo } from './repos/agents-types.js';
import type { AlertsRepo } from './repos/alerts-types.js';
import type { AlertStatsRepo } from './repos/alert-stats-types.js';
import type { ApiKeysRepo } from './repos/api-keys-types.js';
import type { AuditLogsRepo } from './repos/audit-logs-types.js';
import type { ChangeCountersRepo } from './repos/change-counters-types.js';
import type { DeployKeysRepo } from './repos/deploy-keys-types.js';
import type { DetectionRepo } from './repos/detection-types.js';
import type { IndicatorsRepo } from './repos/indicators-types.js';
import type { IngestRepo } from './repos/ingest-types.js';
import type { InventoryRepo } from './repos/inventory-types.js';
import type { AdvisoriesRepo } from './repos/advisories-types.js';
import type { FindingsRepo } from './repos/findings-types.js';
import type { VulnSuppressionsRepo } from './repos/vuln-suppressions-types.js';
import type { VulnerabilitiesRepo } from './repos/vulnerabilities-types.js';
import type { InvitesRepo } from './repos/invites-types.js';
import type { MembershipsRepo } from './repos/memberships-types.js';
import type { OAuthRepo } from './repos/oauth-types.js';
import type { ConsoleSessionsRepo } from './repos/console-sessions-types.js';
import type { OrganizationsRepo } from './repos/organizations-types.js';
import type { PasswordsRepo } from './repos/passwords-types.js';
import type { RetentionRepo } from './repos/retention-types.js';
import type { RulesetsRepo } from './repos/rulesets-types.js';
import type { ServersRepo } from './repos/servers-types.js';
import type { UsersRepo } from './repos/users-types.js';
import type { DialectName } from './shared-types.js';
import type { TaxiiCollectionsRepo, TaxiiObjectIdsRepo, TaxiiStatusRepo } from './repos/taxii-types.js';
import type { AdversariesRepo, AttachmentsRepo, ObjectLinksRepo, ThreatEventsRepo } from './repos/threat-objects-types.js';
import type { AttachmentUploadsRepo, EventTypesRepo, ImportJobsRepo } from './repos/threatq-workflow-types.js';
import type { WebhooksRepo } from './repos/webhooks-types.js';

export interface Store {
  readonly dialect: DialectName;
  readonly organizations: OrganizationsRepo;
  readonly users: UsersRepo;
  readonly memberships: MembershipsRepo;
  readonly apiKeys: ApiKeysRepo;
  readonly invites: InvitesRepo;
  readonly agents: AgentsRepo;
  readonly rulesets: RulesetsRepo;
  readonly alerts: AlertsRepo;
  /** the dashboard's counts of active alerts over any range, from rollups kept by triggers (0028) */
  readonly alertStats: AlertStatsRepo;
  readonly auditLogs: AuditLogsRepo;
  readonly deployKeys: DeployKeysRepo;
  readonly ingest: IngestRepo;
  /** the packages installed on each agent's host, and their history */
  readonly inventory: InventoryRepo;
  /** imported vulnerability advisories, global to every organization (0023) */
  readonly advisories: AdvisoriesRepo;
  /** what the matcher found per organization and agent (0023) */
  readonly findings: FindingsRepo;
  /** per-organization suppressions of vulnerability findings (0023) */
  readonly vulnSuppressions: VulnSuppressionsRepo;
  /** findings grouped per CVE, host and package with suppressions applied: the REST v2 read model (0023) */
  readonly vulnerabilities: VulnerabilitiesRepo;
  /** cloud instances: monitored (an AWS agent reports them) and imported from the user's cloud account export */
  readonly servers: ServersRepo;
  readonly changes: ChangeCountersRepo;
  readonly detection: DetectionRepo;
  readonly retention: RetentionRepo;
  readonly webhooks: WebhooksRepo;
  /** console/ThreatQ login passwords of users (0010) */
  readonly passwords: PasswordsRepo;
  /** OAuth clients and bearer tokens of the ThreatQ-compatible API (0010) */
  readonly oauth: OAuthRepo;
  /** console sign-ins: the server side of the session cookie (0027) */
  readonly consoleSessions: ConsoleSessionsRepo;
  /** the threat library's indicators (0010) */
  readonly indicators: IndicatorsRepo;
  /** threat-library events, adversaries, attachments and the relations between objects (0012) */
  readonly threatEvents: ThreatEventsRepo;
  readonly adversaries: AdversariesRepo;
  readonly attachments: AttachmentsRepo;
  readonly objectLinks: ObjectLinksRepo;
  /** indicator search, bulk status and delete (0011) */
  readonly indicatorSearch: IndicatorSearchRepo;
  /** manual scores, comments, links by pivot id, expiration policies and the whitelist (0011) */
  readonly indicatorLifecycle: IndicatorLifecycleRepo;
  /** TAXII 2.1 collections: saved searches over indicators (0013) */
  readonly taxiiCollections: TaxiiCollectionsRepo;
  /** status resources of TAXII writes, kept 7 days (0014) */
  readonly taxiiStatus: TaxiiStatusRepo;
  /** the STIX ids sent to TAXII collections and the indicators they became (0014) */
  readonly taxiiObjectIds: TaxiiObjectIdsRepo;
  /** staged ThreatQ imports (0015) */
  readonly importJobs: ImportJobsRepo;
  /** chunks of resumable attachment uploads (0015) */
  readonly attachmentUploads: AttachmentUploadsRepo;
  /** per-organization custom event types (0015) */
  readonly eventTypes: EventTypesRepo;
  /** true when no organization exists yet (first start) */
  isEmpty(): Promise<boolean>;
  /** cheap round trip for /readyz */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `sqlite:<path>` | `sqlite::memory:` | `postgres://…` | `postgresql://…` */
  url: string;
  /** server secret (≥ 32 bytes of entropy, any string) used to derive the API-key encryption key */
  secret: string;
  /** apply pending migrations (default true) */
  migrate?: boolean;
  /**
   * SQLite files: fold the WAL into the database from a worker thread (default true). False for a second
   * store of a process that already runs one (detection's thread): one checkpointer is enough, and this
   * connection keeps SQLite's own checkpoints on commit.
   */
  checkpointWorker?: boolean;
}
