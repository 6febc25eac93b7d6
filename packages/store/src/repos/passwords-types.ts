/**
 * Types of the passwords repository (`passwords.ts`).
 * @module
 */
import type { User } from './users-types.js';

export interface PasswordsRepo {
  /** sets or replaces a user's password (scrypt) and revokes the user's OAuth tokens and console sessions; throws StoreNotFoundError for an unknown user */
  set(userId: string, password: string): Promise<void>;
  /** the enabled user with this email and password, else undefined; costs one scrypt either way (no user enumeration by timing) */
  verify(email: string, password: string): Promise<User | undefined>;
  /** whether the user has a password */
  has(userId: string): Promise<boolean>;
}
