/**
 * TypeBox schemas shared by the REST v2 routes: they validate requests, serialise responses and become
 * the OpenAPI document.
 * @module
 */
import { RULE_TYPES } from '@vigil/rules';
import { AGENT_STATUSES, PACKAGE_CHANGE_KINDS, PACKAGE_MANAGERS } from '@vigil/store';
import { Type, type TSchema } from 'typebox';

export const ErrorBody = Type.Object(
  { errors: Type.Array(Type.String(), { description: 'human-readable messages naming the offending parameter' }) },
  { title: 'Errors', description: 'Every 4xx/5xx answer under /v2' },
);

/** A string enum as plain JSON Schema `{type: 'string', enum}` (so errors list the allowed values). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/**
 * `T` or null. A primitive becomes `type: [T, 'null']` (OpenAPI 3.1), which fast-json-stringify writes
 * directly; an `anyOf` made it run a schema validator per branch for every such field of every object it
 * serialised (seven fields on each of a page's 100 alerts).
 */
const Nullable = <T extends TSchema>(t: T) => {
  const type = (t as { type?: unknown }).type;
  return Type.Unsafe<Type.Static<T> | null>(typeof type === 'string' ? { ...t, type: [type, 'null'] } : { anyOf: [t, Type.Null()] });
};
const Time = Type.String({ format: 'date-time' });

export const TimeQuery = {
  from: Type.Optional(
    Type.String({
      description:
        'ISO-8601 start (inclusive): yyyy-mm-dd, yyyy-mm-ddThh, …Thh:mm, …Thh:mm:ss[.fff], with Z or an offset; naive times are UTC',
      maxLength: 40,
    }),
  ),
  until: Type.Optional(Type.String({ description: 'ISO-8601 end (inclusive), same formats as from', maxLength: 40 })),
};

export const TokenQuery = {
  token: Type.Optional(
    Type.String({ description: 'the `token` of the previous page, with the same other parameters', maxLength: 512 }),
  ),
};

export const Tag = Type.Object({ source: Type.String(), key: Type.String(), value: Type.String() });

const CloudText = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** What the cloud's instance metadata service says about the agent's instance; also the agent's input. */
export const CloudMetadata = Type.Object(
  {
    provider: StringEnum(['aws', 'gcp', 'azure'] as const),
    instanceId: CloudText(128),
    region: Type.Optional(CloudText(64)),
    availabilityZone: Type.Optional(CloudText(64)),
    accountId: Type.Optional(CloudText(128)),
    instanceType: Type.Optional(CloudText(128)),
    imageId: Type.Optional(CloudText(255)),
    tags: Type.Optional(
      Type.Record(Type.String({ maxLength: 128 }), Type.String({ maxLength: 256 }), {
        maxProperties: 64,
        description: 'instance tags, where the provider lets the instance read them',
      }),
    ),
  },
  {
    title: 'CloudMetadata',
    description: 'AWS account id, GCP project id or Azure subscription id in accountId. Unknown fields are ignored (not stored).',
  },
);

/** One installed package of an agent's host (`GET /v2/agents/{id}/packages`). */
export const InstalledPackage = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    arch: Type.String(),
    sourceName: Type.String({ description: 'the source package (what advisories name)' }),
    sourceVersion: Type.String(),
    ecosystem: Type.String({ description: 'OSV ecosystem, e.g. Debian:12, Ubuntu:22.04:LTS, Alpine:v3.19, Rocky Linux:9' }),
    manager: StringEnum(PACKAGE_MANAGERS),
    firstSeenAt: Time,
  },
  { title: 'InstalledPackage' },
);

/** One change of an agent's inventory (`GET /v2/agents/{id}/packages/changes`). */
export const PackageChange = Type.Object(
  {
    id: Type.String(),
    at: Time,
    kind: StringEnum(PACKAGE_CHANGE_KINDS, { description: 'changed: another version of the same name and arch' }),
    name: Type.String(),
    arch: Type.String(),
    fromVersion: Nullable(Type.String()),
    toVersion: Nullable(Type.String()),
    sourceName: Type.String(),
  },
  { title: 'PackageChange' },
);

export const Agent = Type.Object(
  {
    id: Type.String(),
    instanceId: Nullable(Type.String()),
    status: StringEnum(AGENT_STATUSES),
    createdAt: Time,
    lastReportedAt: Nullable(Time),
    version: Type.String(),
    name: Type.String(),
    description: Type.String(),
    hostname: Type.String(),
    ipAddresses: Type.Object({
      private: Type.Array(Type.String()),
      link_local: Type.Array(Type.String()),
      public: Type.Array(Type.String()),
    }),
    tags: Type.Array(Tag),
    agentType: Type.String(),
    osVersion: Type.String(),
    kernel: Type.String(),
    agentModuleHealth: Type.Object({}, { additionalProperties: true }),
  },
  // Threat Stack's agent object, no more: its scripts warn about every key they do not know, so the cloud
  // metadata an agent reports is kept (its instanceId shows here) but not listed.
  { title: 'Agent' },
);

/** An agent on a cloud instance (`GET /v2/aws/ec2`): id and status always, the rest with `verbose=true`. */
export const ServerAgent = Type.Object(
  {
    id: Type.String(),
    status: StringEnum(AGENT_STATUSES),
    createdAt: Type.Optional(Time),
    lastReportedAt: Type.Optional(Nullable(Time)),
    version: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    hostname: Type.Optional(Type.String()),
    isContainerAgent: Type.Optional(Type.Boolean()),
    kernel: Type.Optional(Type.String()),
    osVersion: Type.Optional(Type.String()),
  },
  { title: 'ServerAgent' },
);

const NullableText = Nullable(Type.String());

