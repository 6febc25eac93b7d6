/**
 * What every route handler needs, hung on the fastify instance as `app.vigil`.
 * @module
 */
import type { NewAuditRecord, Store } from '@vigil/store';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { pageTokenCodec, type PageTokenCodec } from './http/page-token.js';
import { createResponseCache, type ResponseCache } from './http/response-cache.js';
import { memoizeVersionsPerTurn, type VersionMemo } from './http/version-memo.js';
import { createRecentBatches, type RecentBatches } from './detection/recent-batches.js';
import { inventorySignal, type InventorySignal } from './workers/inventory-signal.js';

export interface AuditEntry {
  crud: 'create' | 'read' | 'update' | 'delete';
  action: string;
  description: string;
  context?: Record<string, unknown>;
}

export interface VigilContext {
  store: Store;
  config: Config;
  /** page-token codec for one list endpoint */
  tokens(scope: string): PageTokenCodec;
  /** records a successful state change made by the authenticated caller */
  audit(request: FastifyRequest, entry: AuditEntry): Promise<void>;
  /** GET responses cached against the organization's change counters */
  responses: ResponseCache;
  /** the change counters the response cache validates against, read once per event-loop turn */
  changeVersions: VersionMemo;
  /** batches just stored, handed to this process's detection worker in memory */
  recentBatches: RecentBatches;
  /** an agent's inventory changed: the vulnerability matcher (in whichever process holds its lease) matches it now */
  inventoryChanged: InventorySignal;
}

declare module 'fastify' {
  interface FastifyInstance {
    vigil: VigilContext;
  }
}

/**
 * Builds the context for one app.
 * ```ts
 * app.decorate('vigil', createContext(store, config, secret, redis));
 * ```
 */
export function createContext(store: Store, config: Config, secret: string, redis?: Redis): VigilContext {
  const codecs = new Map<string, PageTokenCodec>();
  const changeVersions = memoizeVersionsPerTurn((orgId, scope) => store.changes.version(orgId, scope));
  return {
    store,
    config,
    responses: createResponseCache({ version: changeVersions.read }),
    changeVersions,
    recentBatches: createRecentBatches(),
    inventoryChanged: inventorySignal(redis, `${config.redisPrefix}inventory-changed`),
    tokens(scope) {
      let codec = codecs.get(scope);
      if (!codec) codecs.set(scope, (codec = pageTokenCodec(secret, scope)));
      return codec;
    },
    async audit(request, entry) {
      const auth = request.auth;
      if (!auth) return;
      const record: NewAuditRecord = {
        orgId: auth.orgId,
        userId: auth.userId,
        userEmail: auth.userEmail,
        result: 'success',
        crud: entry.crud,
        action: entry.action,
        source: auth.consoleSessionId === undefined ? 'api' : 'console',
        description: entry.description,
        context: entry.context ?? {},
      };
      await store.auditLogs.record(record);
    },
  };
}
