/**
 * The SDK's types cannot drift from the server: each exported request and response type is compared, field
 * by field, with the schema the server publishes at /openapi.json (see helpers/type-drift.ts). A failure
 * names the type, the field and both sides, e.g. `Agent.instanceId: the spec says null | string, the SDK
 * type says string`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '@vigil/server/testing';
import { drift, schemaFields, TypeReader } from './helpers/type-drift.js';

/** Where a type's schema sits: an operation, its request body or a response, then properties ('x') and array items ('[]'). */
interface Place {
  type: string;
  op: string;
  /** 'request' (the JSON body), 'query' (the query parameters) or a response status */
  part: 'request' | 'query' | `${number}`;
  pointer?: string[];
  /** spec fields the SDK type deliberately leaves out, with the reason */
  omit?: Record<string, string>;
  /** why the SDK type is one shape of several the schema allows (its optional fields may be left out) */
  subset?: string;
}

const RESPONSES: Place[] = [
  { type: 'Agent', op: 'GET /v2/agents/{agentId}', part: '200' },
  { type: 'Tag', op: 'GET /v2/agents/{agentId}', part: '200', pointer: ['tags', '[]'] },
  { type: 'Alert', op: 'GET /v2/alerts/{alertId}', part: '200' },
  { type: 'AlertEvent', op: 'GET /v2/alerts/{alertId}/events', part: '200', pointer: ['events', '[]'] },
  { type: 'SeverityCount', op: 'GET /v2/alerts/severity-counts', part: '200', pointer: ['severityCounts', '[]'] },
  { type: 'Member', op: 'GET /v2/organizations/members', part: '200', pointer: ['members', '[]'] },
  { type: 'Invite', op: 'POST /v2/organizations/invites', part: '200' },
  { type: 'AuditRecord', op: 'GET /v2/auditlogs', part: '200', pointer: ['recs', '[]'] },
  { type: 'Ec2Server', op: 'GET /v2/aws/ec2', part: '200', pointer: ['servers', '[]'] },
  { type: 'ServerAgent', op: 'GET /v2/aws/ec2', part: '200', pointer: ['servers', '[]', 'agents', '[]'] },
  { type: 'ServerImportResult', op: 'PUT /v2/aws/ec2/imports', part: '200' },
  { type: 'Vulnerability', op: 'GET /v2/vulnerabilities/{cve}', part: '200' },
  { type: 'AffectedServer', op: 'GET /v2/vulnerabilities/{cve}/servers', part: '200', pointer: ['servers', '[]'] },
  { type: 'VulnerabilitySuppression', op: 'GET /v2/vulnerabilities/suppressions/{id}', part: '200' },
  { type: 'Ruleset', op: 'GET /v2/rulesets/{rulesetId}', part: '200' },
  { type: 'Rule', op: 'GET /v2/rulesets/{rulesetId}/rules/{ruleId}', part: '200' },
  { type: 'RuleTags', op: 'GET /v2/rules/{ruleId}/tags', part: '200' },
  { type: 'WebhookEndpoint', op: 'GET /v2/integrations/webhooks/{id}', part: '200' },
  { type: 'WebhookEndpointWithSecret', op: 'POST /v2/integrations/webhooks', part: '201' },
  { type: 'WebhookDelivery', op: 'GET /v2/integrations/webhooks/{id}/deliveries', part: '200', pointer: ['deliveries', '[]'] },
  { type: 'WebhookAttempt', op: 'GET /v2/integrations/webhooks/{id}/deliveries', part: '200', pointer: ['deliveries', '[]', 'log', '[]'] },
  { type: 'WebhookTestOutcome', op: 'POST /v2/integrations/webhooks/{id}/test', part: '200' },
  { type: 'AgentCredentials', op: 'POST /agent/v1/register', part: '200' },
  { type: 'HeartbeatAnswer', op: 'POST /agent/v1/heartbeat', part: '200' },
  { type: 'BatchResult', op: 'POST /agent/v1/events', part: '200' },
  { type: 'TqIndicator', op: 'GET /api/indicators/{id}', part: '200', pointer: ['data'] },
  { type: 'TqIndicatorType', op: 'GET /api/indicator/types', part: '200', pointer: ['data', '[]'] },
  { type: 'TqIndicatorStatus', op: 'GET /api/indicator/statuses', part: '200', pointer: ['data', '[]'] },
  { type: 'TqOAuthClient', op: 'POST /api/oauth/clients', part: '201', pointer: ['data'] },
  { type: 'TqEvent', op: 'GET /api/events/{id}', part: '200', pointer: ['data'] },
  { type: 'TqEventType', op: 'GET /api/event/types', part: '200', pointer: ['data', '[]'] },
  { type: 'TqAdversary', op: 'GET /api/adversaries/{id}', part: '200', pointer: ['data'] },
  { type: 'TqAttachment', op: 'GET /api/attachments/{id}', part: '200', pointer: ['data'] },
  { type: 'TqAttachmentType', op: 'GET /api/attachments/types', part: '200', pointer: ['data', '[]'] },
];

