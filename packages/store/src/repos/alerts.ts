/**
 * Alerts and their events.
 * @module
 */
import { isSeverity, SEVERITIES } from '@vigil/rules';
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { checkRange, epochMs } from '../internal/epoch-ms.js';
import { chunks } from '../internal/chunks.js';
import { checkOffsetPage, fetchLimit, toPage } from '../internal/paging.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import { enqueueWebhookDeliveries } from '../internal/webhook-outbox.js';
import { createAlertStatsRepo } from './alert-stats.js';
import type { AlertEventsTable, AlertsTable, Database } from '../schema.js';
import type {
  Alert,
  AlertEvent,
  AlertFilter,
  AlertsRepo,
  DismissQuery,
  Dismissal,
  NewAlert,
  NewAlertEvent,
} from './alerts-types.js';
import type { Cursor, DialectName, PageRequest } from '../shared-types.js';
import { DISMISS_REASONS, oneOf } from '../vocabulary.js';

const ALERT_COLUMN_COUNT = 15;
const EVENT_COLUMN_COUNT = 5;
/** ids per `IN (…)` list; far below every parameter limit and keeps statements cacheable-sized */
const IDS_PER_STATEMENT = 500;

type AlertRow = Selectable<AlertsTable>;

/**
 * Columns of the list query, read back by position. org_id and is_dismissed are known from the arguments,
 * and an active alert has no dismissal, so the dismissal columns are only read for dismissed lists:
 * fewer cells is what makes a page cheap.
 */
const LIST_COLUMNS = [
  'id',
  'created_at',
  'title',
  'data_source',
  'severity',
  'agent_id',
  'rule_id',
  'ruleset_id',
  'aggregates',
] as const;
const DISMISSED_LIST_COLUMNS = [
  ...LIST_COLUMNS,
  'dismissed_at',
  'dismiss_reason',
  'dismiss_reason_text',
  'dismissed_by',
] as const;
/**
 * What `listRefs` reads: both are in every index the list query uses, so with the status and at most one
 * other filter (and any time range) the index answers alone and no table row is read.
 */
const REF_COLUMNS = ['id', 'created_at'] as const;

/** A list row's keyset position: (created_at, id), the first two columns of every list column set. */
const cursorOfRow = (r: unknown[]): Cursor => [r[1] as number, r[0] as string];

function fromListRow(r: unknown[], orgId: string, dismissed: boolean): Alert {
  return {
    id: r[0] as string,
    orgId,
    title: r[2] as string,
    dataSource: r[3] as string,
    createdAt: r[1] as number,
    severity: r[4] as Alert['severity'],
    agentId: r[5] as string | null,
    ruleId: r[6] as string | null,
    rulesetId: r[7] as string | null,
    isDismissed: dismissed,
    dismissedAt: dismissed ? (r[9] as number | null) : null,
    dismissReason: dismissed ? (r[10] as Alert['dismissReason']) : null,
    dismissReasonText: dismissed ? (r[11] as string | null) : null,
    dismissedBy: dismissed ? (r[12] as string | null) : null,
    aggregates: JSON.parse(r[8] as string) as Alert['aggregates'],
  };
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    dataSource: row.data_source,
    createdAt: row.created_at,
    severity: row.severity as Alert['severity'],
    agentId: row.agent_id,
    ruleId: row.rule_id,
    rulesetId: row.ruleset_id,
    isDismissed: row.is_dismissed === 1,
    dismissedAt: row.dismissed_at,
    dismissReason: row.dismiss_reason as Alert['dismissReason'],
    dismissReasonText: row.dismiss_reason_text,
    dismissedBy: row.dismissed_by,
    aggregates: JSON.parse(row.aggregates) as Alert['aggregates'],
  };
}

/** Validates a new alert and turns it into its row (shared with detection's commit). */
export function toAlertRow(alert: NewAlert): AlertRow {
  if (!isSeverity(alert.severity)) throw new StoreValidationError('alert severity must be 1, 2 or 3');
  return {
    id: alert.id ?? randomUUID(),
    org_id: alert.orgId,
    title: alert.title,
    data_source: alert.dataSource,
    created_at: epochMs(alert.createdAt, 'alert createdAt'),
    severity: alert.severity,
    agent_id: alert.agentId ?? null,
    rule_id: alert.ruleId ?? null,
    ruleset_id: alert.rulesetId ?? null,
    is_dismissed: 0,
    dismissed_at: null,
    dismiss_reason: null,
    dismiss_reason_text: null,
    dismissed_by: null,
    aggregates: JSON.stringify(alert.aggregates ?? []),
  };
}

function toEventRows(alert: AlertRow, events: NewAlertEvent[] | undefined): Insertable<AlertEventsTable>[] {
  return (events ?? []).map((e) => ({
    id: e.id ?? randomUUID(),
    alert_id: alert.id,
    org_id: alert.org_id,
    timestamp: epochMs(e.timestamp, 'event timestamp'),
    data: JSON.stringify(e.data ?? {}),
  }));
}

