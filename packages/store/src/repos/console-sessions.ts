/**
 * Console sessions: the server side of the console's session cookie. The cookie value is 256 random bits
 * and only its SHA-256 digest is stored, so neither a database copy nor a log of queries opens a session.
 * A session ends when it is idle too long, reaches its absolute end, is signed out, or its user's password
 * changes (repos/passwords.ts deletes the rows in the same transaction); it stops working while its user is
 * disabled or no longer a member of its organization. Everything is in the database, so any process of a
 * scaled-out deployment serves any session.
 * @module
 */
import { hash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Role } from '../vocabulary.js';
import type { ConsoleSession, ConsoleSessionsRepo } from './console-sessions-types.js';

const digest = (value: string) => hash('sha256', value, 'hex');
const MAX_TOKEN_LENGTH = 256;
/**
 * Activity is written at most this often: a read must not cost a write each time. Idle expiry is therefore
 * exact to within this interval.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

/**
 * Creates the console sessions repository.
 * ```ts
 * const sessions = createConsoleSessionsRepo(db);
 * const { token } = await sessions.create({ userId, orgId, maxAgeMs: 12 * 3_600_000 });
 * const session = await sessions.authenticate(token, { idleMs: 30 * 60_000 });
 * ```
 */
export function createConsoleSessionsRepo(db: Kysely<Database>): ConsoleSessionsRepo {
  async function load(where: { digest?: string; id?: string }) {
    let q = db
      .selectFrom('console_sessions')
      .innerJoin('users', 'users.id', 'console_sessions.user_id')
      .innerJoin('memberships', (j) =>
        j.onRef('memberships.org_id', '=', 'console_sessions.org_id').onRef('memberships.user_id', '=', 'console_sessions.user_id'),
      )
      .select([
        'console_sessions.id',
        'console_sessions.user_id',
        'console_sessions.org_id',
        'console_sessions.created_at',
        'console_sessions.last_seen_at',
        'console_sessions.expires_at',
        'users.email',
        'users.display_name',
        'memberships.role',
      ])
      .where('users.enabled', '=', 1);
    if (where.digest !== undefined) q = q.where('console_sessions.token_digest', '=', where.digest);
    if (where.id !== undefined) q = q.where('console_sessions.id', '=', where.id);
    const row = await q.executeTakeFirst();
    if (!row) return undefined;
    const session: ConsoleSession = {
      id: row.id,
      userId: row.user_id,
      userEmail: row.email,
      userDisplayName: row.display_name,
      orgId: row.org_id,
      role: row.role as Role,
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    };
    return session;
  }

  return {
    async create({ userId, orgId, maxAgeMs, now = Date.now() }) {
      const token = randomBytes(32).toString('base64url');
      const id = randomUUID();
      // Ended sessions are swept here rather than by a worker: sign-ins are rare and the index makes it cheap.
      await db.deleteFrom('console_sessions').where('expires_at', '<=', now).execute();
      await db
        .insertInto('console_sessions')
        .values({ id, token_digest: digest(token), user_id: userId, org_id: orgId, created_at: now, last_seen_at: now, expires_at: now + maxAgeMs })
        .execute();
      const session = await load({ id });
      if (!session) throw new Error(`user ${userId} cannot start a session in organization ${orgId}`);
      return { token, session };
    },

    async authenticate(token, { idleMs, now = Date.now() }) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
      const session = await load({ digest: digest(token) });
      if (!session) return undefined;
      if (session.expiresAt <= now || session.lastSeenAt + idleMs <= now) {
        await db.deleteFrom('console_sessions').where('id', '=', session.id).execute();
        return undefined;
      }
      if (now - session.lastSeenAt >= SESSION_TOUCH_INTERVAL_MS) {
        await db.updateTable('console_sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
        session.lastSeenAt = now;
      }
      return session;
    },

    async switchOrganization(sessionId, orgId) {
      const result = await db
        .updateTable('console_sessions')
        .set({ org_id: orgId })
        .where('id', '=', sessionId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('memberships')
              .select('memberships.user_id')
              .where('memberships.org_id', '=', orgId)
              .whereRef('memberships.user_id', '=', 'console_sessions.user_id'),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async revoke(sessionId) {
      const result = await db.deleteFrom('console_sessions').where('id', '=', sessionId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async revokeForUser(userId) {
      const result = await db.deleteFrom('console_sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
