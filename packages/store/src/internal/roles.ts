/**
 * Role validation shared by memberships and invites.
 * @module
 */
import { StoreValidationError } from '../errors.js';
import { oneOf, ROLES, type Role } from '../vocabulary.js';

/**
 * Returns `role` typed as `Role`, or throws StoreValidationError.
 *
 * ```ts
 * checkRole('owner'); // 'owner'
 * ```
 */
export function checkRole(role: string): Role {
  if (!oneOf(ROLES, role)) throw new StoreValidationError(`role must be one of owner, user, reader`);
  return role;
}
