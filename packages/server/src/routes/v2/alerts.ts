/**
 * Alerts (reference §2 rows 3–7): list, get, events, severity counts and dismissal.
 * @module
 */
import { Type } from 'typebox';
import { DISMISS_REASONS as REASONS, type DismissReason } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { cursorFrom, pageBytes } from '../../http/paging.js';
import { Alert, AlertEvent, errorResponses, StringEnum, Paged, TimeQuery, TokenQuery } from '../../http/schemas.js';
import { parseIsoTime, parseTimeRange } from '../../http/time.js';
import { createAlertFragments } from '../../presenters/alert-fragments.js';
import { presentAlert, presentEvent } from '../../presenters/v2.js';

const PAGE_SIZE = 100;
/** the item schema, as fastify's serializer compiler takes it (compiled once per route, then looked up) */
const ALERT_SCHEMA = Alert as unknown as Record<string, unknown>;
const MAX_DISMISS_IDS = 512;

const SeverityParam = Type.Integer({ minimum: 1, maximum: 3, description: '1 (high), 2 (medium) or 3 (low)' });
const Id = Type.String({ minLength: 1, maxLength: 128 });

const ListQuery = Type.Object({
  status: StringEnum(['active', 'dismissed'], { description: 'required' }),
  severity: Type.Optional(SeverityParam),
  agentId: Type.Optional(Id),
  ruleId: Type.Optional(Id),
  rulesetId: Type.Optional(Id),
  ...TimeQuery,
  ...TokenQuery,
});
type ListQuery = Type.Static<typeof ListQuery>;

const CountQuery = Type.Object({ ...TimeQuery });

const DismissBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_DISMISS_IDS, description: 'up to 512 alert ids' })),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    until: Type.Optional(Type.String({ maxLength: 40 })),
    severity: Type.Optional(SeverityParam),
    ruleID: Type.Optional(Id),
    agentID: Type.Optional(Id),
    ruleId: Type.Optional(Id),
    agentId: Type.Optional(Id),
    dismissReason: Type.String({
      description: 'BUSINESS_OP, COMPANY_POLICY, MAINTENANCE or OTHER, in any case',
      maxLength: 32,
    }),
    dismissReasonText: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  {
    description:
      'Either `ids`, or `from` and `until` optionally narrowed by `severity`, `ruleID` and `agentID` (`ruleId`/`agentId` also accepted).',
  },
);
type DismissBody = Type.Static<typeof DismissBody>;

function parseReason(raw: string): DismissReason {
  const reason = raw.trim().toUpperCase() as DismissReason;
  if (!REASONS.includes(reason)) {
    throw apiError('VIGIL_INVALID_PARAMETER', 'body field dismissReason', `must be one of ${REASONS.join(', ')}`);
  }
  return reason;
}

function requiredTime(body: DismissBody, name: 'from' | 'until'): number {
  const raw = body[name];
  if (raw === undefined) throw apiError('VIGIL_MISSING_PARAMETER', `${name} (or ids)`);
  const t = parseIsoTime(raw);
  if (t === undefined) throw apiError('VIGIL_INVALID_PARAMETER', name, `"${raw}" is not an ISO-8601 date or time`);
  return t;
}

