/**
 * The storage contract the server, CLI and demo loader program against. Times are epoch milliseconds
 * (numbers) everywhere in the store; the API layers format them. JSON-ish columns are returned parsed.
 * Every read and write of tenant data takes an `orgId` so another organization's rows are never visible.
 * @module
 */
import type { RuleType, Severity } from '@vigil/rules';
import type { WebhooksRepo } from './webhook-types.js';
import type { IndicatorLifecycleRepo, IndicatorSearchRepo } from './indicator-lifecycle-types.js';

export type * from './webhook-types.js';

import type { AgentStatus, AgentType, DismissReason, Role } from './vocabulary.js';

export type { AgentStatus, AgentType, DismissReason, Role } from './vocabulary.js';

export interface Organization {
  id: string;
  name: string;
  createdAt: number;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  enabled: boolean;
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  createdAt: number;
  /** epoch ms of the last successful authentication, or null if never */
  lastAuthenticatedAt: number | null;
}

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
  createdAt: number;
}

/** A user as seen through one organization (members list). */
export interface Member extends User {
  role: Role;
}

/** Metadata of an API key; the key itself is only ever returned by `issue`. */
export interface ApiKeyInfo {
  id: string;
  userId: string;
  /** first 4 characters of the key, for recognising it in listings */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

/** What Hawk authentication needs for one request, fetched in one query. */
export interface Credentials {
  user: User;
  /** the decrypted, currently active API key */
  key: string;
  /** the user's role in the requested organization, or null when not a member (or org unknown) */
  role: Role | null;
}

export interface Invite {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked';
  invitedBy: string | null;
  createdAt: number;
}

export interface AgentTag {
  source: string;
  key: string;
  value: string;
}

export interface IpAddresses {
  private: string[];
  link_local: string[];
  public: string[];
}

export interface Agent {
  id: string;
  orgId: string;
  instanceId: string | null;
  status: AgentStatus;
  createdAt: number;
  lastReportedAt: number | null;
  version: string;
  name: string;
  description: string;
  hostname: string;
  ipAddresses: IpAddresses;
  tags: AgentTag[];
  agentType: AgentType;
  osVersion: string;
  kernel: string;
  /** e.g. {isHealthy: true, dnsTracer: 'HEALTHY', …} */
  agentModuleHealth: Record<string, unknown>;
}

export type NewAgent = Omit<Agent, 'id' | 'createdAt'> & { id?: string; createdAt?: number };

export interface Ruleset {
  id: string;
  orgId: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
}

export interface Rule {
  id: string;
  orgId: string;
  rulesetId: string;
  name: string;
  type: RuleType;
  title: string;
  severityOfAlerts: Severity;
  alertDescription: string;
  aggregateFields: string[];
  filter: string;
  window: number;
  threshold: number;
  suppressions: string[];
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** File rules: watched paths; present (possibly empty) on File rules, and on others only when non-empty */
  fileIntegrityPaths?: FileIntegrityPath[];
  /** File rules: paths whose events are ignored; present like fileIntegrityPaths */
  ignoreFiles?: string[];
  /** File rules: `modify`, `delete`, `open`, `attrib` or `ALL`; present like fileIntegrityPaths */
  eventsToMonitor?: string[];
  /** agents the rule applies to (see {@link RuleTags}); absent when the rule has no tags */
  tags?: RuleTags;
  /**
   * why detection disabled the rule by itself (see `RulesetsRepo.disableRule`); absent otherwise, and
   * cleared when the rule is enabled again
   */
  disabledReason?: string;
}

/** One path a File rule watches. */
export interface FileIntegrityPath {
  path: string;
  recursive: boolean;
}

/**
 * Which agents a rule applies to: every agent when `inclusion` is empty, else agents carrying any inclusion
 * tag; never agents carrying an exclusion tag. Tags match on key and value, and on source when the rule's
 * tag names one (an empty source matches any).
 */
export interface RuleTags {
  inclusion: AgentTag[];
  exclusion: AgentTag[];
}

/** Fields of a rule that `updateRule` may change; omitted fields keep their value. */
export type RuleChanges = Partial<Omit<NewRule, 'orgId' | 'rulesetId' | 'id' | 'createdAt'>>;

/** Fields of a ruleset that `update` may change; omitted fields keep their value. */
export interface RulesetChanges {
  name?: string;
  description?: string;
  /**
   * The complete set of rules of the ruleset: listed rules of other rulesets of the organization move in,
   * rules of this ruleset not listed are deleted. Omitted = rules unchanged.
   */
  ruleIds?: string[];
}

/** What `update` did to the ruleset's rules. */
export interface RulesetUpdate {
  ruleset: Ruleset;
  /** rules that moved in from other rulesets */
  movedRuleIds: string[];
  /** rules of this ruleset that were not listed and were deleted */
  deletedRuleIds: string[];
}

export type NewRuleset = Pick<Ruleset, 'orgId' | 'name' | 'description'> & { id?: string; createdAt?: number };
export type NewRule = Omit<Rule, 'id' | 'createdAt' | 'updatedAt'> & { id?: string; createdAt?: number };

export interface AlertAggregate {
  fieldName: string;
  [k: string]: unknown;
}

export interface Alert {
  id: string;
  orgId: string;
  title: string;
  dataSource: string;
  createdAt: number;
  severity: Severity;
  agentId: string | null;
  ruleId: string | null;
  rulesetId: string | null;
  isDismissed: boolean;
  dismissedAt: number | null;
  dismissReason: DismissReason | null;
  dismissReasonText: string | null;
  dismissedBy: string | null;
  aggregates: AlertAggregate[];
}

export type NewAlert = Omit<
  Alert,
  'id' | 'isDismissed' | 'dismissedAt' | 'dismissReason' | 'dismissReasonText' | 'dismissedBy'
> & { id?: string };

/** One host/file event attached to an alert; `data` is the event object as the agent sent it. */
export interface AlertEvent {
  id: string;
  alertId: string;
  orgId: string;
  timestamp: number;
  data: Record<string, unknown>;
}

export type NewAlertEvent = { id?: string; timestamp: number; data: Record<string, unknown> };

export interface AuditRecord {
  id: string;
  orgId: string;
  userId: string | null;
  userEmail: string | null;
  /** 'success' | 'failure' */
  result: string;
  /** 'create' | 'read' | 'update' | 'delete' */
  crud: string;
  /** e.g. 'dismiss_alerts', 'add_member' */
  action: string;
  /** 'api' | 'cli' | 'console' | 'system' */
  source: string;
  description: string;
  eventTime: number;
  context: Record<string, unknown>;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'eventTime'> & { id?: string; eventTime?: number };

/**
 * Keyset position: the sort value of the last item returned and its id (the tie-breaker).
 * Lists are ordered by (sortValue DESC, id DESC) unless a repository says otherwise.
 */
export type Cursor = [sortValue: number, id: string];

/**
 * A request for one page of a keyset-ordered list. `P` is the list's position type: `Cursor` for most,
 * an object where a list orders by something else (TAXII's (updated_at, id)).
 */
export interface PageRequest<P = Cursor> {
  /** maximum items to return (the server uses 100, audit logs 50) */
  limit: number;
  /** continue strictly after this position */
  after?: P;
}

/** Offset paging (REST v1's `page`/`count`): skip `offset` items of the list order, return at most `limit`. */
export interface OffsetPage {
  offset: number;
  limit: number;
}

/** One page of a keyset-ordered list (see `PageRequest`); built by `toPage`. */
export interface Page<T, P = Cursor> {
  items: T[];
  /** position of the last item when more items may follow; undefined on the last page */
  next?: P;
}

/**
 * A page of indicators as ThreatQ pages them: by offset or after a position, with the total of the query and
 * the position of the page's last item (set whether or not more follow, so a later request can continue there).
 */
export interface IndicatorPage {
  total: number;
  items: Indicator[];
  /** undefined when the page is empty */
  last?: IndicatorPosition;
}

/** Inclusive time range in epoch ms; either end may be open. */
export interface TimeRange {
  from?: number;
  until?: number;
}

export interface AgentFilter extends TimeRange {
  status: AgentStatus;
  agentType?: AgentType;
  hostname?: string;
  instanceId?: string;
}

export interface AlertFilter extends TimeRange {
  isDismissed: boolean;
  severity?: Severity;
  agentId?: string;
  ruleId?: string;
  rulesetId?: string;
}

export interface DismissQuery extends TimeRange {
  severity?: Severity;
  ruleId?: string;
  agentId?: string;
}

export interface Dismissal {
  reason: DismissReason;
  text: string | null;
  /** user id of who dismissed */
  by: string;
  at: number;
}

export interface AuditFilter extends TimeRange {
  /** matches `crud` (e.g. 'delete') */
  operation?: string;
  userEmail?: string;
  userId?: string;
}

export interface OrganizationsRepo {
  create(input: { id?: string; name: string }): Promise<Organization>;
  get(id: string): Promise<Organization | undefined>;
  list(): Promise<Organization[]>;
}

export interface UsersRepo {
  /** throws StoreConflictError when the id or email (case-insensitive) exists */
  create(input: { id?: string; email: string; displayName: string }): Promise<User>;
  get(id: string): Promise<User | undefined>;
  getByEmail(email: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  touchAuthenticated(id: string, at: number): Promise<void>;
}

export interface MembershipsRepo {
  /** adds or changes the role; returns the member */
  upsert(orgId: string, userId: string, role: Role): Promise<Membership>;
  get(orgId: string, userId: string): Promise<Membership | undefined>;
  /** returns false when there was no such membership */
  remove(orgId: string, userId: string): Promise<boolean>;
  /** members ordered by email */
  listMembers(orgId: string, opts?: { enabledOnly?: boolean }): Promise<Member[]>;
  listForUser(userId: string): Promise<Membership[]>;
  countOwners(orgId: string): Promise<number>;
}

export interface ApiKeysRepo {
  /**
   * Issues a new key for the user (≥ 32 random bytes, base64url) or stores `key` when given, revoking every
   * earlier key of that user in the same transaction. The key is stored encrypted; this is the only call
   * that returns it.
   */
  issue(userId: string, key?: string): Promise<{ key: string; info: ApiKeyInfo }>;
  list(userId?: string): Promise<ApiKeyInfo[]>;
  /** user, active key and role in `orgId`, or undefined when the user or an active key does not exist */
  credentials(userId: string, orgId: string): Promise<Credentials | undefined>;
  /**
   * The owner of the active key `key` (found by its keyed digest, compared in constant time) with their role
   * in `orgId` (null when not a member); undefined for an unknown, revoked or malformed key (REST v1).
   */
  findByKey(key: string, orgId: string): Promise<Credentials | undefined>;
  /** fills the digest of active keys stored before migration 0007 (run when the store opens); returns how many */
  backfillDigests(): Promise<number>;
  /**
   * false when active API keys exist and none of the newest opens with this store's secret: the database
   * was created with another server secret (every Hawk request would fail)
   */
  sealedWithThisSecret(): Promise<boolean>;
}

export interface InvitesRepo {
  create(input: { orgId: string; email: string; role: Role; invitedBy: string | null }): Promise<Invite>;
  list(orgId: string): Promise<Invite[]>;
  /** pending invites addressed to an email (compared lowercased), across organizations, newest first */
  listPendingFor(email: string): Promise<Invite[]>;
  /** marks a pending invite addressed to `email` accepted (once); undefined when there is none */
  accept(id: string, email: string): Promise<Invite | undefined>;
}

export interface AgentsRepo {
  create(agent: NewAgent): Promise<Agent>;
  /** inserts many in one transaction */
  createMany(agents: NewAgent[]): Promise<Agent[]>;
  get(orgId: string, id: string): Promise<Agent | undefined>;
  /** ordered by (createdAt DESC, id DESC); from/until apply to createdAt */
  list(orgId: string, filter: AgentFilter, page: PageRequest): Promise<Page<Agent>>;
  /** every agent (online and offline), ordered like list, by offset (REST v1) */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<Agent[]>;
  count(orgId: string): Promise<number>;
}

export interface RulesetsRepo {
  create(input: NewRuleset): Promise<Ruleset>;
  get(orgId: string, id: string): Promise<Ruleset | undefined>;
  list(orgId: string): Promise<Ruleset[]>;
  createRule(input: NewRule): Promise<Rule>;
  listRules(orgId: string, rulesetId: string): Promise<Rule[]>;
  getRule(orgId: string, id: string): Promise<Rule | undefined>;
  /** the ruleset named `name`, compared trimmed and case-insensitively (names are unique that way) */
  getByName(orgId: string, name: string): Promise<Ruleset | undefined>;
  /**
   * Creates a ruleset and moves the listed rules of other rulesets of the org into it, in one transaction.
   * Throws StoreConflictError for a duplicate name, StoreNotFoundError when a rule id is not in the org.
   */
  createWithRules(input: NewRuleset, ruleIds: string[]): Promise<RulesetUpdate>;
  /**
   * Changes a ruleset (see {@link RulesetChanges} for `ruleIds`) in one transaction; undefined when the
   * ruleset is not in the org. Throws like createWithRules.
   */
  update(orgId: string, id: string, changes: RulesetChanges): Promise<RulesetUpdate | undefined>;
  /** deletes the ruleset and its rules; false when it is not in the org */
  delete(orgId: string, id: string): Promise<boolean>;
  /** rule ids per ruleset (ordered like listRules), for every ruleset of the org or only those listed */
  ruleIdsByRuleset(orgId: string, rulesetIds?: string[]): Promise<Map<string, string[]>>;
  /** ids of this org's rules among `ids` (to report unknown ids) */
  existingRuleIds(orgId: string, ids: string[]): Promise<string[]>;
  /**
   * Moves the listed rules of the org into `rulesetId`; returns how many changed ruleset. Throws
   * StoreNotFoundError when the ruleset or a rule is not in the org (and then moves nothing).
   */
  moveRules(orgId: string, ruleIds: string[], rulesetId: string): Promise<number>;
  /** changes a rule; undefined when it is not in the org */
  updateRule(orgId: string, id: string, changes: RuleChanges): Promise<Rule | undefined>;
  /**
   * Disables an enabled rule on detection's behalf and stores why; the rule with its new state, or
   * undefined when it is not in the org or was already disabled (so one overrun is reported once, whichever
   * process saw it).
   */
  disableRule(orgId: string, id: string, reason: string, at?: number): Promise<Rule | undefined>;
  /** false when the rule is not in the org */
  deleteRule(orgId: string, id: string): Promise<boolean>;
  /** replaces the rule's tags; undefined when the rule is not in the org */
  setRuleTags(orgId: string, ruleId: string, tags: RuleTags): Promise<RuleTags | undefined>;
  /**
   * Rulesets (ordered like list) with at least one rule that applies to the agent by its tags (see
   * {@link RuleTags}); undefined when the agent is not in the org.
   */
  listRulesetsForAgent(orgId: string, agentId: string): Promise<Ruleset[] | undefined>;
}

export interface AlertsRepo {
  /** inserts the alert and its events in one transaction */
  create(alert: NewAlert, events?: NewAlertEvent[]): Promise<Alert>;
  /** bulk insert (demo data, detection batches) in one transaction */
  createMany(items: Array<{ alert: NewAlert; events?: NewAlertEvent[] }>): Promise<Alert[]>;
  get(orgId: string, id: string): Promise<Alert | undefined>;
  /** ordered by (createdAt DESC, id DESC); from/until apply to createdAt */
  list(orgId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>>;
  /** events of one alert ordered by timestamp ASC; undefined when the alert is not in this org */
  events(orgId: string, alertId: string): Promise<AlertEvent[] | undefined>;
  /** every alert (active and dismissed), ordered like list, by offset (REST v1) */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<Alert[]>;
  /**
   * The newest `perAlert` events (newest first) and the event count of each listed alert of this org; alerts
   * without events (or not in the org) are absent from the map.
   */
  latestEvents(
    orgId: string,
    alertIds: string[],
    perAlert: number,
  ): Promise<Map<string, { events: AlertEvent[]; total: number }>>;
  /** counts of active (not dismissed) alerts by severity within the range; always three entries 1,2,3 */
  severityCounts(orgId: string, range: TimeRange): Promise<Array<{ severity: Severity; count: number }>>;
  /** dismisses the listed active alerts of this org (unknown ids ignored); returns how many changed */
  dismissByIds(orgId: string, ids: string[], d: Dismissal): Promise<number>;
  /** dismisses every active alert matching the query; returns how many changed */
  dismissByQuery(orgId: string, q: DismissQuery, d: Dismissal): Promise<number>;
  /** ids of this org's alerts among `ids` (to report unknown ids) */
  existingIds(orgId: string, ids: string[]): Promise<string[]>;
}

export interface AuditLogsRepo {
  record(entry: NewAuditRecord): Promise<AuditRecord>;
  /** ordered by (eventTime DESC, id DESC) */
  list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
  /** ordered like list, by offset (REST v1); from/until apply to eventTime */
  listByOffset(orgId: string, range: TimeRange, page: OffsetPage): Promise<AuditRecord[]>;
}

/** Metadata of an organization's deploy key; the key itself is only ever returned by `issue`. */
export interface DeployKeyInfo {
  id: string;
  orgId: string;
  /** first 8 characters of the key, for recognising it in listings */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface DeployKeysRepo {
  /**
   * Issues a new deploy key for the organization (or stores `key` when given), revoking the active one in
   * the same transaction. Agents registered earlier keep their own secrets. The only call returning the key.
   */
  issue(orgId: string, key?: string): Promise<{ key: string; info: DeployKeyInfo }>;
  /** the organization whose active deploy key this is, or undefined (unknown, revoked, malformed) */
  findOrg(key: string): Promise<string | undefined>;
  /** newest first */
  list(orgId: string): Promise<DeployKeyInfo[]>;
  /** revokes the active key; false when there was none */
  revoke(orgId: string): Promise<boolean>;
}

/** What an agent tells the server about its host when it registers (hostname is required). */
export interface AgentRegistration {
  orgId: string;
  hostname: string;
  instanceId?: string | null;
  /** default: the hostname */
  name?: string;
  description?: string;
  version?: string;
  osVersion?: string;
  kernel?: string;
  /** default 'investigate' */
  agentType?: AgentType;
  ipAddresses?: IpAddresses;
  tags?: AgentTag[];
  agentModuleHealth?: Record<string, unknown>;
  /** registration time (default now); also the first lastReportedAt */
  at?: number;
}

/** Host facts an agent may refresh with a heartbeat; omitted fields keep their value. */
export type AgentReport = Partial<
  Pick<Agent, 'hostname' | 'version' | 'osVersion' | 'kernel' | 'ipAddresses' | 'tags' | 'agentModuleHealth'>
>;

/** What agent Hawk authentication needs, fetched in one query. */
export interface AgentCredentials {
  orgId: string;
  /** the decrypted Hawk key of the agent */
  secret: string;
  agent: Agent;
}

/** One event of a batch, validated by the caller; `data` is the object stored (and later matched). */
export interface IngestEvent {
  eventType: string;
  /** epoch ms */
  timestamp: number;
  data: Record<string, unknown>;
}

export interface StoredEvent extends IngestEvent {
  id: string;
  orgId: string;
  agentId: string;
  receivedAt: number;
}

export interface IngestRepo {
  /** creates the agent (online, lastReportedAt = at) and its Hawk secret in one transaction */
  registerAgent(input: AgentRegistration): Promise<{ agent: Agent; secret: string }>;
  /** the agent, its organization and decrypted secret; undefined for an unknown id or an agent without one */
  agentCredentials(agentId: string): Promise<AgentCredentials | undefined>;
  /** sets lastReportedAt = at, status online and the reported fields; false when the agent is not in the org */
  heartbeat(orgId: string, agentId: string, at: number, report?: AgentReport): Promise<boolean>;
  /**
   * In one transaction: records batch `batchId` of the agent, inserts its events and marks the agent online
   * (lastReportedAt = receivedAt). A batch id the agent used before stores nothing and returns duplicate.
   */
  storeBatch(
    orgId: string,
    agentId: string,
    batchId: string,
    events: IngestEvent[],
    receivedAt?: number,
  ): Promise<StoredBatch>;
  /**
   * Marks online agents that registered through the agent protocol and last reported before `olderThan`
   * offline; returns how many changed. Agents without a secret (imported, demo) are left alone.
   */
  markOffline(olderThan: number): Promise<number>;
  countEvents(orgId: string, agentId?: string): Promise<number>;
  /** the agent's newest events first (by timestamp, then id) */
  listEvents(orgId: string, agentId: string, limit: number): Promise<StoredEvent[]>;
}

/** What `storeBatch` did: stored the events, or found the batch id already stored (and stored nothing). */
export type StoredBatch =
  | { duplicate: true; stored: 0 }
  | {
      duplicate: false;
      stored: number;
      /** the batch's event ids are this prefix and the position as 4 hex digits (`batchEventId`) */
      eventIdPrefix: string;
      receivedAt: number;
    };

/** A stored event batch detection has not processed yet. */
export interface PendingBatch {
  orgId: string;
  agentId: string;
  batchId: string;
  receivedAt: number;
}

/** What detection decided for some processed batches; written by `DetectionRepo.commit` in one transaction. */
export interface DetectionCommit {
  /** the batches processed (marked so they are never processed again) */
  batches: Array<Pick<PendingBatch, 'agentId' | 'batchId'>>;
  /** alerts to create, with their events; the id is chosen by the caller so later events can attach */
  newAlerts: Array<{ alert: NewAlert & { id: string }; events: NewAlertEvent[] }>;
  /** events to add to existing alerts of `orgId` (alerts that no longer exist are skipped) */
  attach: Array<{ orgId: string; alertId: string; events: NewAlertEvent[] }>;
}

export interface DetectionRepo {
  /** pending batches of every organization, oldest first */
  pendingBatches(limit: number): Promise<PendingBatch[]>;
  /** the events of a batch in the order they were sent */
  batchEvents(batch: PendingBatch): Promise<StoredEvent[]>;
  /**
   * In one transaction: marks the batches processed, inserts the new alerts and attaches the events. Returns
   * false and writes nothing when one of the batches was already processed (by another worker).
   */
  commit(decisions: DetectionCommit, at?: number): Promise<boolean>;
  /**
   * A cheap fingerprint of the organization's rules (count and newest update): when it changes, cached
   * compiled rules are stale. Not every change moves it (a cache should also expire by age).
   */
  rulesFingerprint(orgId: string): Promise<string>;
}

export type DialectName = 'sqlite' | 'postgres';

/** What a change counter covers: every write to alerts (and their events), or to agents. */
/** `intel*`: detection's intel index (migration 0016-intel-change-counters) */
export type ChangeScope = 'alerts' | 'agents' | 'intel' | 'intel_whitelist' | 'intel_purge';

export interface ChangeCountersRepo {
  /** the organization's counter for `scope`; it grows with every write, from any process */
  version(orgId: string, scope: ChangeScope): Promise<number>;
  /** several counters in one indexed read; a scope never written is 0 */
  versions<S extends ChangeScope>(orgId: string, scopes: readonly S[]): Promise<Record<S, number>>;
}

/** Limits of one retention pass. */
export interface RetentionOptions {
  /** rows per DELETE statement, or for events the number of batches (default 5000) */
  chunkSize?: number;
  /** stop after this many chunks (the rest waits for the next pass); default no limit */
  maxChunks?: number;
}

/** Global retention (every organization): deletes history older than a cut-off in bounded chunks. */
export interface RetentionRepo {
  /** deletes raw events (and batch-id records) received before `before` (epoch ms); resolves to events deleted */
  deleteEventsBefore(before: number, options?: RetentionOptions): Promise<number>;
  /** deletes alerts created before `before` (epoch ms) with their events; resolves to alerts deleted */
  deleteAlertsBefore(before: number, options?: RetentionOptions): Promise<number>;
}

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
  readonly auditLogs: AuditLogsRepo;
  readonly deployKeys: DeployKeysRepo;
  readonly ingest: IngestRepo;
  readonly changes: ChangeCountersRepo;
  readonly detection: DetectionRepo;
  readonly retention: RetentionRepo;
  readonly webhooks: WebhooksRepo;
  /** console/ThreatQ login passwords of users (0010) */
  readonly passwords: PasswordsRepo;
  /** OAuth clients and bearer tokens of the ThreatQ-compatible API (0010) */
  readonly oauth: OAuthRepo;
  /** the threat library's indicators (0010) */
  readonly indicators: IndicatorsRepo;
  /** threat-library events, adversaries, attachments and the relations between objects (0012) */
  readonly threatEvents: import('./threat-object-types.js').ThreatEventsRepo;
  readonly adversaries: import('./threat-object-types.js').AdversariesRepo;
  readonly attachments: import('./threat-object-types.js').AttachmentsRepo;
  readonly objectLinks: import('./threat-object-types.js').ObjectLinksRepo;
  /** indicator search, bulk status and delete (0011) */
  readonly indicatorSearch: IndicatorSearchRepo;
  /** manual scores, comments, links by pivot id, expiration policies and the whitelist (0011) */
  readonly indicatorLifecycle: IndicatorLifecycleRepo;
  /** TAXII 2.1 collections: saved searches over indicators (0013) */
  readonly taxiiCollections: import('./taxii-types.js').TaxiiCollectionsRepo;
  /** status resources of TAXII writes, kept 7 days (0014) */
  readonly taxiiStatus: import('./taxii-types.js').TaxiiStatusRepo;
  /** the STIX ids sent to TAXII collections and the indicators they became (0014) */
  readonly taxiiObjectIds: import('./taxii-types.js').TaxiiObjectIdsRepo;
  /** staged ThreatQ imports (0015) */
  readonly importJobs: import('./threatq-workflow-types.js').ImportJobsRepo;
  /** chunks of resumable attachment uploads (0015) */
  readonly attachmentUploads: import('./threatq-workflow-types.js').AttachmentUploadsRepo;
  /** per-organization custom event types (0015) */
  readonly eventTypes: import('./threatq-workflow-types.js').EventTypesRepo;
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

// ---------------------------------------------------------------------------------------------------------
// Threat library (ThreatQ-compatible API, migration 0010)

export interface PasswordsRepo {
  /** sets or replaces a user's password (scrypt) and revokes the user's OAuth tokens; throws StoreNotFoundError for an unknown user */
  set(userId: string, password: string): Promise<void>;
  /** the enabled user with this email and password, else undefined; costs one scrypt either way (no user enumeration by timing) */
  verify(email: string, password: string): Promise<User | undefined>;
  /** whether the user has a password */
  has(userId: string): Promise<boolean>;
}

export interface OAuthClient {
  /** the client_id */
  id: string;
  name: string;
  orgId: string;
  /** the user the client acts for (client-credentials grant) and who created it */
  userId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface NewOAuthClient {
  orgId: string;
  userId: string;
  name: string;
}

export interface OAuthTokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds the access token is valid */
  expiresIn: number;
}

export interface OAuthTokenTtls {
  accessTtlSec: number;
  refreshTtlSec: number;
  /** epoch ms; default Date.now() */
  now?: number;
}

export interface IssueTokensInput extends OAuthTokenTtls {
  clientId: string;
  userId: string;
  orgId: string;
  grantType: 'password' | 'client_credentials' | 'refresh_token';
}

/** Who a valid access token speaks for. */
export interface OAuthPrincipal {
  tokenId: string;
  clientId: string;
  userId: string;
  userEmail: string;
  orgId: string;
  role: Role;
  accessExpiresAt: number;
}

export interface OAuthRepo {
  /** creates a client; the secret is returned once and stored as a digest */
  createClient(input: NewOAuthClient): Promise<{ client: OAuthClient; secret: string }>;
  getClient(id: string): Promise<OAuthClient | undefined>;
  /** clients of one organization (all when orgId is omitted), oldest first */
  listClients(orgId?: string): Promise<OAuthClient[]>;
  /** revokes a client (scoped to orgId when given) and its tokens; false when unknown or already revoked */
  revokeClient(id: string, orgId?: string): Promise<boolean>;
  /** the active (unrevoked) client, when `secret` is its secret; constant-time comparison */
  verifyClient(id: string, secret: string): Promise<OAuthClient | undefined>;
  issueTokens(input: IssueTokensInput): Promise<OAuthTokenPair>;
  /** the principal of a live access token (not expired or revoked; user enabled, still a member; client active) */
  authenticate(accessToken: string, now?: number): Promise<OAuthPrincipal | undefined>;
  /** spends a refresh token (once) for a new pair; undefined when unknown, used, expired or no longer valid */
  refresh(refreshToken: string, ttls: OAuthTokenTtls): Promise<OAuthTokenPair | undefined>;
  /** revokes every token of a user; returns how many */
  revokeForUser(userId: string, now?: number): Promise<number>;
}

export interface Indicator {
  id: number;
  orgId: string;
  typeId: number;
  statusId: number;
  class: string;
  value: string;
  hash: string;
  description: string | null;
  generatedScore: number;
  manualScore: number | null;
  createdAt: number;
  updatedAt: number;
  touchedAt: number;
  publishedAt: number | null;
  lastDetectedAt: number | null;
  expiresAt: number | null;
  expiredAt: number | null;
}

export interface IndicatorSourceInput {
  name: string;
  /** 1 red, 2 amber, 3 green, 4 white; on a merge the more restrictive (lower) wins */
  tlpId?: number | null;
  publishedAt?: number | null;
}

export interface IndicatorAttributeInput {
  name: string;
  value: string;
  sources?: IndicatorSourceInput[];
}

/** One indicator to create or merge; value, hash, class and score are computed by the caller (`@vigil/intel`). */
export interface IndicatorUpsert {
  typeId: number;
  class: string;
  /** normalized value */
  value: string;
  hash: string;
  /** kept as is on a merge when omitted; new indicators default to 4 (Review) */
  statusId?: number;
  description?: string | null;
  /** a merge keeps the higher of the stored and the new generated score */
  generatedScore: number;
  publishedAt?: number | null;
  lastDetectedAt?: number | null;
  expiresAt?: number | null;
  sources?: IndicatorSourceInput[];
  attributes?: IndicatorAttributeInput[];
  tags?: string[];
}

export interface IndicatorSourceLink {
  /** the indicator↔source pivot id */
  pivotId: number;
  indicatorId: number;
  sourceId: number;
  name: string;
  tlpId: number | null;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface IndicatorAttribute {
  id: number;
  indicatorId: number;
  attributeId: number;
  name: string;
  value: string;
  createdAt: number;
  updatedAt: number;
  touchedAt: number;
  sources: Array<{ id: number; name: string }>;
}

export interface IndicatorTag {
  id: number;
  name: string;
  pivotId: number;
  indicatorId: number;
}

export type IndicatorSortField = 'id' | 'value' | 'type_id' | 'status_id' | 'score' | 'created_at' | 'updated_at' | 'touched_at';

export interface IndicatorListQuery {
  orgId: string;
  /** exact stored values, any of them (callers add the normalized form of what the user typed) */
  values?: string[];
  typeId?: number;
  statusId?: number;
  limit: number;
  offset: number;
  sort?: { field: IndicatorSortField; desc: boolean };
  /**
   * continue right after this row (the `last` of an earlier page of the same query) instead of skipping
   * `offset` rows: rows inserted or deleted before it since then do not shift the page
   */
  after?: IndicatorPosition;
}

/** Where a row stands in an indicator listing or search: its sort value and id (the tie-breaker). */
export interface IndicatorPosition {
  sortValue: number | string;
  id: number;
}

export interface IndicatorPatch {
  statusId?: number;
  description?: string | null;
  expiresAt?: number | null;
  lastDetectedAt?: number | null;
  manualScore?: number | null;
}

export interface IndicatorsRepo {
  /** creates or merges every item in one transaction; returns them in input order (duplicates collapse to one row, listed at each position) */
  upsertMany(orgId: string, items: IndicatorUpsert[], now?: number): Promise<Indicator[]>;
  get(orgId: string, id: number): Promise<Indicator | undefined>;
  /** a page; `last` is the position of its last item (undefined when empty) */
  list(query: IndicatorListQuery): Promise<IndicatorPage>;
  update(orgId: string, id: number, patch: IndicatorPatch, now?: number): Promise<Indicator | undefined>;
  /** soft delete; false when unknown, already deleted or another organization's */
  delete(orgId: string, id: number, now?: number): Promise<boolean>;
  sources(indicatorIds: number[]): Promise<IndicatorSourceLink[]>;
  attributes(indicatorIds: number[]): Promise<IndicatorAttribute[]>;
  tags(indicatorIds: number[]): Promise<IndicatorTag[]>;
  /** what detection matches on: every indicator of the organization (or those updated at/after `since`), deleted ones flagged */
  matchRows(orgId: string, since?: number): Promise<IndicatorMatchRow[]>;
}

/** One indicator as detection's index holds it. */
export interface IndicatorMatchRow {
  id: number;
  typeId: number;
  statusId: number;
  value: string;
  deleted: boolean;
}
