/**
 * `client.members`: `/v2/organizations/members` and `/v2/organizations/invites`.
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { CallOptions, Invite, Member, PendingMember } from '../types.js';
import { ApiResource } from './api-resource.js';

/** A member's role; only owners may grant `owner`. */
export type Role = 'owner' | 'user' | 'reader';

/**
 * Members of the organization and invitations.
 *
 * ```ts
 * const { items: members } = await client.members.list();
 * ```
 */
export class MembersResource extends ApiResource {
  /**
   * The members (one page; the API does not page them).
   *
   * ```ts
   * for await (const member of client.members.list({ enabledOnly: true })) console.log(member.email, member.role);
   * ```
   */
  list(params: { enabledOnly?: boolean } & CallOptions = {}): ListPromise<Member> {
    return this.paged<Member>('/v2/organizations/members', 'members', { enabledOnly: params.enabledOnly }, params.signal);
  }

  /**
   * Adds an existing user to the organization, or changes their role. A user of another organization is
   * invited instead (`{id, role, status: 'pending'}`) and joins once they accept.
   *
   * ```ts
   * const member = await client.members.add({ id: userId, role: 'reader' });
   * ```
   */
  add(body: { id: string; role: Role }, options: CallOptions = {}): Promise<Member | PendingMember> {
    return this.write<Member | PendingMember>('POST', '/v2/organizations/members', body, options.signal);
  }

  /**
   * Removes a user from the organization (the last owner cannot be removed: ConflictError).
   *
   * ```ts
   * await client.members.remove(userId);
   * ```
   */
  async remove(userId: string, options: CallOptions = {}): Promise<void> {
    await this.write('DELETE', `/v2/organizations/members/${this.id(userId, 'userId')}`, undefined, options.signal);
  }

  /**
   * Invites an email address with a role.
   *
   * ```ts
   * const invite = await client.members.invite({ email: 'ana@example.com', role: 'user' });
   * ```
   */
  invite(body: { email: string; role: Role }, options: CallOptions = {}): Promise<Invite> {
    return this.write<Invite>('POST', '/v2/organizations/invites', body, options.signal);
  }
}
