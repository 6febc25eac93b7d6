/**
 * `GET /v2/alerts/dashboard` (a Vigil extension, issue 20): what the console's dashboard shows of the active
 * alerts of a range in one answer — severity counts, a series for the chart, top rules and top hosts — from
 * the store's rollups (`store.alertStats`), so a year of alerts answers as fast as a day. Not cached: each
 * part is a handful of index reads, and a range ending "now" would go stale in the cache as time moves on.
 * @module
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_SERIES_BUCKETS, seriesBucketFor, type Store } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import { formatTime, parseTimeRange } from '../../http/time.js';

/** at most this many points in the chart: the bucket grows (hour, 6 hours, day, week) to fit */
const CHART_POINTS = 400;

const DashboardQuery = Type.Object({
  from: Type.String({ maxLength: 40, description: 'ISO-8601 start (inclusive), the formats of /alerts; required' }),
  until: Type.Optional(Type.String({ maxLength: 40, description: 'ISO-8601 end (inclusive); now by default' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'length of the top rules and hosts lists (10 by default)' })),
});

const Ranked = (idName: string) =>
  Type.Object({
    [idName]: Type.String(),
    name: Type.Union([Type.String(), Type.Null()], { description: 'null when it no longer exists' }),
    count: Type.Integer(),
  });

const DashboardResponse = Type.Object({
  from: Type.String(),
  until: Type.String(),
  severityCounts: Type.Array(Type.Object({ severity: Type.Integer(), count: Type.Integer() })),
  overTime: Type.Object({
    bucketSeconds: Type.Integer({ description: '3600, 21600, 86400 or 604800: the smallest that fits the range in 400 points' }),
    buckets: Type.Array(
      Type.Object({
        at: Type.String({ description: "the bucket's start (buckets are aligned on multiples of their size since 1970, UTC)" }),
        counts: Type.Array(Type.Integer(), { description: 'active alerts of severity 1, 2 and 3 created in the bucket (and the range)' }),
      }),
    ),
  }),
  topRules: Type.Array(Ranked('ruleId')),
  topAgents: Type.Array(Ranked('agentId')),
});

/** Each listed id with its name, looked up by `name` (null when it is gone). */
async function named<K extends string>(
  key: K,
  items: Array<{ id: string; count: number }>,
  name: (id: string) => Promise<string | undefined>,
): Promise<Array<Record<K, string> & { name: string | null; count: number }>> {
  const names = await Promise.all(items.map((i) => name(i.id)));
  return items.map((i, n) => ({ [key]: i.id, name: names[n] ?? null, count: i.count }) as Record<K, string> & { name: string | null; count: number });
}

async function dashboard(store: Store, orgId: string, from: number, until: number, top: number) {
  const bucket = seriesBucketFor(from, until, CHART_POINTS);
  const buckets = Math.floor(until / bucket) - Math.floor(from / bucket) + 1;
  if (buckets > MAX_SERIES_BUCKETS) {
    throw apiError('VIGIL_INVALID_PARAMETER', 'from', `the range is too long for a chart (more than ${MAX_SERIES_BUCKETS} weeks)`);
  }
  const range = { from, until };
  const [severityCounts, series, rules, agents] = await Promise.all([
    store.alertStats.severityCounts(orgId, range),
    store.alertStats.series(orgId, range, bucket),
    store.alertStats.top(orgId, 'rule', range, top),
    store.alertStats.top(orgId, 'agent', range, top),
  ]);
  return {
    from: formatTime(from),
    until: formatTime(until),
    severityCounts,
    overTime: { bucketSeconds: bucket / 1000, buckets: series.map((b) => ({ at: formatTime(b.at), counts: b.counts })) },
    topRules: await named('ruleId', rules, async (id) => (await store.rulesets.getRule(orgId, id))?.name),
    topAgents: await named('agentId', agents, async (id) => {
      const agent = await store.agents.get(orgId, id);
      return agent && (agent.name || agent.hostname);
    }),
  };
}

/**
 * Registers the dashboard route on a Hawk- (or console session-) protected context.
 *
 * ```ts
 * await app.register(alertDashboardRoutes);
 * ```
 */
export async function alertDashboardRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  app.get(
    '/alerts/dashboard',
    {
      schema: {
        tags: ['Alerts'],
        summary: 'Dashboard aggregates of active alerts (Vigil extension)',
        description:
          'For the active (not dismissed) alerts created within `from`/`until` (both inclusive; `until` is now by default): the counts by severity (as `/alerts/severity-counts`), a series for a chart, and the rules and hosts with most alerts. Exact for any range and as fast for a year as for an hour. 400 for a bad date, `until` before `from`, or a range longer than 10,000 weeks.',
        querystring: DashboardQuery,
        response: { 200: DashboardResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const range = parseTimeRange({ from: q.from, until: q.until ?? formatTime(Date.now()) });
      return dashboard(store, callerOf(request).orgId, range.from!, range.until!, q.top ?? 10);
    },
  );
}
