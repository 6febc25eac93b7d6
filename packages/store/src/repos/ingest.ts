/**
 * The agent side of the store: registration (agent row plus Hawk secret), the per-request credentials
 * lookup, heartbeats, event batches and the offline sweep. Secrets are stored encrypted like API keys and
 * leave the store only from `registerAgent` (once, to hand to the agent) and `agentCredentials` (to verify
 * Hawk MACs).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, type Updateable } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { cachedOpener } from '../crypto/cached-opener.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { AgentsTable, Database, EventsTable } from '../schema.js';
import type { NewAgent } from './agents-types.js';
import type { AgentReport, IngestEvent, IngestRepo, StoredEvent } from './ingest-types.js';
import type { DialectName } from '../shared-types.js';
import { cloudColumn, toAgent, toRow as toAgentRow } from './agents.js';
import { decodeBatchEvents, encodeBatchEvents } from '../internal/batch-payload.js';

const BATCH_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Decrypted secrets kept in memory; one per recently active agent. */
const DECRYPTED_CACHE_SIZE = 10_000;
type CredentialsRow = Selectable<AgentsTable> & { secret_ciphertext: string };

/** Batches read per query of `scanEvents`. */
const SCAN_PAGE = 100;

function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    agentId: row.agent_id,
    eventType: row.event_type,
    timestamp: row.timestamp,
    receivedAt: row.received_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

function reportSet(report: AgentReport): Updateable<AgentsTable> {
  const set: Updateable<AgentsTable> = {};
  if (report.hostname !== undefined) {
    if (typeof report.hostname !== 'string' || report.hostname === '') {
      throw new StoreValidationError('agent hostname must not be empty');
    }
    set.hostname = report.hostname;
  }
  if (report.version !== undefined) set.version = report.version;
  if (report.osVersion !== undefined) set.os_version = report.osVersion;
  if (report.kernel !== undefined) set.kernel = report.kernel;
  if (report.ipAddresses !== undefined) set.ip_addresses = JSON.stringify(report.ipAddresses);
  if (report.tags !== undefined) set.tags = JSON.stringify(report.tags);
  if (report.agentModuleHealth !== undefined) set.agent_module_health = JSON.stringify(report.agentModuleHealth);
  if (report.cloud !== undefined) {
    set.cloud = cloudColumn(report.cloud);
    if (report.cloud?.instanceId) set.instance_id = report.cloud.instanceId;
  }
  return set;
}

/**
 * Creates the ingest repository; `box` encrypts agent secrets at rest.
 *
 * ```ts
 * const ingest = createIngestRepo(db, 'sqlite', createSecretBox(secret), templates);
 * const { agent, secret } = await ingest.registerAgent({ orgId, hostname: 'web-1' });
 * await ingest.storeBatch(orgId, agent.id, 'b-1', [{ eventType: 'audit', timestamp: Date.now(), data: {} }]);
 * ```
 */
