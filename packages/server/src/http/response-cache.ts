/**
 * Cached GET responses, validated against the organization's change counter for the data they show
 * (maintained by database triggers, so writes from any process count). A hit skips the database page
 * read, serialisation and payload hashing; Hawk still authenticates the request and signs the reply.
 * Responses carry an ETag, and `If-None-Match` answers 304.
 *
 * A response is stored from the second request for its target on: a target asked for once (a new `until`
 * every time, a one-off filter) would otherwise fill the cache with bodies that are never read again, and
 * each of those, kept until evicted, outlives the young generation and costs a full garbage collection
 * later (under a stream of cache misses that was a stall every second or so).
 * @module
 */
import { hash as oneShotHash } from 'node:crypto';
import { calculatePayloadHash } from '@vigil/hawk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from './caller.js';

import type { ChangeScope } from '@vigil/store';
export type { ChangeScope };

interface Entry {
  version: number;
  body: Buffer;
  /** Hawk payload hash of body with CONTENT_TYPE */
  hash: string;
  etag: string;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** Hawk payload hash of the exact bytes being sent, when known in advance */
    precomputedPayloadHash?: { body: Buffer; hash: string };
  }
}

export interface ResponseCache {
  /**
   * Answers from the cache when the scope's counter has not moved, otherwise runs `produce`, serialises
   * its result with the route's response schema and caches the bytes. A Buffer result is taken as the
   * serialised body (a route that writes its JSON from kept fragments; see `pageBytes`).
   */
  serve(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: ChangeScope,
    produce: () => Promise<unknown>,
  ): Promise<FastifyReply>;
}

export interface ResponseCacheOptions {
  /** reads the current counter; must run BEFORE the data read so a racing write can only cause a miss */
  version(orgId: string, scope: ChangeScope): Promise<number>;
  /** bytes of bodies kept at most (least recently used go first) */
  maxBytes?: number;
  /** request targets remembered as seen once (oldest forgotten first) */
  maxSeen?: number;
}

/**
 * ```ts
 * const cache = createResponseCache({ version: (org, scope) => store.changes.version(org, scope) });
 * app.get('/alerts', opts, (request, reply) => cache.serve(request, reply, 'alerts', () => listAlerts(request)));
 * ```
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxSeen = options.maxSeen ?? 10_000;
  const entries = new Map<string, Entry>();
  /** keys asked for once and not stored; insertion order is age */
  const seenOnce = new Set<string>();
  let bytes = 0;

  const evict = (key: string) => {
    const old = entries.get(key);
    if (old) {
      bytes -= old.body.length;
      entries.delete(key);
    }
  };

  const send = (request: FastifyRequest, reply: FastifyReply, entry: Entry) => {
    reply.header('etag', entry.etag);
    reply.header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    request.precomputedPayloadHash = { body: entry.body, hash: entry.hash };
    return reply.type(CONTENT_TYPE).send(entry.body);
  };

  return {
    async serve(request, reply, scope, produce) {
      const orgId = callerOf(request).orgId;
      // The raw target (path and query as sent) names the response; the org keeps tenants apart.
      const key = `${orgId}\0${scope}\0${request.raw.url ?? request.url}`;
      const version = await options.version(orgId, scope);
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        // refresh recency
        entries.delete(key);
        entries.set(key, hit);
        return send(request, reply, hit);
      }
      const result = await produce();
      const body = Buffer.isBuffer(result) ? result : Buffer.from(reply.serialize(result) as string);
      const hash = calculatePayloadHash(body, 'sha256', CONTENT_TYPE);
      const entry: Entry = {
        version,
        body,
        hash,
        etag: `"${oneShotHash('sha256', hash + String(version), 'base64url').slice(0, 27)}"`,
      };
      // Asked for before: stored now (or again, at the new version). First time: only remembered.
      const repeated = entries.has(key) || seenOnce.delete(key);
      evict(key);
      if (!repeated) {
        seenOnce.add(key);
        if (seenOnce.size > maxSeen) seenOnce.delete(seenOnce.values().next().value as string);
      } else if (body.length <= maxBytes / 8) {
        entries.set(key, entry);
        bytes += body.length;
        while (bytes > maxBytes) evict(entries.keys().next().value as string);
      }
      return send(request, reply, entry);
    },
  };
}
