/**
 * OAuth clients and tokens of the ThreatQ-compatible API. Secrets and tokens are random (256 bits) and
 * stored only as SHA-256 digests: a leaked database does not hand out sessions. A token is accepted only
 * while it is unexpired and unrevoked, its client is active, its user enabled and still a member of the
 * organization (the role comes from the membership, so role changes apply at once). Refresh tokens are
 * single-use: spending one revokes its pair and issues a new one in the same family (one login and its
 * refreshes). A spent refresh token presented again means two parties hold it, so the whole family is
 * revoked, the newest pair included (OAuth 2.0 Security BCP §4.14.2).
 * @module
 */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import type { AccessTokenCache } from '../internal/access-token-cache.js';
import { guard } from '../internal/db-errors.js';
import type { QueryTemplates } from '../internal/query-templates.js';
import type { Database, OAuthClientsTable } from '../schema.js';
import type { OAuthClient, OAuthPrincipal, OAuthRepo, OAuthTokenPair } from './oauth-types.js';
import type { Role } from '../vocabulary.js';

const digest = (value: string) => hash('sha256', value, 'hex');
const MAX_TOKEN_LENGTH = 512;

/** ThreatQ client ids look like `yjc0mmi1ymezn2fjmzvmy2i2otaxm2zm`: 32 lowercase letters and digits. */
function newClientId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}

const newSecret = () => randomBytes(32).toString('base64url');

