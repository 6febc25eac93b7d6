/**
 * The agent side of the store: registration (agent row plus Hawk secret), the per-request credentials
 * lookup, heartbeats, event batches and the offline sweep. Secrets are stored encrypted like API keys and
 * leave the store only from `registerAgent` (once, to hand to the agent) and `agentCredentials` (to verify
 * Hawk MACs).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import { StoreNotFoundError, StoreValidationError } from '../errors.js';
import { cachedOpener } from '../crypto/cached-opener.js';
import { guard } from '../internal/db-errors.js';
import { epochMs } from '../internal/epoch-ms.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { AgentsTable, Database, EventsTable } from '../schema.js';
import type { AgentReport, DialectName, IngestEvent, IngestRepo, NewAgent, StoredEvent } from '../types.js';
import { toAgent, toRow as toAgentRow } from './agents.js';

const BATCH_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_EVENT_TYPE_LENGTH = 64;
/** Decrypted secrets kept in memory; one per recently active agent. */
const DECRYPTED_CACHE_SIZE = 10_000;
const EVENT_COLUMNS = ['id', 'org_id', 'agent_id', 'event_type', 'timestamp', 'received_at', 'data'] as const;
/**
 * Rows per INSERT: full statements of 500 (see internal/chunks.ts), the remainder in powers of two. A
 * handful of distinct statement sizes keeps SQLite's prepared-statement cache warm, where one statement
 * per remainder length (1–499) would churn it with every batch size agents happen to send.
 */
const CHUNK_SIZES = [500, 256, 128, 64, 32, 16, 8, 4, 2, 1] as const;

type CredentialsRow = Selectable<AgentsTable> & { secret_ciphertext: string };

function chunkSizes(n: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left >= CHUNK_SIZES[0]) {
    sizes.push(CHUNK_SIZES[0]);
    left -= CHUNK_SIZES[0];
  }
  for (const size of CHUNK_SIZES) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

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
  const insertSql = new Map<number, string>();
  const open = cachedOpener(box, 'agent secret', DECRYPTED_CACHE_SIZE);

  // Written by hand rather than with Kysely's builder: building a 500-row INSERT node by node costs more
  // than SQLite takes to run it, and the text depends only on the row count.
  function eventInsert(rows: number): string {
    let text = insertSql.get(rows);
    if (text === undefined) {
      const cols = EVENT_COLUMNS.length;
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) {
        const slots: string[] = [];
        for (let c = 0; c < cols; c++) slots.push(dialect === 'postgres' ? `$${r * cols + c + 1}` : '?');
        tuples.push(`(${slots.join(', ')})`);
      }
      text = `insert into "events" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
      insertSql.set(rows, text);
    }
    return text;
  }

  return {
    async registerAgent(input) {
      if (typeof input.hostname !== 'string' || input.hostname === '') {
        throw new StoreValidationError('agent hostname must not be empty');
      }
      const at = epochMs(input.at ?? Date.now(), 'registration time');
      const agent: NewAgent = {
        orgId: input.orgId,
        instanceId: input.instanceId ?? null,
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
      // Time-ordered ids (receipt time, a random batch part, the position in the batch): new rows append to
      // the primary-key index instead of landing at random pages of it, as UUIDs would.
      const idBase = receivedAt.toString(16).padStart(12, '0') + randomBytes(8).toString('hex');
      const params: unknown[] = new Array(events.length * EVENT_COLUMNS.length);
      let p = 0;
      events.forEach((e: IngestEvent, i) => {
        if (typeof e.eventType !== 'string' || e.eventType === '' || e.eventType.length > MAX_EVENT_TYPE_LENGTH) {
          throw new StoreValidationError(`event ${i}: eventType must be 1-${MAX_EVENT_TYPE_LENGTH} characters`);
        }
        params[p++] = idBase + i.toString(16).padStart(4, '0');
        params[p++] = orgId;
        params[p++] = agentId;
        params[p++] = e.eventType;
        params[p++] = epochMs(e.timestamp, `event ${i} timestamp`);
        params[p++] = receivedAt;
        params[p++] = JSON.stringify(e.data ?? {});
      });

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
              // lets detection find the batch's events (repos/detection.ts)
              event_id_prefix: idBase,
            })
            .onConflict((oc) => oc.columns(['agent_id', 'batch_id']).doNothing())
            .executeTakeFirst();
          // On PostgreSQL a concurrent insert of the same batch waits here for the first to commit (or roll
          // back), so exactly one of two racing retries stores the events.
          if (Number(batch.numInsertedOrUpdatedRows ?? 0n) === 0) return { duplicate: true, stored: 0 };
          const touched = await trx
            .updateTable('agents')
            .set({ last_reported_at: receivedAt, status: 'online' })
            .where('id', '=', agentId)
            .where('org_id', '=', orgId)
            .executeTakeFirst();
          if (Number(touched.numUpdatedRows) === 0) throw new StoreNotFoundError('agent not found in organization');
          let offset = 0;
          for (const rows of chunkSizes(events.length)) {
            const end = offset + rows * EVENT_COLUMNS.length;
            await trx.executeQuery(CompiledQuery.raw(eventInsert(rows), params.slice(offset, end)));
            offset = end;
          }
          return { duplicate: false, stored: events.length };
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
      let q = db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId);
      if (agentId !== undefined) q = q.where('agent_id', '=', agentId);
      const row = await q.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listEvents(orgId, agentId, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreValidationError('limit must be a positive integer');
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('agent_id', '=', agentId)
        .orderBy('timestamp', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toStoredEvent);
    },
  };
}
