/**
 * TypeBox schemas of REST v1's objects, for response serialisation and the OpenAPI document. Every key is
 * optional because `fields` may leave any of them out; without `fields` all are present. Field names from
 * the v1 sources are listed in presenters/v1.ts; those marked "derived" are v2 fields in snake_case.
 * @module
 */
import { Type, type TObject, type TProperties, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const EpochMs = Type.Integer({ description: 'epoch milliseconds' });
const Derived = (t: TSchema, what = 'derived from v2 (snake_case); not a documented v1 field') =>
  Type.Unsafe({ ...t, description: what });

/** All keys optional (a `fields` partial response), extra keys allowed (events carry the agent's fields). */
function V1Object<P extends TProperties>(title: string, properties: P, description: string): TObject {
  return Type.Partial(Type.Object(properties), { title, description }) as unknown as TObject;
}

const Tag = Type.Object({ source: Type.String(), key: Type.String(), value: Type.String() });

export const V1Agent = V1Object(
  'V1Agent',
  {
    id: Type.String(),
    organization_id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    hostname: Type.String(),
    ip_address: Nullable(Type.String({ description: 'first private (else public) address, without prefix length' })),
    version: Type.String(),
    status: Type.String({ description: 'always `active` (registered)' }),
    online: Type.Boolean({ description: 'v2 status = online' }),
    enabled: Type.Boolean(),
    pause: Type.Boolean(),
    created_at: Time,
    activated_at: Time,
    updated_at: Time,
    last_reported_at: Nullable(Time),
    instance_id: Derived(Nullable(Type.String())),
    agent_type: Derived(Type.String()),
    os_version: Derived(Type.String()),
    kernel: Derived(Type.String()),
    ip_addresses: Derived(
      Type.Object({
        private: Type.Array(Type.String()),
        link_local: Type.Array(Type.String()),
        public: Type.Array(Type.String()),
      }),
    ),
    tags: Derived(Type.Array(Tag)),
  },
  'An agent (host) in v1 shape.',
);

const ruleProperties = {
  id: Type.String(),
  policy_id: Type.String({ description: 'the ruleset (v1 policy) holding the rule' }),
  ruleset_id: Derived(Type.String()),
  organization_id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  title: Type.String(),
  severity: Type.Integer({ minimum: 1, maximum: 3, description: 'v2 severityOfAlerts' }),
  alert_description: Derived(Type.String()),
  aggregate_fields: Derived(Type.Array(Type.String())),
  filter: Derived(Type.String()),
  window: Derived(Type.Integer(), 'seconds; derived from v2'),
  threshold: Derived(Type.Integer()),
  suppressions: Derived(Type.Array(Type.String())),
  enabled: Type.Boolean(),
  created_at: Time,
  updated_at: Time,
  file_integrity_paths: Derived(
    Type.Array(Type.Object({ path: Type.String(), recursive: Type.Boolean() })),
    'File rules only; derived from v2',
  ),
  ignore_files: Derived(Type.Array(Type.String()), 'File rules only; derived from v2'),
  events_to_monitor: Derived(Type.Array(Type.String()), 'File rules only; derived from v2'),
};

export const V1Rule = Type.Object(
  Object.fromEntries(Object.entries(ruleProperties).map(([k, v]) => [k, Type.Optional(v)])),
  { title: 'V1Rule', description: 'A rule in v1 shape (field names derived from v2 in snake_case).' },
);

export const V1Event = Type.Object(
  { id: Type.String(), alert_id: Type.String(), timestamp: EpochMs },
  { additionalProperties: true, title: 'V1Event', description: 'an event as the agent sent it, plus id, alert_id and time' },
);

export const V1Alert = V1Object(
  'V1Alert',
  {
    id: Type.String(),
    organization_id: Type.String(),
    title: Type.String(),
    type: Type.String({ description: 'always `rule`' }),
    data_source: Derived(Type.String()),
    severity: Type.Integer({ minimum: 1, maximum: 3 }),
    active: Type.Boolean({ description: 'not dismissed' }),
    dismissed: Type.Boolean(),
    dismissed_at: Derived(Nullable(EpochMs)),
    dismiss_reason: Derived(Nullable(Type.String())),
    dismiss_reason_text: Derived(Nullable(Type.String())),
    dismissed_by: Derived(Nullable(Type.String())),
    agent_id: Nullable(Type.String()),
    rule_id: Nullable(Type.String()),
    alert_policy_id: Nullable(Type.String({ description: 'the ruleset of the rule' })),
    count: Type.Integer({ description: 'events attached to the alert' }),
    created_at: EpochMs,
    expires_at: Nullable(Type.Integer({ description: 'epoch ms: created_at + the rule window' })),
    last_updated_at: Type.String({ format: 'date-time', description: 'time of the newest event' }),
    aggregates: Derived(Type.Array(Type.Object({ fieldName: Type.String() }, { additionalProperties: true }))),
    latest_events: Type.Array(V1Event, { description: 'the newest events (up to 5), newest first' }),
    rule: Nullable(V1Rule),
  },
  'An alert in v1 shape, with `latest_events` and its `rule` embedded.',
);

export const V1Policy = V1Object(
  'V1Policy',
  {
    id: Type.String(),
    organization_id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    enabled: Type.Boolean(),
    read_only: Type.Boolean(),
    created_at: Time,
    updated_at: Time,
    alert_rule_count: Type.Integer(),
    rules: Derived(Type.Array(V1Rule), 'every rule of the ruleset'),
    file_integrity_rules: Type.Array(V1Rule, { description: 'its File rules' }),
  },
  'A ruleset ("ruleset supersedes policies") in v1 shape.',
);

export const V1Organization = V1Object(
  'V1Organization',
  { id: Type.String(), name: Type.String(), role: Type.String({ description: "the caller's role" }) },
  'An organization the API key’s user belongs to.',
);

export const V1User = V1Object(
  'V1User',
  {
    id: Type.String(),
    display_name: Type.String(),
    name: Type.Object({ first: Type.String(), last: Type.String() }, { description: 'display_name split at its last space' }),
    email: Type.String(),
    role: Type.String(),
    organization_id: Type.String(),
    created_at: Derived(Time),
    last_authenticated_at: Derived(Nullable(EpochMs)),
    enabled: Derived(Type.Boolean()),
  },
  'A member of the organization in v1 shape.',
);

export const V1Log = V1Object(
  'V1Log',
  {
    id: Type.String(),
    timestamp: EpochMs,
    user: Nullable(Type.String({ description: 'the user’s email' })),
    user_id: Nullable(Type.String()),
    user_email: Derived(Nullable(Type.String())),
    organization_id: Type.String(),
    type: Type.String({ description: 'create, read, update or delete' }),
    action: Type.String(),
    source: Type.String(),
    result: Derived(Type.String()),
    description: Type.String(),
    context: Type.Object({}, { additionalProperties: true }),
  },
  'An audit record in v1 shape.',
);
