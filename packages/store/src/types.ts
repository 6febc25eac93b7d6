/**
 * The storage contract the server, CLI and demo loader program against. Times are epoch milliseconds
 * (numbers) everywhere in the store; the API layers format them. JSON-ish columns are returned parsed.
 * Every read and write of tenant data takes an `orgId` so another organization's rows are never visible.
 * @module
 */

export type Role = 'owner' | 'user' | 'reader';
export type AgentStatus = 'online' | 'offline';
export type AgentType = 'monitor' | 'investigate';
export type DismissReason = 'BUSINESS_OP' | 'COMPANY_POLICY' | 'MAINTENANCE' | 'OTHER';

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
  type: string;
  title: string;
  severityOfAlerts: 1 | 2 | 3;
  alertDescription: string;
  aggregateFields: string[];
  filter: string;
  window: number;
  threshold: number;
  suppressions: string[];
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
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
  severity: 1 | 2 | 3;
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

export interface PageRequest {
  /** maximum items to return (the server uses 100, audit logs 50) */
  limit: number;
  /** continue strictly after this position */
  after?: Cursor;
}

export interface Page<T> {
  items: T[];
  /** position of the last item when more items may follow; undefined on the last page */
  next?: Cursor;
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
  severity?: 1 | 2 | 3;
  agentId?: string;
  ruleId?: string;
  rulesetId?: string;
}

export interface DismissQuery extends TimeRange {
  severity?: 1 | 2 | 3;
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
}

export interface InvitesRepo {
  create(input: { orgId: string; email: string; role: Role; invitedBy: string | null }): Promise<Invite>;
  list(orgId: string): Promise<Invite[]>;
}

export interface AgentsRepo {
  create(agent: NewAgent): Promise<Agent>;
  /** inserts many in one transaction */
  createMany(agents: NewAgent[]): Promise<Agent[]>;
  get(orgId: string, id: string): Promise<Agent | undefined>;
  /** ordered by (createdAt DESC, id DESC); from/until apply to createdAt */
  list(orgId: string, filter: AgentFilter, page: PageRequest): Promise<Page<Agent>>;
  count(orgId: string): Promise<number>;
}

export interface RulesetsRepo {
  create(input: NewRuleset): Promise<Ruleset>;
  get(orgId: string, id: string): Promise<Ruleset | undefined>;
  list(orgId: string): Promise<Ruleset[]>;
  createRule(input: NewRule): Promise<Rule>;
  listRules(orgId: string, rulesetId: string): Promise<Rule[]>;
  getRule(orgId: string, id: string): Promise<Rule | undefined>;
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
  /** counts of active (not dismissed) alerts by severity within the range; always three entries 1,2,3 */
  severityCounts(orgId: string, range: TimeRange): Promise<Array<{ severity: 1 | 2 | 3; count: number }>>;
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
}

export type DialectName = 'sqlite' | 'postgres';

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
}
