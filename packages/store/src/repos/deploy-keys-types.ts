/**
 * Types of the deploy keys repository (`deploy-keys.ts`).
 * @module
 */

/** Metadata of an organization's deploy key; the key itself is only ever returned by `issue`. */
export interface DeployKeyInfo {
  id: string;
  orgId: string;
  /** first 8 characters of the key, for recognising it in listings */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface DeployKeysRepo {
  /**
   * Issues a new deploy key for the organization (or stores `key` when given), revoking the active one in
   * the same transaction. Agents registered earlier keep their own secrets. The only call returning the key.
   */
  issue(orgId: string, key?: string): Promise<{ key: string; info: DeployKeyInfo }>;
  /** the organization whose active deploy key this is, or undefined (unknown, revoked, malformed) */
  findOrg(key: string): Promise<string | undefined>;
  /** newest first */
  list(orgId: string): Promise<DeployKeyInfo[]>;
  /** revokes the active key; false when there was none */
  revoke(orgId: string): Promise<boolean>;
}