/** The SDK follows page tokens itself (`for await`, `.pages()`). */
const PAGED = 'the SDK follows page tokens itself';

/** Read-only fields a rule or ruleset body may carry (so what GET returned can be PUT back); the server ignores them. */
const ECHOED = 'read-only, accepted and ignored so that what GET returned can be sent back';

const REQUESTS: Place[] = [
  {
    type: 'RulesetInput',
    op: 'POST /v2/rulesets',
    part: 'request',
    omit: { rulesIds: 'an alias of ruleIds', rules: 'an alias of ruleIds', id: ECHOED, createdAt: ECHOED, updatedAt: ECHOED },
  },
  {
    type: 'RuleInput',
    op: 'POST /v2/rulesets/{rulesetId}/rules',
    part: 'request',
    omit: { id: ECHOED, rulesetId: ECHOED, createdAt: ECHOED, updatedAt: ECHOED, disabledReason: ECHOED },
  },
  { type: 'TagInput', op: 'PUT /v2/rules/{ruleId}/tags', part: 'request', pointer: ['inclusion', '[]'] },
  { type: 'SuppressionInput', op: 'POST /v2/vulnerabilities/suppressions', part: 'request' },
  { type: 'WebhookCreateInput', op: 'POST /v2/integrations/webhooks', part: 'request' },
  { type: 'WebhookInput', op: 'PUT /v2/integrations/webhooks/{id}', part: 'request' },
  {
    type: 'AgentRegistration',
    op: 'POST /agent/v1/register',
    part: 'request',
    omit: { deployKey: 'AgentClient.register sends the deploy key as Authorization: Bearer' },
  },
  { type: 'HeartbeatReport', op: 'POST /agent/v1/heartbeat', part: 'request' },
  { type: 'DismissByIds', op: 'POST /v2/alerts/dismiss', part: 'request', subset: 'one body dismisses by ids or by query' },
  { type: 'DismissByQuery', op: 'POST /v2/alerts/dismiss', part: 'request', subset: 'one body dismisses by ids or by query' },
  { type: 'AgentListParams', op: 'GET /v2/agents', part: 'query', omit: { token: PAGED } },
  { type: 'AlertListParams', op: 'GET /v2/alerts', part: 'query', omit: { token: PAGED } },
  { type: 'ServerListParams', op: 'GET /v2/aws/ec2', part: 'query', omit: { token: PAGED, isMonitored: 'an alias of monitored' } },
  { type: 'AuditLogListParams', op: 'GET /v2/auditlogs', part: 'query', omit: { token: PAGED, userID: 'an alias of userId' } },
];

/** The query parameters as one object schema, so they compare like a body. */
function queryAsObject(parameters: Array<{ in: string; name: string; required?: boolean; schema: unknown }>): object {
  const query = parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    required: query.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
  };
}

function schemaAt(doc: any, place: Place): any {
  const [method, path] = place.op.split(' ') as [string, string];
  const operation = doc.paths?.[path]?.[method.toLowerCase()];
  assert.ok(operation, `${place.op} is not in /openapi.json`);
  let schema =
    place.part === 'request'
      ? operation.requestBody?.content?.['application/json']?.schema
      : place.part === 'query'
        ? queryAsObject(operation.parameters ?? [])
        : operation.responses?.[place.part]?.content?.['application/json']?.schema;
  assert.ok(schema, `${place.op} has no ${place.part} schema`);
  for (const step of place.pointer ?? []) {
    // `array | null` is an anyOf; the items are in its array branch.
    const array = schema.items ? schema : (schema.anyOf ?? []).find((s: any) => s.items);
    schema = step === '[]' ? array?.items : schema.properties?.[step];
    assert.ok(schema, `${place.op} ${place.part}: no ${place.pointer!.join('.')}`);
  }
  return schema;
}

describe('SDK types against the server’s OpenAPI', () => {
  let server: TestServer;
  let doc: any;
  let sdk: TypeReader;
  before(async () => {
    // The document does not depend on the database; SQLite is the quicker to start.
    server = await startTestServer('sqlite');
    doc = await (await fetch(`${server.url}/openapi.json`)).json();
    sdk = new TypeReader(fileURLToPath(new URL('../src/index.ts', import.meta.url)));
  });
  after(() => server.close());

  for (const [direction, places] of [['response', RESPONSES], ['request', REQUESTS]] as const) {
    it(`every ${direction} type has the fields and kinds of its schema`, () => {
      const problems: string[] = [];
      for (const place of places) {
        const spec = schemaFields(schemaAt(doc, place));
        for (const field of Object.keys(place.omit ?? {})) spec.fields.delete(field);
        const mine = sdk.fields(place.type);
        // Every SDK call takes an AbortSignal; it never goes on the wire.
        if (direction === 'request') mine.delete('signal');
        problems.push(...drift(place.type, mine, spec, direction, place.subset !== undefined));
      }
      assert.deepEqual(problems, [], `the SDK's types differ from /openapi.json:\n  ${problems.join('\n  ')}`);
    });
  }
});
