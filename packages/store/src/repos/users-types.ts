/**
 * Types of the users repository (`users.ts`).
 * @module
 */

export interface User {
  id: string;
  email: string;
  displayName: string;
  enabled: boolean;
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  createdAt: number;
  /** epoch ms of the last successful authentication, or null if never */
  lastAuthenticatedAt: number | null;
}

export interface UsersRepo {
  /** throws StoreConflictError when the id or email (case-insensitive) exists */
  create(input: { id?: string; email: string; displayName: string }): Promise<User>;
  get(id: string): Promise<User | undefined>;
  getByEmail(email: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  touchAuthenticated(id: string, at: number): Promise<void>;
}
