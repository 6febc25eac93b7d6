/**
 * Types of the console sessions repository (`console-sessions.ts`).
 * @module
 */
import type { Role } from '../vocabulary.js';

/** A live console session and who it speaks for, as of the request that presented it. */
export interface ConsoleSession {
  id: string;
  userId: string;
  userEmail: string;
  userDisplayName: string;
  /** the organization the console works in (the organization switcher changes it) */
  orgId: string;
  /** the user's current role there (from the membership, so role changes apply at once) */
  role: Role;
  createdAt: number;
  lastSeenAt: number;
  /** the absolute end, fixed at sign-in */
  expiresAt: number;
}

export interface NewConsoleSession {
  userId: string;
  orgId: string;
  /** how long the session may live at most, whatever the activity */
  maxAgeMs: number;
  /** epoch ms; default Date.now() */
  now?: number;
}

export interface SessionCheck {
  /** a session unused for longer than this has ended */
  idleMs: number;
  /** epoch ms; default Date.now() */
  now?: number;
}

export interface ConsoleSessionsRepo {
  /** starts a session; the token (the cookie value, 256 random bits) is returned once and stored as a digest */
  create(input: NewConsoleSession): Promise<{ token: string; session: ConsoleSession }>;
  /**
   * The session of `token` while it is neither idle nor past its end, its user enabled and still a member of
   * its organization; records the activity (at most once a minute). Undefined otherwise.
   */
  authenticate(token: string, check: SessionCheck): Promise<ConsoleSession | undefined>;
  /** moves a session to another organization of its user; false when the user is not a member there */
  switchOrganization(sessionId: string, orgId: string): Promise<boolean>;
  /** ends one session; false when it had already ended */
  revoke(sessionId: string): Promise<boolean>;
  /** ends every session of a user (password change, disabling); returns how many */
  revokeForUser(userId: string): Promise<number>;
}
