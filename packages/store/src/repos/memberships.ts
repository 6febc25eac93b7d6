/**
 * Memberships: which user holds which role in which organization.
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import { guard } from '../internal/db-errors.js';
import { checkRole } from '../internal/roles.js';
import type { Database, MembershipsTable } from '../schema.js';
import type { Membership, MembershipsRepo } from './memberships-types.js';
import type { Role } from '../vocabulary.js';
import { USER_COLUMNS, toUser } from './users.js';

function toMembership(row: Selectable<MembershipsTable>): Membership {
  return { orgId: row.org_id, userId: row.user_id, role: row.role as Role, createdAt: row.created_at };
}

/**
 * Creates the memberships repository.
 *
 * ```ts
 * const memberships = createMembershipsRepo(db);
 * await memberships.upsert(org.id, user.id, 'owner');
 * ```
 */
export function createMembershipsRepo(db: Kysely<Database>, onChange: () => void = () => {}): MembershipsRepo {
  return {
    async upsert(orgId, userId, role) {
      const checked = checkRole(role);
      const row = await guard('membership', () =>
        db
          .insertInto('memberships')
          .values({ org_id: orgId, user_id: userId, role: checked, created_at: Date.now() })
          // Changing a role keeps the original join time.
          .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ role: checked }))
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      onChange();
      return toMembership(row);
    },

    async get(orgId, userId) {
      const row = await db
        .selectFrom('memberships')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toMembership(row);
    },

    async remove(orgId, userId) {
      const res = await db
        .deleteFrom('memberships')
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      onChange();
      return Number(res.numDeletedRows) > 0;
    },

    async listMembers(orgId, opts) {
      let q = db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([...USER_COLUMNS, 'memberships.role'])
        .where('memberships.org_id', '=', orgId);
      if (opts?.enabledOnly) q = q.where('users.enabled', '=', 1);
      const rows = await q.orderBy('users.email_norm').orderBy('users.id').execute();
      return rows.map((row) => ({ ...toUser(row), role: row.role as Role }));
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('memberships')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('org_id')
        .execute();
      return rows.map(toMembership);
    },

    async countOwners(orgId) {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