/** Registers the alert routes on a Hawk-protected context. */
export async function alertRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store, responses } = app.vigil;
  const tokens = app.vigil.tokens('alerts');
  const fragments = createAlertFragments();

  app.get(
    '/alerts',
    {
      schema: {
        tags: ['Alerts'],
        summary: 'List alerts',
        description:
          'Alerts of the organization, newest first, 100 per page. `from`/`until` filter on `createdAt` and are open-ended by default.',
        querystring: ListQuery,
        response: { 200: Paged('alerts', Alert), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const range = parseTimeRange(q);
      const after = cursorFrom(tokens, q);
      return responses.serve(request, reply, 'alerts', async () => {
        const orgId = callerOf(request).orgId;
        const filter = {
          isDismissed: q.status === 'dismissed',
          severity: q.severity as 1 | 2 | 3 | undefined,
          agentId: q.agentId,
          ruleId: q.ruleId,
          rulesetId: q.rulesetId,
          ...range,
        };
        const pageRequest = { limit: PAGE_SIZE, after };
        // Usually every alert of the page was served before: the index says which they are, and their
        // texts are kept. Otherwise the page is read whole (one consistent read) and its new alerts kept.
        const refs = await store.alerts.listRefs(orgId, filter, pageRequest);
        const kept = fragments.all(orgId, filter.isDismissed, refs.items);
        if (kept) return pageBytes('alerts', kept, refs.next, tokens, q);
        const page = await store.alerts.list(orgId, filter, pageRequest);
        const serialize = reply.compileSerializationSchema(ALERT_SCHEMA) as (alert: unknown) => string;
        const texts = page.items.map((alert) => fragments.of(alert, (a) => serialize(presentAlert(a))));
        return pageBytes('alerts', texts, page.next, tokens, q);
      });
    },
  );

  app.get(
    '/alerts/severity-counts',
    {
      schema: {
        tags: ['Alerts'],
        summary: 'Count active alerts by severity',
        description: 'Active (not dismissed) alerts created within `from`/`until` (all time by default).',
        querystring: CountQuery,
        response: {
          200: Type.Object({
            severityCounts: Type.Array(Type.Object({ severity: Type.Integer(), count: Type.Integer() })),
          }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const range = parseTimeRange(request.query);
      return responses.serve(request, reply, 'alerts', async () => ({
        severityCounts: await store.alerts.severityCounts(callerOf(request).orgId, range),
      }));
    },
  );

  app.post(
    '/alerts/dismiss',
    {
      schema: {
        tags: ['Alerts'],
        summary: 'Dismiss alerts by id or by time range',
        body: DismissBody,
        response: {
          200: Type.Object({ dismissedCount: Type.Integer({ description: 'alerts that changed to dismissed' }) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      const body = request.body;
      const orgId = callerOf(request).orgId;
      const reason = parseReason(body.dismissReason);
      const dismissal = { reason, text: body.dismissReasonText ?? null, by: callerOf(request).userId, at: Date.now() };
      const hasQuery = body.from !== undefined || body.until !== undefined;
      let dismissedCount: number;
      let context: Record<string, unknown>;
      if (body.ids) {
        if (hasQuery) throw apiError('VIGIL_BAD_REQUEST', 'Send either ids or from/until, not both');
        const ids = [...new Set(body.ids)];
        const known = new Set(await store.alerts.existingIds(orgId, ids));
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length > 0) {
          throw apiError('VIGIL_NOT_FOUND', `Alerts ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
        }
        dismissedCount = await store.alerts.dismissByIds(orgId, ids, dismissal);
        context = { ids, dismissReason: reason };
      } else {
        const from = requiredTime(body, 'from');
        const until = requiredTime(body, 'until');
        if (until < from) throw apiError('VIGIL_BAD_TIME_RANGE');
        const ruleId = body.ruleID ?? body.ruleId;
        const agentId = body.agentID ?? body.agentId;
        const severity = body.severity as 1 | 2 | 3 | undefined;
        dismissedCount = await store.alerts.dismissByQuery(orgId, { from, until, severity, ruleId, agentId }, dismissal);
        context = { from: body.from, until: body.until, severity, ruleId, agentId, dismissReason: reason };
      }
      await app.vigil.audit(request, {
        crud: 'update',
        action: 'dismiss_alerts',
        description: `Dismissed ${dismissedCount} alert(s) (${reason})`,
        context: { ...context, dismissedCount },
      });
      return { dismissedCount };
    },
  );

  app.get(
    '/alerts/:alertId',
    {
      schema: {
        tags: ['Alerts'],
        summary: 'Get one alert',
        params: Type.Object({ alertId: Id }),
        response: { 200: Alert, ...errorResponses(401, 404, 429) },
      },
    },
    async (request, reply) =>
      responses.serve(request, reply, 'alerts', async () => {
        const alert = await store.alerts.get(callerOf(request).orgId, request.params.alertId);
        if (!alert) throw apiError('VIGIL_NOT_FOUND', 'Alert');
        return presentAlert(alert);
      }),
  );

  app.get(
    '/alerts/:alertId/events',
    {
      schema: {
        tags: ['Alerts'],
        summary: "The alert's events",
        params: Type.Object({ alertId: Id }),
        response: { 200: Type.Object({ events: Type.Array(AlertEvent) }), ...errorResponses(401, 404, 429) },
      },
    },
    async (request, reply) =>
      responses.serve(request, reply, 'alerts', async () => {
        const events = await store.alerts.events(callerOf(request).orgId, request.params.alertId);
        if (!events) throw apiError('VIGIL_NOT_FOUND', 'Alert');
        return { events: events.map(presentEvent) };
      }),
  );
}