export function createIngestRepo(
  db: Kysely<Database>,
  dialect: DialectName,
  box: SecretBox,
  templates: QueryTemplates,
): IngestRepo {
  const open = cachedOpener(box, 'agent secret', DECRYPTED_CACHE_SIZE);

  return {
    async registerAgent(input) {
      if (typeof input.hostname !== 'string' || input.hostname === '') {
        throw new StoreValidationError('agent hostname must not be empty');
      }
      const at = epochMs(input.at ?? Date.now(), 'registration time');
      const agent: NewAgent = {
        orgId: input.orgId,
        instanceId: input.instanceId ?? input.cloud?.instanceId ?? null,
        status: 'online',
        createdAt: at,
        lastReportedAt: at,
        version: input.version ?? '',
        name: input.name ?? input.hostname,
        description: input.description ?? '',
        hostname: input.hostname,
        ipAddresses: input.ipAddresses ?? { private: [], link_local: [], public: [] },
        tags: input.tags ?? [],
        agentType: input.agentType ?? 'investigate',
        osVersion: input.osVersion ?? '',
        kernel: input.kernel ?? '',
        agentModuleHealth: input.agentModuleHealth ?? {},
        cloud: input.cloud ?? null,
      };
      const row = toAgentRow(agent, at);
      const secret = randomBytes(32).toString('base64url');
      await guard('agent', () =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('agents').values(row).execute();
          await trx
            .insertInto('agent_secrets')
            .values({ agent_id: row.id, org_id: row.org_id, secret_ciphertext: box.seal(secret), created_at: at })
            .execute();
        }),
      );
      return { agent: toAgent(row as Selectable<AgentsTable>), secret };
    },

    async agentCredentials(agentId) {
      // Straight from a client's Hawk header: PostgreSQL would answer a NUL with an error, not "not found".
      if (agentId.includes('\0')) return undefined;
      const [row] = await templates.objects<CredentialsRow>('ingest.credentials', [agentId], (v) =>
        db
          .selectFrom('agent_secrets')
          .innerJoin('agents', 'agents.id', 'agent_secrets.agent_id')
          .selectAll('agents')
          .select('agent_secrets.secret_ciphertext')
          .where('agent_secrets.agent_id', '=', v[0]),
      );
      if (row === undefined) return undefined;
      const { secret_ciphertext, ...agentRow } = row;
      return { orgId: row.org_id, secret: open(secret_ciphertext), agent: toAgent(agentRow) };
    },

    async heartbeat(orgId, agentId, at, report = {}) {
      const result = await guard('agent', () =>
        db
          .updateTable('agents')
          .set({ ...reportSet(report), last_reported_at: epochMs(at, 'heartbeat time'), status: 'online' })
          .where('id', '=', agentId)
          .where('org_id', '=', orgId)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) > 0;
    },

    async storeBatch(orgId, agentId, batchId, events, receivedAt = Date.now()) {
      if (typeof batchId !== 'string' || !BATCH_ID.test(batchId)) {
        throw new StoreValidationError("batch id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
      }
      epochMs(receivedAt, 'receivedAt');
      // The position is 4 hex digits of the event id.
      if (events.length > 0xffff) throw new StoreValidationError('a batch holds at most 65535 events');
      // Time-ordered ids (receipt time, a random batch part, the position in the batch) name the batch's
      // events: detection attaches them to alerts by id, and they sort by arrival.
      const idBase = receivedAt.toString(16).padStart(12, '0') + randomBytes(8).toString('hex');
      const payload = encodeBatchEvents(events);

      return guard('event batch', () =>
        db.transaction().execute(async (trx) => {
          const batch = await trx
            .insertInto('event_batches')
            .values({
              org_id: orgId,
              agent_id: agentId,
              batch_id: batchId,
              event_count: events.length,
              received_at: receivedAt,
              // lets detection name the batch's events (repos/detection.ts)
              event_id_prefix: idBase,
              events_json: payload,
            })
            .onConflict((oc) => oc.columns(['agent_id', 'batch_id']).doNothing())
            .executeTakeFirst();
          // On PostgreSQL a concurrent insert of the same batch waits here for the first to commit (or roll
          // back), so exactly one of two racing retries stores the events.
          if (Number(batch.numInsertedOrUpdatedRows ?? 0n) === 0) return { duplicate: true as const, stored: 0 as const };
          const touched = await trx
            .updateTable('agents')
            .set({ last_reported_at: receivedAt, status: 'online' })
            .where('id', '=', agentId)
            .where('org_id', '=', orgId)
            .executeTakeFirst();
          if (Number(touched.numUpdatedRows) === 0) throw new StoreNotFoundError('agent not found in organization');
          return { duplicate: false as const, stored: events.length, eventIdPrefix: idBase, receivedAt };
        }),
      );
    },

    async markOffline(olderThan) {
      epochMs(olderThan, 'olderThan');
      const result = await db
        .updateTable('agents')
        .set({ status: 'offline' })
        .where('status', '=', 'online')
        .where('last_reported_at', '<', olderThan)
        .where('id', 'in', (eb) => eb.selectFrom('agent_secrets').select('agent_id'))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async countEvents(orgId, agentId) {
      let batches = db
        .selectFrom('event_batches')
        .select((eb) => eb.fn.sum<number | string | null>('event_count').as('n'))
        .where('org_id', '=', orgId)
        .where('events_json', 'is not', null);
      let legacy = db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId);
      if (agentId !== undefined) {
        batches = batches.where('agent_id', '=', agentId);
        legacy = legacy.where('agent_id', '=', agentId);
      }
      const [a, b] = [await batches.executeTakeFirst(), await legacy.executeTakeFirstOrThrow()];
      return Number(a?.n ?? 0) + Number(b.n);
    },

    async listEvents(orgId, agentId, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreValidationError('limit must be a positive integer');
      // Event timestamps are the agent's and need not follow arrival order, so every retained batch of the
      // agent is read; this serves tests and support tooling, not a hot path.
      const batches = await db
        .selectFrom('event_batches')
        .select(['event_id_prefix', 'received_at', 'events_json'])
        .where('org_id', '=', orgId)
        .where('agent_id', '=', agentId)
        .where('events_json', 'is not', null)
        .execute();
      const legacy = await db
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('agent_id', '=', agentId)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const all = legacy.map(toStoredEvent);
      for (const b of batches) {
        all.push(...decodeBatchEvents(b.events_json!, { orgId, agentId, idPrefix: b.event_id_prefix ?? '', receivedAt: Number(b.received_at) }));
      }
      all.sort((x, y) => y.timestamp - x.timestamp || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0));
      return all.slice(0, limit);
    },

    async *scanEvents(orgId, { from, until }) {
      // Keyset pages over (received_at, agent_id, batch_id) descending: no offset, so a page costs the same
      // however deep the scan is. Events stored before migration 0009 (rows of `events`) are not scanned.
      let after: { received_at: number; agent_id: string; batch_id: string } | undefined;
      for (;;) {
        let q = db
          .selectFrom('event_batches')
          .select(['agent_id', 'batch_id', 'event_id_prefix', 'received_at', 'events_json'])
          .where('org_id', '=', orgId)
          .where('received_at', '>=', from)
          .where('received_at', '<', until)
          .where('events_json', 'is not', null)
          .orderBy('received_at', 'desc')
          .orderBy('agent_id', 'desc')
          .orderBy('batch_id', 'desc')
          .limit(SCAN_PAGE);
        if (after) {
          const a = after;
          q = q.where((eb) =>
            eb.or([
              eb('received_at', '<', a.received_at),
              eb.and([eb('received_at', '=', a.received_at), eb('agent_id', '<', a.agent_id)]),
              eb.and([eb('received_at', '=', a.received_at), eb('agent_id', '=', a.agent_id), eb('batch_id', '<', a.batch_id)]),
            ]),
          );
        }
        const rows = await q.execute();
        for (const b of rows) {
          yield decodeBatchEvents(b.events_json!, { orgId, agentId: b.agent_id, idPrefix: b.event_id_prefix ?? '', receivedAt: Number(b.received_at) });
        }
        if (rows.length < SCAN_PAGE) return;
        const last = rows[rows.length - 1]!;
        after = { received_at: Number(last.received_at), agent_id: last.agent_id, batch_id: last.batch_id };
      }
    },
  };
}
