/**
 * Types of the memberships repository (`memberships.ts`).
 * @module
 */
import type { Role } from '../vocabulary.js';
import type { User } from './users-types.js';

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
  createdAt: number;
}

/** A user as seen through one organization (members list). */
export interface Member extends User {
  role: Role;
}

export interface MembershipsRepo {
  /** adds or changes the role; returns the member */
  upsert(orgId: string, userId: string, role: Role): Promise<Membership>;
  get(orgId: string, userId: string): Promise<Membership | undefined>;
  /** returns false when there was no such membership */
  remove(orgId: string, userId: string): Promise<boolean>;
  /** members ordered by email */
  listMembers(orgId: string, opts?: { enabledOnly?: boolean }): Promise<Member[]>;
  listForUser(userId: string): Promise<Membership[]>;
  countOwners(orgId: string): Promise<number>;
}
