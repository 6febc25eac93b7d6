/**
 * `GET /api/v1/alerts` and `GET /api/v1/alerts/{id}` (reference §2.1): every alert, active and dismissed,
 * with its newest events (`latest_events`) and its rule (`rule`) embedded.
 * @module
 */
import { Type } from 'typebox';
import type { Alert, Rule, Store } from '@vigil/store';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import { LATEST_EVENTS, presentAlertV1 } from '../../presenters/v1.js';
import { ItemQuery, ListQuery, pick, readListQuery, requestedFields } from './list-query.js';
import { V1Alert } from './schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Loads what the v1 alert shape embeds: events in one query, each distinct rule once. */
async function presentAll(store: Store, orgId: string, alerts: Alert[], fields: string[] | undefined) {
  const wants = (...keys: string[]) => !fields || keys.some((k) => fields.includes(k));
  const ids = alerts.map((a) => a.id);
  const events = wants('latest_events', 'count', 'last_updated_at')
    ? await store.alerts.latestEvents(orgId, ids, LATEST_EVENTS)
    : new Map();
  const rules = new Map<string, Rule | undefined>();
  if (wants('rule', 'expires_at')) {
    for (const ruleId of new Set(alerts.map((a) => a.ruleId).filter((id): id is string => id !== null))) {
      rules.set(ruleId, await store.rulesets.getRule(orgId, ruleId));
    }
  }
  return alerts.map((a) =>
    pick(presentAlertV1(a, events.get(a.id), a.ruleId === null ? undefined : rules.get(a.ruleId)), fields),
  );
}

/** Registers the v1 alert routes on an API-key-protected context. */
export async function alertRoutesV1(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store } = app.vigil;

  app.get(
    '/alerts',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'List alerts (v1)',
        description:
          'Alerts of the organization, active and dismissed, newest first, each with `latest_events` (up to 5, newest first) and `rule`. `start`/`end` filter on `created_at`.',
        security: [{ v1ApiKey: [] }],
        querystring: ListQuery,
        response: { 200: Type.Array(V1Alert), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const { page, range } = readListQuery(request.query);
      const alerts = await store.alerts.listByOffset(orgId, range, page);
      return presentAll(store, orgId, alerts, requestedFields(request.query.fields));
    },
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags: ['REST v1'],
        summary: 'Get one alert (v1)',
        description: 'The alert with `latest_events` (up to 5, newest first) and its `rule` (null once deleted).',
        security: [{ v1ApiKey: [] }],
        params: IdParams,
        querystring: ItemQuery,
        response: { 200: V1Alert, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const alert = await store.alerts.get(orgId, request.params.id);
      if (!alert) throw apiError('VIGIL_NOT_FOUND', 'Alert');
      const [presented] = await presentAll(store, orgId, [alert], requestedFields(request.query.fields));
      return presented;
    },
  );
}
