/**
 * Webhook endpoints (Settings › Integrations): CRUD, enable/disable, secret rotation with a 24-hour
 * overlap, the delivery log, a test send and redelivery. Readers are refused writes by the Hawk hook.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { RULE_TYPES as SOURCES } from '@vigil/rules';
import { WEBHOOK_DELIVERY_STATUSES as DELIVERY_STATUSES, WEBHOOK_FORMATS as FORMATS } from '@vigil/store';
import type { Alert, WebhookEndpointPatch } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { errorResponses, NoContent, Paged, StringEnum, TokenQuery } from '../../http/schemas.js';
import { presentWebhookDelivery, presentWebhookEndpoint } from '../../presenters/webhooks.js';
import { deliverOptionsFrom, type DeliverOptions } from '../../webhooks/deliver.js';
import { sendAlert } from '../../webhooks/send-alert.js';
import { newWebhookSecret } from '../../webhooks/sign.js';
import { checkWebhookUrl } from '../../webhooks/url-safety.js';

const TAGS = ['Webhooks'];
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const DELIVERIES_PAGE = 100;

const Id = Type.String({ minLength: 1, maxLength: 128 });
const Params = Type.Object({ id: Id });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Nullable(Type.String({ format: 'date-time' }));

const Fields = {
  url: Type.String({ minLength: 1, maxLength: 2048, description: 'https:// URL whose host resolves to public addresses only (no IANA special-purpose range: loopback, private, link-local, NAT64, 6to4, …)' }),
  description: Type.String({ maxLength: 500 }),
  minSeverity: Type.Integer({ minimum: 1, maximum: 3, description: 'send alerts of this severity or higher (1 = high only, 3 = all; default 3)' }),
  rulesets: Nullable(Type.Array(Id, { maxItems: 100, description: 'only alerts of these rulesets; null or [] = all' })),
  sources: Nullable(Type.Array(StringEnum(SOURCES), { maxItems: 3, description: 'only alerts of rules of these types; null or [] = all' })),
  format: StringEnum(FORMATS, { description: 'payload format; default threatstack' }),
};
const CreateBody = Type.Object({
  url: Fields.url,
  description: Type.Optional(Fields.description),
  minSeverity: Type.Optional(Fields.minSeverity),
  rulesets: Type.Optional(Fields.rulesets),
  sources: Type.Optional(Fields.sources),
  format: Type.Optional(Fields.format),
  enabled: Type.Optional(Type.Boolean()),
});
const UpdateBody = Type.Object({
  url: Type.Optional(Fields.url),
  description: Type.Optional(Fields.description),
  minSeverity: Type.Optional(Fields.minSeverity),
  rulesets: Type.Optional(Fields.rulesets),
  sources: Type.Optional(Fields.sources),
  format: Type.Optional(Fields.format),
});

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  minSeverity: Type.Integer(),
  rulesets: Nullable(Type.Array(Type.String())),
  sources: Nullable(Type.Array(Type.String())),
  format: Type.String(),
  enabled: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  failingSince: Time,
  previousSecretExpiresAt: Time,
  createdAt: Time,
  updatedAt: Time,
});
const EndpointWithSecret = Type.Object({
  ...Endpoint.properties,
  secret: Type.String({ description: 'whsec_… signing secret; shown only here and on rotation' }),
});
const Attempt = Type.Object({
  attemptedAt: Time,
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseBody: Nullable(Type.String({ description: 'first 64 KiB of the response' })),
});
const Delivery = Type.Object({
  id: Type.String({ description: 'the webhook-id header of every attempt' }),
  alertId: Type.String({ description: 'for a test send, the id of the sample alert' }),
  test: Type.Boolean({ description: 'true for a send by POST …/{id}/test (never retried)' }),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  createdAt: Time,
  lastAttemptAt: Time,
  nextAttemptAt: Time,
  log: Type.Array(Attempt),
});
const DeliveriesQuery = Type.Object({
  status: Type.Optional(StringEnum(DELIVERY_STATUSES, { description: 'only deliveries in this state' })),
  ...TokenQuery,
});
const TestOutcome = Type.Object({
  success: Type.Boolean(),
  deliveryId: Type.String({ description: 'the test send in the delivery log (and its webhook-id)' }),
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
  responseBody: Nullable(Type.String()),
});

type Params = Type.Static<typeof Params>;

/** Registers `/integrations/webhooks…` on the v2 context. */
export async function webhookRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store, config } = app.vigil;
  const policy = { allowHttp: config.webhooks.allowHttp, allowPrivate: config.webhooks.allowPrivate };

  async function checkedUrl(url: string): Promise<string> {
    const check = await checkWebhookUrl(url, policy);
    if (!check.ok) throw apiError('VIGIL_INVALID_PARAMETER', 'url', check.reason);
    return check.url.href;
  }

  async function found(request: FastifyRequest<{ Params: Params }>) {
    const endpoint = await store.webhooks.getEndpoint(callerOf(request).orgId, request.params.id);
    if (endpoint === undefined) throw apiError('VIGIL_NOT_FOUND', 'Webhook');
    return endpoint;
  }

  const tokens = app.vigil.tokens('webhook-deliveries');
  // Made on first use: the keep-alive agents and CA of test sends, shared by every test request.
  let deliverOptions: DeliverOptions | undefined;
  const testDeliverOptions = () => (deliverOptions ??= deliverOptionsFrom(config.webhooks));

  const consoleUrl = (request: FastifyRequest) => (config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');

  app.get(
    '/integrations/webhooks',
    { schema: { tags: TAGS, summary: 'List webhook endpoints', response: { 200: Type.Object({ webhooks: Type.Array(Endpoint) }), ...errorResponses(401, 403, 429) } } },
    async (request) => ({ webhooks: (await store.webhooks.listEndpoints(callerOf(request).orgId)).map(presentWebhookEndpoint) }),
  );

  app.post(
    '/integrations/webhooks',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a webhook endpoint; the answer carries its signing secret, shown only once',
        body: CreateBody,
        response: { 201: EndpointWithSecret, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { orgId } = callerOf(request);
      const body = request.body;
      const url = await checkedUrl(body.url);
      const secret = newWebhookSecret();
      const endpoint = await store.webhooks.createEndpoint({
        orgId,
        url,
        secret,
        description: body.description ?? '',
        minSeverity: (body.minSeverity ?? 3) as 1 | 2 | 3,
        rulesets: body.rulesets ?? null,
        sources: body.sources ?? null,
        format: body.format ?? 'threatstack',
        enabled: body.enabled ?? true,
      });
      await app.vigil.audit(request, {
        crud: 'create',
        action: 'create_webhook',
        description: `Created webhook endpoint ${url}`,
        context: { webhookId: endpoint.id },
      });
      return reply.code(201).send({ ...presentWebhookEndpoint(endpoint), secret });
    },
  );

  app.get(
    '/integrations/webhooks/:id',
    { schema: { tags: TAGS, summary: 'Get a webhook endpoint', params: Params, response: { 200: Endpoint, ...errorResponses(401, 403, 404, 429) } } },
    async (request) => presentWebhookEndpoint(await found(request)),
  );

  app.put(
    '/integrations/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Update a webhook endpoint (omitted fields are unchanged)',
        params: Params,
        body: UpdateBody,
        response: { 200: Endpoint, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      await found(request);
      const body = request.body;
      const patch: WebhookEndpointPatch = {};
      if (body.url !== undefined) patch.url = await checkedUrl(body.url);
      if (body.description !== undefined) patch.description = body.description;
      if (body.minSeverity !== undefined) patch.minSeverity = body.minSeverity as 1 | 2 | 3;
      if (body.rulesets !== undefined) patch.rulesets = body.rulesets;
      if (body.sources !== undefined) patch.sources = body.sources;
      if (body.format !== undefined) patch.format = body.format;
      const updated = await store.webhooks.updateEndpoint(callerOf(request).orgId, request.params.id, patch, Date.now());
      if (updated === undefined) throw apiError('VIGIL_NOT_FOUND', 'Webhook');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'update_webhook',
        description: `Updated webhook endpoint ${updated.url}`,
        context: { webhookId: updated.id, fields: Object.keys(patch) },
      });
      return presentWebhookEndpoint(updated);
    },
  );

  app.delete(
    '/integrations/webhooks/:id',
    { schema: { tags: TAGS, summary: 'Delete a webhook endpoint and its delivery log (204)', params: Params, response: { 204: NoContent, ...errorResponses(401, 403, 404, 429) } } },
    async (request, reply) => {
      const endpoint = await found(request);
      await store.webhooks.deleteEndpoint(callerOf(request).orgId, endpoint.id);
      await app.vigil.audit(request, {
        crud: 'delete',
        action: 'delete_webhook',
        description: `Deleted webhook endpoint ${endpoint.url}`,
        context: { webhookId: endpoint.id },
      });
      return reply.code(204).send();
    },
  );

  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    app.post(
      `/integrations/webhooks/:id/${verb}`,
      {
        schema: {
          tags: TAGS,
          summary: enabled ? 'Enable a webhook endpoint (clears its failure state)' : 'Disable a webhook endpoint',
          params: Params,
          response: { 200: Endpoint, ...errorResponses(401, 403, 404, 429) },
        },
      },
      async (request) => {
        await found(request);
        const updated = await store.webhooks.setEnabled(callerOf(request).orgId, request.params.id, enabled, Date.now());
        if (updated === undefined) throw apiError('VIGIL_NOT_FOUND', 'Webhook');
        await app.vigil.audit(request, {
          crud: 'update',
          action: `${verb}_webhook`,
          description: `${enabled ? 'Enabled' : 'Disabled'} webhook endpoint ${updated.url}`,
          context: { webhookId: updated.id },
        });
        return presentWebhookEndpoint(updated);
      },
    );
  }

  app.post(
    '/integrations/webhooks/:id/rotate-secret',
    {
      schema: {
        tags: TAGS,
        summary: 'Issue a new signing secret; the previous one also signs for 24 hours',
        params: Params,
        response: { 200: EndpointWithSecret, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      await found(request);
      const at = Date.now();
      const secret = newWebhookSecret();
      const updated = await store.webhooks.rotateSecret(callerOf(request).orgId, request.params.id, secret, at, at + ROTATION_OVERLAP_MS);
      if (updated === undefined) throw apiError('VIGIL_NOT_FOUND', 'Webhook');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'rotate_webhook_secret',
        description: `Rotated the signing secret of webhook endpoint ${updated.url}`,
        context: { webhookId: updated.id },
      });
      return { ...presentWebhookEndpoint(updated), secret };
    },
  );

  app.get(
    '/integrations/webhooks/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'The delivery log of an endpoint, newest first, with every attempt',
        description: `${DELIVERIES_PAGE} deliveries per page; pass \`token\` (with the same \`status\`) for the next page. Test sends are included, marked \`test\`.`,
        params: Params,
        querystring: DeliveriesQuery,
        response: { 200: Paged('deliveries', Delivery), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request);
      const q = request.query;
      // The endpoint id is part of the query the token is bound to: a token of another endpoint is refused.
      const scope = { ...q, endpoint: request.params.id };
      const after = cursorFrom(tokens, scope);
      const endpoint = await found(request);
      const page = await store.webhooks.pageDeliveries(orgId, endpoint.id, { status: q.status }, { limit: DELIVERIES_PAGE, after });
      const attempts = await store.webhooks.listAttemptsOf(orgId, page.items.map((d) => d.id));
      return pageBody('deliveries', page, (d) => presentWebhookDelivery(d, attempts.get(d.id) ?? []), tokens, scope);
    },
  );

  app.post(
    '/integrations/webhooks/:id/test',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a sample alert to the endpoint now and return the outcome (logged as a test delivery, not retried)',
        params: Params,
        response: { 200: TestOutcome, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request);
      await found(request);
      const endpoint = (await store.webhooks.getEndpointWithSecrets(orgId, request.params.id))!;
      const at = Date.now();
      const sample: Alert = {
        id: `test-${at}`,
        orgId,
        title: 'Vigil test alert: webhook delivery works',
        dataSource: 'agent',
        createdAt: at,
        severity: 3,
        agentId: null,
        ruleId: null,
        rulesetId: null,
        isDismissed: false,
        dismissedAt: null,
        dismissReason: null,
        dismissReasonText: null,
        dismissedBy: null,
        aggregates: [],
      };
      const messageId = `msg_test_${randomBytes(16).toString('hex')}`;
      const r = await sendAlert(store, endpoint, sample, messageId, testDeliverOptions(), consoleUrl(request), at);
      const success = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
      await store.webhooks.recordTestDelivery({
        id: messageId,
        orgId,
        endpointId: endpoint.id,
        alertId: sample.id,
        succeeded: success,
        attempt: { attemptedAt: at, statusCode: r.statusCode, latencyMs: r.latencyMs, error: r.error, responseBody: r.body },
      });
      return { success, deliveryId: messageId, statusCode: r.statusCode, latencyMs: r.latencyMs, error: r.error, responseBody: r.body };
    },
  );

  app.post(
    '/integrations/webhooks/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags: TAGS,
        summary: 'Send a delivery again now (same webhook-id; the retry schedule restarts)',
        params: Type.Object({ deliveryId: Id }),
        response: { 202: Delivery, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { orgId } = callerOf(request);
      const existing = await store.webhooks.getDelivery(orgId, request.params.deliveryId);
      if (existing?.test) throw apiError('VIGIL_BAD_REQUEST', 'A test send cannot be redelivered; send a new test instead');
      const d = await store.webhooks.redeliver(orgId, request.params.deliveryId, Date.now());
      if (d === undefined) throw apiError('VIGIL_NOT_FOUND', 'Delivery');
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'redeliver_webhook',
        description: `Queued delivery ${d.id} of alert ${d.alertId} again`,
        context: { webhookId: d.endpointId, deliveryId: d.id },
      });
      return reply.code(202).send(presentWebhookDelivery(d, await store.webhooks.listAttempts(orgId, d.id)));
    },
  );
}