function dismissalSet(d: Dismissal): Updateable<AlertsTable> {
  if (!oneOf(DISMISS_REASONS, d.reason)) {
    throw new StoreValidationError('dismiss reason must be BUSINESS_OP, COMPANY_POLICY, MAINTENANCE or OTHER');
  }
  return {
    is_dismissed: 1,
    dismissed_at: epochMs(d.at, 'dismissal time'),
    dismiss_reason: d.reason,
    dismiss_reason_text: d.text ?? null,
    dismissed_by: d.by,
  };
}

function idChunks(ids: string[]): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) out.push(unique.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

/**
 * Creates the alerts repository.
 *
 * ```ts
 * const alerts = createAlertsRepo(db, 'sqlite');
 * const page = await alerts.list(orgId, { isDismissed: false, severity: 1 }, { limit: 100 });
 * ```
 */
export function createAlertsRepo(db: Kysely<Database>, dialect: DialectName, templates: QueryTemplates): AlertsRepo {
  const stats = createAlertStatsRepo(db, dialect);
  async function insertAll(alertRows: AlertRow[], eventRows: Insertable<AlertEventsTable>[]): Promise<void> {
    await guard('alert', () =>
      db.transaction().execute(async (trx) => {
        for (const part of chunks(alertRows, ALERT_COLUMN_COUNT, dialect)) {
          await trx.insertInto('alerts').values(part).execute();
        }
        for (const part of chunks(eventRows, EVENT_COLUMN_COUNT, dialect)) {
          await trx.insertInto('alert_events').values(part).execute();
        }
        await enqueueWebhookDeliveries(trx, alertRows, dialect, Date.now());
      }),
    );
  }

  /**
   * Runs the list query selecting `columns` (id and created_at first): `limit + 1` rows as arrays, in list
   * order. `name` names the column set; with which optional values are present it is the compiled shape.
   */
  function listRows(
    name: string,
    columns: readonly (keyof AlertRow)[],
    orgId: string,
    filter: AlertFilter,
    page: PageRequest,
  ): Promise<unknown[][]> {
    checkRange(filter);
    const limit = fetchLimit(page);
    const values = [
      orgId,
      filter.isDismissed === true ? 1 : 0,
      filter.severity,
      filter.agentId,
      filter.ruleId,
      filter.rulesetId,
      filter.from,
      filter.until,
      page.after?.[0],
      page.after?.[1],
      limit,
    ];
    const shape = `${name}:` + values.map((v) => (v === undefined ? 0 : 1)).join('');
    return templates.arrays(shape, values, (v) => {
      let q = db
        .selectFrom('alerts')
        .select(columns)
        .where('org_id', '=', v[0])
        .where('is_dismissed', '=', v[1]);
      if (filter.severity !== undefined) q = q.where('severity', '=', v[2]);
      if (filter.agentId !== undefined) q = q.where('agent_id', '=', v[3]);
      if (filter.ruleId !== undefined) q = q.where('rule_id', '=', v[4]);
      if (filter.rulesetId !== undefined) q = q.where('ruleset_id', '=', v[5]);
      if (filter.from !== undefined) q = q.where('created_at', '>=', v[6]);
      if (filter.until !== undefined) q = q.where('created_at', '<=', v[7]);
      if (page.after !== undefined) {
        // (created_at, id) < (at, id), spelled so both planners get an index range bound from `<= at`.
        q = q
          .where('created_at', '<=', v[8])
          .where((eb) => eb.or([eb('created_at', '<', v[8]), eb('id', '<', v[9])]));
      }
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(v[10]);
    });
  }

  return {
    async create(alert, events) {
      const row = toAlertRow(alert);
      await insertAll([row], toEventRows(row, events));
      return toAlert(row);
    },

    async createMany(items) {
      const alertRows: AlertRow[] = [];
      const eventRows: Insertable<AlertEventsTable>[] = [];
      for (const item of items) {
        const row = toAlertRow(item.alert);
        alertRows.push(row);
        for (const e of toEventRows(row, item.events)) eventRows.push(e);
      }
      if (alertRows.length > 0) await insertAll(alertRows, eventRows);
      return alertRows.map(toAlert);
    },

    async get(orgId, id) {
      const [row] = await templates.objects<Selectable<AlertsTable>>('alerts.get', [id, orgId], (v) =>
        db.selectFrom('alerts').selectAll().where('id', '=', v[0]).where('org_id', '=', v[1]),
      );
      return row && toAlert(row);
    },

    async list(orgId, filter, page) {
      const dismissed = filter.isDismissed === true;
      const [name, columns] = dismissed ? ['alerts.list:d', DISMISSED_LIST_COLUMNS] : ['alerts.list:a', LIST_COLUMNS];
      const rows = await listRows(name, columns, orgId, filter, page);
      return toPage(rows, page.limit, (r) => fromListRow(r, orgId, dismissed), cursorOfRow);
    },

    async listRefs(orgId, filter, page) {
      const rows = await listRows('alerts.refs', REF_COLUMNS, orgId, filter, page);
      return toPage(rows, page.limit, (r) => ({ id: r[0] as string, createdAt: r[1] as number }), cursorOfRow);
    },

    async listByOffset(orgId, range, page) {
      checkRange(range);
      const { offset, limit } = checkOffsetPage(page);
      let q = db.selectFrom('alerts').selectAll().where('org_id', '=', orgId);
      if (range.from !== undefined) q = q.where('created_at', '>=', range.from);
      if (range.until !== undefined) q = q.where('created_at', '<=', range.until);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(toAlert);
    },

    async latestEvents(orgId, alertIds, perAlert) {
      if (!Number.isSafeInteger(perAlert) || perAlert < 1) {
        throw new StoreValidationError('perAlert must be a positive integer');
      }
      const out = new Map<string, { events: AlertEvent[]; total: number }>();
      for (const ids of idChunks(alertIds)) {
        // A window per alert keeps a busy alert's thousands of events in the database.
        const ranked = db
          .selectFrom('alert_events')
          .select([
            'id',
            'alert_id',
            'timestamp',
            'data',
            sql<number>`row_number() over (partition by alert_id order by timestamp desc, id desc)`.as('rn'),
            sql<number>`count(*) over (partition by alert_id)`.as('total'),
          ])
          .where('org_id', '=', orgId)
          .where('alert_id', 'in', ids);
        const rows = await db
          .selectFrom(ranked.as('r'))
          .select(['id', 'alert_id', 'timestamp', 'data', 'total'])
          .where('rn', '<=', perAlert)
          .orderBy('alert_id')
          .orderBy('timestamp', 'desc')
          .orderBy('id', 'desc')
          .execute();
        for (const r of rows) {
          let entry = out.get(r.alert_id);
          if (entry === undefined) out.set(r.alert_id, (entry = { events: [], total: Number(r.total) }));
          entry.events.push({
            id: r.id,
            alertId: r.alert_id,
            orgId,
            timestamp: Number(r.timestamp),
            data: JSON.parse(r.data) as Record<string, unknown>,
          });
        }
      }
      return out;
    },

    async events(orgId, alertId) {
      // One round trip: the alert row proves org ownership, the left join brings its events (if any).
      const rows = await db
        .selectFrom('alerts')
        .leftJoin('alert_events', 'alert_events.alert_id', 'alerts.id')
        .select(['alert_events.id as event_id', 'alert_events.timestamp', 'alert_events.data'])
        .where('alerts.id', '=', alertId)
        .where('alerts.org_id', '=', orgId)
        .orderBy('alert_events.timestamp')
        .orderBy('alert_events.id')
        .execute();
      if (rows.length === 0) return undefined;
      const events: AlertEvent[] = [];
      for (const r of rows) {
        if (r.event_id === null) continue;
        events.push({
          id: r.event_id,
          alertId,
          orgId,
          timestamp: r.timestamp as number,
          data: JSON.parse(r.data as string) as Record<string, unknown>,
        });
      }
      return events;
    },

    async severityCounts(orgId, range) {
      checkRange(range);
      // An inverted range has always counted nothing here (the dashboard's aggregates refuse it instead).
      if (range.from !== undefined && range.until !== undefined && range.until < range.from) {
        return SEVERITIES.map((severity) => ({ severity, count: 0 }));
      }
      return stats.severityCounts(orgId, range);
    },

    async dismissByIds(orgId, ids, d) {
      const set = dismissalSet(d);
      const parts = idChunks(ids);
      if (parts.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let changed = 0;
        for (const part of parts) {
          const res = await trx
            .updateTable('alerts')
            .set(set)
            .where('org_id', '=', orgId)
            .where('is_dismissed', '=', 0)
            .where('id', 'in', part)
            .executeTakeFirst();
          changed += Number(res.numUpdatedRows);
        }
        return changed;
      });
    },

    async dismissByQuery(orgId, query: DismissQuery, d) {
      checkRange(query);
      let q = db
        .updateTable('alerts')
        .set(dismissalSet(d))
        .where('org_id', '=', orgId)
        .where('is_dismissed', '=', 0);
      if (query.severity !== undefined) q = q.where('severity', '=', query.severity);
      if (query.ruleId !== undefined) q = q.where('rule_id', '=', query.ruleId);
      if (query.agentId !== undefined) q = q.where('agent_id', '=', query.agentId);
      if (query.from !== undefined) q = q.where('created_at', '>=', query.from);
      if (query.until !== undefined) q = q.where('created_at', '<=', query.until);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async existingIds(orgId, ids) {
      const found: string[] = [];
      for (const part of idChunks(ids)) {
        const rows = await db
          .selectFrom('alerts')
          .select('id')
          .where('org_id', '=', orgId)
          .where('id', 'in', part)
          .execute();
        for (const r of rows) found.push(r.id);
      }
      return found;
    },
  };
}