function toClient(row: Selectable<OAuthClientsTable>): OAuthClient {
  return {
    id: row.id,
    name: row.name,
    orgId: row.org_id,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

const CLIENT_COLUMNS = ['id', 'name', 'org_id', 'user_id', 'created_at', 'revoked_at', 'secret_digest'] as const;

interface PrincipalRow {
  id: string;
  client_id: string;
  user_id: string;
  org_id: string;
  access_expires_at: number | string;
  email: string;
  role: string;
}

/**
 * Creates the OAuth repository.
 * ```ts
 * const oauth = createOAuthRepo(db, templates, createAccessTokenCache());
 * const { client, secret } = await oauth.createClient({ orgId, userId, name: 'SOAR' });
 * ```
 * `tokens` is cleared by every revocation here; the store also clears it on password and membership changes.
 */
export function createOAuthRepo(db: Kysely<Database>, templates: QueryTemplates, tokens: AccessTokenCache): OAuthRepo {
  async function issue(
    trx: Kysely<Database>,
    input: {
      clientId: string;
      userId: string;
      orgId: string;
      grantType: string;
      accessTtlSec: number;
      refreshTtlSec: number;
      now: number;
      /** the family of the refresh token spent for this pair; a login starts a new one */
      familyId?: string;
    },
  ): Promise<OAuthTokenPair> {
    const id = randomUUID();
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    await trx
      .insertInto('oauth_tokens')
      .values({
        id,
        access_digest: digest(accessToken),
        refresh_digest: digest(refreshToken),
        client_id: input.clientId,
        user_id: input.userId,
        org_id: input.orgId,
        grant_type: input.grantType,
        family_id: input.familyId ?? id,
        access_expires_at: input.now + input.accessTtlSec * 1000,
        refresh_expires_at: input.now + input.refreshTtlSec * 1000,
        created_at: input.now,
        revoked_at: null,
      })
      .execute();
    return { accessToken, refreshToken, expiresIn: input.accessTtlSec };
  }

  /** The membership role when the client is active, the user enabled and a member of the organization. */
  async function stillValid(trx: Kysely<Database>, clientId: string, userId: string, orgId: string) {
    return trx
      .selectFrom('oauth_clients')
      .innerJoin('users', (j) => j.on('users.id', '=', userId))
      .innerJoin('memberships', (j) => j.on('memberships.org_id', '=', orgId).on('memberships.user_id', '=', userId))
      .select(['memberships.role'])
      .where('oauth_clients.id', '=', clientId)
      .where('oauth_clients.revoked_at', 'is', null)
      .where('oauth_clients.org_id', '=', orgId)
      .where('users.enabled', '=', 1)
      .executeTakeFirst();
  }

  return {
    async createClient(input) {
      if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200) {
        throw new StoreValidationError('client name must be a non-empty string of at most 200 characters');
      }
      const secret = newSecret();
      const row = {
        id: newClientId(),
        secret_digest: digest(secret),
        name: input.name.trim(),
        org_id: input.orgId,
        user_id: input.userId,
        created_at: Date.now(),
        revoked_at: null,
      };
      await guard('OAuth client', () => db.insertInto('oauth_clients').values(row).execute());
      return { client: toClient(row), secret };
    },

    async getClient(id) {
      const row = await db.selectFrom('oauth_clients').select(CLIENT_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toClient(row);
    },

    async listClients(orgId) {
      let q = db.selectFrom('oauth_clients').select(CLIENT_COLUMNS).orderBy('created_at').orderBy('id');
      if (orgId !== undefined) q = q.where('org_id', '=', orgId);
      return (await q.execute()).map(toClient);
    },

    async revokeClient(id, orgId) {
      const now = Date.now();
      const revoked = await db.transaction().execute(async (trx) => {
        let q = trx.updateTable('oauth_clients').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null);
        if (orgId !== undefined) q = q.where('org_id', '=', orgId);
        const result = await q.executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx.updateTable('oauth_tokens').set({ revoked_at: now }).where('client_id', '=', id).where('revoked_at', 'is', null).execute();
        return true;
      });
      if (revoked) tokens.clear();
      return revoked;
    },

    async verifyClient(id, secret) {
      if (typeof id !== 'string' || typeof secret !== 'string' || secret.length > MAX_TOKEN_LENGTH) return undefined;
      const row = await db
        .selectFrom('oauth_clients')
        .select(CLIENT_COLUMNS)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const expected = Buffer.from(row?.secret_digest ?? digest(''), 'hex');
      const actual = Buffer.from(digest(secret), 'hex');
      const same = timingSafeEqual(expected, actual);
      return row && same ? toClient(row) : undefined;
    },

    async issueTokens(input) {
      return issue(db, { ...input, now: input.now ?? Date.now() });
    },

    async authenticate(accessToken, now = Date.now()) {
      if (typeof accessToken !== 'string' || accessToken.length > MAX_TOKEN_LENGTH) return undefined;
      const accessDigest = digest(accessToken);
      const cached = tokens.get(accessDigest, now);
      if (cached !== undefined) return cached;
      const generation = tokens.generation();
      const [row] = await templates.objects<PrincipalRow>('oauth.authenticate', [accessDigest, now], (v) =>
        db
          .selectFrom('oauth_tokens')
          .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_tokens.client_id')
          .innerJoin('users', 'users.id', 'oauth_tokens.user_id')
          .innerJoin('memberships', (j) =>
            j.onRef('memberships.org_id', '=', 'oauth_tokens.org_id').onRef('memberships.user_id', '=', 'oauth_tokens.user_id'),
          )
          .select([
            'oauth_tokens.id',
            'oauth_tokens.client_id',
            'oauth_tokens.user_id',
            'oauth_tokens.org_id',
            'oauth_tokens.access_expires_at',
            'users.email',
            'memberships.role',
          ])
          .where('oauth_tokens.access_digest', '=', v[0])
          .where('oauth_tokens.revoked_at', 'is', null)
          .where('oauth_tokens.access_expires_at', '>', v[1])
          .where('oauth_clients.revoked_at', 'is', null)
          .where('users.enabled', '=', 1),
      );
      if (!row) return undefined;
      const principal: OAuthPrincipal = {
        tokenId: row.id,
        clientId: row.client_id,
        userId: row.user_id,
        userEmail: row.email,
        orgId: row.org_id,
        role: row.role as Role,
        accessExpiresAt: Number(row.access_expires_at),
      };
      tokens.set(accessDigest, principal, generation);
      return principal;
    },

    async refresh(refreshToken, ttls) {
      if (typeof refreshToken !== 'string' || refreshToken.length > MAX_TOKEN_LENGTH) return undefined;
      const now = ttls.now ?? Date.now();
      const refreshDigest = digest(refreshToken);
      let spentOne = false;
      try {
        return await db.transaction().execute(async (trx) => {
          // The conditional update is the single-use check: of two concurrent refreshes only one updates the row.
          const spent = await trx
            .updateTable('oauth_tokens')
            .set({ revoked_at: now })
            .where('refresh_digest', '=', refreshDigest)
            .where('revoked_at', 'is', null)
            .where('refresh_expires_at', '>', now)
            .returning(['client_id', 'user_id', 'org_id', 'family_id'])
            .executeTakeFirst();
          if (!spent) {
            // A refresh token that was already spent (or revoked) and comes back: end its whole family.
            const replayed = await trx
              .selectFrom('oauth_tokens')
              .select('family_id')
              .where('refresh_digest', '=', refreshDigest)
              .where('revoked_at', 'is not', null)
              .executeTakeFirst();
            if (replayed) {
              const family = await trx
                .updateTable('oauth_tokens')
                .set({ revoked_at: now })
                .where('family_id', '=', replayed.family_id)
                .where('revoked_at', 'is', null)
                .executeTakeFirst();
              spentOne = Number(family.numUpdatedRows) > 0;
            }
            return undefined;
          }
          spentOne = true;
          if (!(await stillValid(trx, spent.client_id, spent.user_id, spent.org_id))) return undefined;
          return issue(trx, {
            clientId: spent.client_id,
            userId: spent.user_id,
            orgId: spent.org_id,
            grantType: 'refresh_token',
            accessTtlSec: ttls.accessTtlSec,
            refreshTtlSec: ttls.refreshTtlSec,
            now,
            familyId: spent.family_id,
          });
        });
      } finally {
        // The spent pair's access token (or a replayed token's family) is revoked, even when no new pair is issued.
        if (spentOne) tokens.clear();
      }
    },

    async revokeForUser(userId, now = Date.now()) {
      const result = await db
        .updateTable('oauth_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      tokens.clear();
      return Number(result.numUpdatedRows);
    },
  };
}
