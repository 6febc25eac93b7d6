/**
 * Invitations of people (by email) into an organization.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { checkRole } from '../internal/roles.js';
import type { Database, InvitesTable } from '../schema.js';
import type { Invite, InvitesRepo } from './invites-types.js';
import type { Role } from '../vocabulary.js';

function toInvite(row: Selectable<InvitesTable>): Invite {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role as Role,
    status: row.status as Invite['status'],
    invitedBy: row.invited_by,
    createdAt: row.created_at,
  };
}

/**
 * Creates the invites repository.
 *
 * ```ts
 * const invites = createInvitesRepo(db);
 * await invites.create({ orgId, email: 'bob@example.com', role: 'reader', invitedBy: owner.id });
 * ```
 */
export function createInvitesRepo(db: Kysely<Database>): InvitesRepo {
  return {
    async create(input) {
      if (typeof input.email !== 'string' || input.email.trim() === '') {
        throw new StoreValidationError('invite email must not be empty');
      }
      const row = {
        id: randomUUID(),
        org_id: input.orgId,
        email: input.email.trim(),
        role: checkRole(input.role),
        status: 'pending',
        invited_by: input.invitedBy,
        created_at: Date.now(),
      };
      await guard('invite', () => db.insertInto('invites').values(row).execute());
      return toInvite(row);
    },

    async list(orgId) {
      const rows = await db
        .selectFrom('invites')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toInvite);
    },

    async listPendingFor(email) {
      const rows = await db
        .selectFrom('invites')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toInvite);
    },

    async accept(id, email) {
      // The conditional update makes acceptance single-use, even for two concurrent calls.
      const row = await db
        .updateTable('invites')
        .set({ status: 'accepted' })
        .where('id', '=', id)
        .where('email', '=', email.trim().toLowerCase())
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      return row && toInvite(row);
    },

    async revoke(orgId, id) {
      // Conditional like accept: an invite accepted meanwhile stays accepted, and a second revoke finds nothing.
      const row = await db
        .updateTable('invites')
        .set({ status: 'revoked' })
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      return row && toInvite(row);
    },
  };
}