/** A cloud instance with Threat Stack's EC2 server fields (reference §3.7); unknown values are null. */
export const Ec2Server = Type.Object(
  {
    id: Type.String({ description: 'the EC2 instance id' }),
    kernelId: NullableText,
    instanceType: NullableText,
    privateDnsName: NullableText,
    privateIpAddress: NullableText,
    groups: Type.Array(Type.Object({ id: Type.String(), name: NullableText }), { description: 'security groups' }),
    subnetId: NullableText,
    keyName: NullableText,
    region: NullableText,
    launchTime: Nullable(Time),
    imageId: NullableText,
    architecture: NullableText,
    publicDnsName: NullableText,
    publicIpAddress: NullableText,
    vpcId: NullableText,
    awsProfile: Nullable(Type.String({ description: 'the AWS account id (OwnerId); Vigil holds no AWS profiles or credentials' })),
    monitored: Type.Boolean({ description: 'an agent reports this instance' }),
    tags: Type.Array(Tag),
    state: NullableText,
    stateCode: Nullable(Type.Integer()),
    agents: Type.Array(ServerAgent, { description: 'online first, then the most recently reported; empty when unmonitored' }),
  },
  { title: 'Ec2Server' },
);

export const Alert = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    dataSource: Type.String(),
    createdAt: Time,
    isDismissed: Type.Boolean(),
    dismissedAt: Nullable(Time),
    dismissReason: Nullable(Type.String()),
    dismissReasonText: Nullable(Type.String()),
    dismissedBy: Nullable(Type.String()),
    severity: Type.Integer({ minimum: 1, maximum: 3 }),
    agentId: Nullable(Type.String()),
    rulesetId: Nullable(Type.String()),
    ruleId: Nullable(Type.String()),
    aggregates: Type.Array(Type.Object({ fieldName: Type.String() }, { additionalProperties: true })),
  },
  { title: 'Alert' },
);

export const AlertEvent = Type.Object(
  { id: Type.String(), alertId: Type.String(), timestamp: Time },
  { additionalProperties: true, title: 'AlertEvent', description: 'the host or file event as the agent sent it' },
);

export const Member = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    role: Type.String(),
    lastAuthenticatedAt: Type.Integer({
      description: 'last API sign-in, epoch milliseconds; 0 when the member never signed in (never null: Threat Stack clients divide it by 1000)',
    }),
    ssoEnabled: Type.Boolean(),
    mfaEnabled: Type.Boolean(),
    userEnabled: Type.Boolean(),
  },
  { title: 'Member' },
);

export const Invite = Type.Object(
  { sentToEmail: Type.String(), role: Type.String(), status: Type.String() },
  { title: 'Invite' },
);

export const AuditRecord = Type.Object(
  {
    id: Type.String(),
    userEmail: Nullable(Type.String()),
    userId: Nullable(Type.String()),
    organizationId: Type.String(),
    result: Type.String(),
    crud: Type.String(),
    action: Type.String(),
    source: Type.String(),
    description: Type.String(),
    eventTime: Time,
    context: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'AuditRecord' },
);

export const RuleTags = Type.Object(
  {
    inclusion: Type.Array(Tag, { description: 'the rule applies only to agents with any of these tags (all agents when empty)' }),
    exclusion: Type.Array(Tag, { description: 'the rule never applies to agents with any of these tags' }),
  },
  {
    title: 'RuleTags',
    description:
      'Agent tags selecting where a rule applies. Tags match on `key` and `value`, and on `source` when it is not empty.',
  },
);

export const Ruleset = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    createdAt: Time,
    updatedAt: Time,
    rules: Type.Array(Type.String(), { description: 'ids of its rules (written as `ruleIds`)' }),
  },
  { title: 'Ruleset' },
);

export const FileIntegrityPath = Type.Object(
  { path: Type.String(), recursive: Type.Boolean() },
  { title: 'FileIntegrityPath' },
);

export const Rule = Type.Object(
  {
    id: Type.String(),
    rulesetId: Type.String(),
    name: Type.String(),
    type: StringEnum(RULE_TYPES),
    createdAt: Time,
    updatedAt: Time,
    title: Type.String(),
    severityOfAlerts: Type.Integer({ minimum: 1, maximum: 3 }),
    alertDescription: Type.String(),
    aggregateFields: Type.Array(Type.String()),
    filter: Type.String(),
    window: Type.Integer({ description: 'seconds' }),
    threshold: Type.Integer(),
    suppressions: Type.Array(Type.String(), { description: 'filters of events that never alert' }),
    enabled: Type.Boolean(),
    disabledReason: Type.Optional(
      Type.String({
        description:
          'present only when detection disabled the rule by itself: its filter no longer compiles, or it overran its organization\'s rule evaluation budget; enabling the rule clears it',
      }),
    ),
    fileIntegrityPaths: Type.Optional(Type.Array(FileIntegrityPath, { description: 'File rules only' })),
    ignoreFiles: Type.Optional(Type.Array(Type.String(), { description: 'File rules only' })),
    eventsToMonitor: Type.Optional(Type.Array(Type.String(), { description: 'File rules only' })),
  },
  { title: 'Rule' },
);

/** `{<key>: [...], token}` — exactly two keys, `token` null on the last page. */
export function Paged<T extends TSchema>(key: string, item: T) {
  return Type.Object({
    [key]: Type.Array(item),
    token: Nullable(Type.String({ description: 'pass as `token` to get the next page; null on the last page' })),
  });
}

/** Standard error responses for OpenAPI. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, ErrorBody]));

/** A 204 answer: no body (typed `void`, so handlers end with `reply.code(204).send()`). */
export const NoContent = Type.Unsafe<void>({ type: 'null' });
