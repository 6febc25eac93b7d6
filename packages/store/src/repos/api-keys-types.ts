/**
 * Types of the api keys repository (`api-keys.ts`).
 * @module
 */
import type { Role } from '../vocabulary.js';
import type { User } from './users-types.js';

/** Metadata of an API key; the key itself is only ever returned by `issue`. */
export interface ApiKeyInfo {
  id: string;
  userId: string;
  /** first 4 characters of the key, for recognising it in listings */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

/** What Hawk authentication needs for one request, fetched in one query. */
export interface Credentials {
  user: User;
  /** the decrypted, currently active API key */
  key: string;
  /** the user's role in the requested organization, or null when not a member (or org unknown) */
  role: Role | null;
}

export interface ApiKeysRepo {
  /**
   * Issues a new key for the user (≥ 32 random bytes, base64url) or stores `key` when given, revoking every
   * earlier key of that user in the same transaction. The key is stored encrypted; this is the only call
   * that returns it.
   */
  issue(userId: string, key?: string): Promise<{ key: string; info: ApiKeyInfo }>;
  list(userId?: string): Promise<ApiKeyInfo[]>;
  /** user, active key and role in `orgId`, or undefined when the user or an active key does not exist */
  credentials(userId: string, orgId: string): Promise<Credentials | undefined>;
  /**
   * The owner of the active key `key` (found by its keyed digest, compared in constant time) with their role
   * in `orgId` (null when not a member); undefined for an unknown, revoked or malformed key (REST v1).
   */
  findByKey(key: string, orgId: string): Promise<Credentials | undefined>;
  /** fills the digest of active keys stored before migration 0007 (run when the store opens); returns how many */
  backfillDigests(): Promise<number>;
  /**
   * false when active API keys exist and none of the newest opens with this store's secret: the database
   * was created with another server secret (every Hawk request would fail)
   */
  sealedWithThisSecret(): Promise<boolean>;
}
