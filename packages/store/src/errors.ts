/**
 * Errors the store throws on purpose. Callers map them to HTTP statuses (409, 400, 404, 500) without
 * having to understand driver-specific error codes.
 * @module
 */

/**
 * Base class of every error the store throws deliberately.
 *
 * ```ts
 * if (err instanceof StoreError) log.warn(err.message); // expected, not a bug
 * ```
 */
export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A unique constraint was violated (duplicate user id or email, duplicate organization id, …).
 *
 * ```ts
 * try { await store.users.create({ email: 'A@x.io', displayName: 'A' }); }
 * catch (err) { if (err instanceof StoreConflictError) reply.code(409); }
 * ```
 */
export class StoreConflictError extends StoreError {}

/**
 * Input the store refuses before (or instead of) asking the database: bad ids, short keys, unknown enums.
 *
 * ```ts
 * await store.apiKeys.issue(userId, 'short'); // throws StoreValidationError
 * ```
 */
export class StoreValidationError extends StoreError {}

/**
 * A row the operation depends on does not exist (e.g. a membership for an unknown user).
 *
 * ```ts
 * await store.memberships.upsert('no-such-org', userId, 'user'); // throws StoreNotFoundError
 * ```
 */
export class StoreNotFoundError extends StoreError {}

/**
 * A stored API key could not be decrypted, almost always because the server secret changed. Thrown rather
 * than treated as "no key" so a misconfigured secret is loud instead of looking like bad client credentials.
 *
 * ```ts
 * try { await store.apiKeys.credentials(userId, orgId); }
 * catch (err) { if (err instanceof StoreDecryptionError) log.error('server secret changed?'); }
 * ```
 */
export class StoreDecryptionError extends StoreError {}
