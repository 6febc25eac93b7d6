/**
 * Organizations (tenants).
 * @module
 */
import type { Kysely, Selectable } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { guard } from '../internal/db-errors.js';
import { idOrNew } from '../internal/ids.js';
import type { Database, OrganizationsTable } from '../schema.js';
import type { Organization, OrganizationsRepo } from './organizations-types.js';

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

/**
 * Creates the organizations repository.
 *
 * ```ts
 * const orgs = createOrganizationsRepo(db);
 * const org = await orgs.create({ name: 'Acme' });
 * ```
 */
export function createOrganizationsRepo(db: Kysely<Database>): OrganizationsRepo {
  return {
    async create(input) {
      const id = idOrNew(input.id, 'organization');
      if (typeof input.name !== 'string' || input.name.trim() === '') {
        throw new StoreValidationError('organization name must not be empty');
      }
      const row = { id, name: input.name, created_at: Date.now() };
      await guard('organization', () => db.insertInto('organizations').values(row).execute());
      return toOrganization(row);
    },

    async get(id) {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrganization(row);
    },

    async list() {
      const rows = await db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toOrganization);
    },
  };
}
