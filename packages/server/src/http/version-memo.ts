/**
 * Change-counter reads shared by the requests of one event-loop turn. Under load a turn handles many
 * requests, and each cached GET would otherwise read its counter from the database (the largest single
 * cost of answering from the response cache). Requests handled in the same turn were all received before
 * it began, so they are concurrent and any one of them may be ordered before a write another makes; a
 * counter read at the start of the turn is therefore as good as one read now. The memo is dropped when
 * the turn ends (setImmediate), and at once when this process finishes a change (see `forget`), so a
 * client that writes and then reads always sees its write.
 * @module
 */
import type { ChangeScope } from '@vigil/store';
import type { FastifyInstance } from 'fastify';

export interface VersionMemo {
  /** the scope's counter, read at most once per turn */
  read(orgId: string, scope: ChangeScope): Promise<number>;
  /** drops what this turn has read (call after a write) */
  forget(): void;
}

/**
 * ```ts
 * const versions = memoizeVersionsPerTurn((org, scope) => store.changes.version(org, scope));
 * const cache = createResponseCache({ version: versions.read });
 * ```
 */
export function memoizeVersionsPerTurn(read: (orgId: string, scope: ChangeScope) => Promise<number>): VersionMemo {
  const memo = new Map<string, Promise<number>>();
  let clearScheduled = false;
  const clear = () => {
    clearScheduled = false;
    memo.clear();
  };
  return {
    read(orgId, scope) {
      const key = `${orgId}\0${scope}`;
      let version = memo.get(key);
      if (version === undefined) {
        version = read(orgId, scope);
        memo.set(key, version);
        // A failed read is not remembered: the next request tries again.
        version.catch(() => memo.delete(key));
        if (!clearScheduled) {
          clearScheduled = true;
          setImmediate(clear);
        }
      }
      return version;
    },
    forget() {
      memo.clear();
    },
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Forgets the memoized counters whenever a request that may have changed something is answered, before
 * its response leaves: its client's next read cannot be served from counters read before the change.
 * ```ts
 * forgetVersionsAfterWrites(app, versions);
 * ```
 */
export function forgetVersionsAfterWrites(app: FastifyInstance, memo: VersionMemo): void {
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (!READ_METHODS.has(request.method)) memo.forget();
    done(null, payload);
  });
}
