/**
 * Types of the invites repository (`invites.ts`).
 * @module
 */
import type { Role } from '../vocabulary.js';

export interface Invite {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked';
  invitedBy: string | null;
  createdAt: number;
}

export interface InvitesRepo {
  create(input: { orgId: string; email: string; role: Role; invitedBy: string | null }): Promise<Invite>;
  list(orgId: string): Promise<Invite[]>;
  /** pending invites addressed to an email (compared lowercased), across organizations, newest first */
  listPendingFor(email: string): Promise<Invite[]>;
  /** marks a pending invite addressed to `email` accepted (once); undefined when there is none */
  accept(id: string, email: string): Promise<Invite | undefined>;
  /** marks a pending invite of the organization revoked (once); undefined when there is none */
  revoke(orgId: string, id: string): Promise<Invite | undefined>;
}
