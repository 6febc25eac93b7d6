/**
 * Types of the oauth repository (`oauth.ts`).
 * @module
 */
import type { Role } from '../vocabulary.js';

export interface OAuthClient {
  /** the client_id */
  id: string;
  name: string;
  orgId: string;
  /** the user the client acts for (client-credentials grant) and who created it */
  userId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface NewOAuthClient {
  orgId: string;
  userId: string;
  name: string;
}

export interface OAuthTokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds the access token is valid */
  expiresIn: number;
}

export interface OAuthTokenTtls {
  accessTtlSec: number;
  refreshTtlSec: number;
  /** epoch ms; default Date.now() */
  now?: number;
}

export interface IssueTokensInput extends OAuthTokenTtls {
  clientId: string;
  userId: string;
  orgId: string;
  grantType: 'password' | 'client_credentials' | 'refresh_token';
}

/** Who a valid access token speaks for. */
export interface OAuthPrincipal {
  tokenId: string;
  clientId: string;
  userId: string;
  userEmail: string;
  orgId: string;
  role: Role;
  accessExpiresAt: number;
}

export interface OAuthRepo {
  /** creates a client; the secret is returned once and stored as a digest */
  createClient(input: NewOAuthClient): Promise<{ client: OAuthClient; secret: string }>;
  getClient(id: string): Promise<OAuthClient | undefined>;
  /** clients of one organization (all when orgId is omitted), oldest first */
  listClients(orgId?: string): Promise<OAuthClient[]>;
  /** revokes a client (scoped to orgId when given) and its tokens; false when unknown or already revoked */
  revokeClient(id: string, orgId?: string): Promise<boolean>;
  /** the active (unrevoked) client, when `secret` is its secret; constant-time comparison */
  verifyClient(id: string, secret: string): Promise<OAuthClient | undefined>;
  issueTokens(input: IssueTokensInput): Promise<OAuthTokenPair>;
  /** the principal of a live access token (not expired or revoked; user enabled, still a member; client active) */
  authenticate(accessToken: string, now?: number): Promise<OAuthPrincipal | undefined>;
  /** spends a refresh token (once) for a new pair; undefined when unknown, used, expired or no longer valid */
  refresh(refreshToken: string, ttls: OAuthTokenTtls): Promise<OAuthTokenPair | undefined>;
  /** revokes every token of a user; returns how many */
  revokeForUser(userId: string, now?: number): Promise<number>;
}
