/**
 * Role validation shared by memberships and invites.
 * @module
 */
import { StoreValidationError } from '../errors.js';
import type { Role } from '../types.js';

const ROLES: ReadonlySet<string> = new Set<Role>(['owner', 'user', 'reader']);

/**
 * Returns `role` typed as `Role`, or throws StoreValidationError.
 *
 * ```ts
 * checkRole('owner'); // 'owner'
 * ```
 */
export function checkRole(role: string): Role {
  if (!ROLES.has(role)) throw new StoreValidationError(`role must be one of owner, user, reader`);
  return role as Role;
}
