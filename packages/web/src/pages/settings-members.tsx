/**
 * Settings › Members: the organization's members with their roles and its pending invites, by the REST v2
 * rules (routes/v2/members.ts): owners and users invite, change roles and remove members, but only owners
 * grant, change or remove the owner role; readers see the lists and no controls. Nobody changes their own
 * membership here, so no one locks themselves out by a stray click (the API also keeps one owner).
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import { useChangeRole, useInvite, useInvites, useMembers, useRemoveMember, useRevokeInvite } from '../api/members.js';
import { canWrite, useSession, type Role, type Session } from '../api/session.js';
import type { Member, PendingInvite } from '../api/types.js';
import { ActionsHeader } from '../components/actions-header.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorList } from '../components/error-list.js';
import { ago, formatTime } from '../components/format.js';

const ROLE_LABELS: Readonly<Record<Role, string>> = { owner: 'Owner', user: 'User', reader: 'Reader' };

/** The roles this session may grant: users grant user and reader, owners any. */
function grantable(session: Session): Role[] {
  return session.role === 'owner' ? ['owner', 'user', 'reader'] : ['user', 'reader'];
}

/** Whether this session may change or remove a membership (or invite) of this role. */
function mayManage(session: Session, role: string): boolean {
  return canWrite(session) && (role !== 'owner' || session.role === 'owner');
}

interface MemberActions {
  changeRole: (id: string, role: Role) => void;
  remove: (id: string) => void;
  pending: boolean;
}

function memberColumns(session: Session, actions: MemberActions): ColumnDef<Member, any>[] {
  // The controls sit in fixed-height cells: their errors are shown above the table.
  const manageable = (m: Member) => m.id !== session.user.id && mayManage(session, m.role);
  const columns: ColumnDef<Member, any>[] = [
    {
      id: 'who',
      header: 'Member',
      size: 300,
      accessorFn: (m) => m.displayName || m.email,
      cell: (c) => (
        <span title={c.row.original.email}>
          {c.getValue()}
          {c.row.original.id === session.user.id && ' (you)'}
          {c.row.original.displayName && <span className="muted small"> {c.row.original.email}</span>}
        </span>
      ),
    },
    {
      accessorKey: 'role',
      header: 'Role',
      size: 150,
      cell: (c) => {
        const m = c.row.original;
        if (!manageable(m)) return ROLE_LABELS[m.role as Role] ?? m.role;
        return (
          <select aria-label={`Role of ${m.email}`} value={m.role} disabled={actions.pending} onChange={(e) => actions.changeRole(m.id, e.target.value as Role)}>
            {grantable(session).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        );
      },
    },
    {
      accessorKey: 'lastAuthenticatedAt',
      header: 'Last sign-in',
      size: 170,
      cell: (c) => {
        const at = c.getValue() as number;
        if (!at) return 'never';
        const iso = new Date(at).toISOString();
        return (
          <time dateTime={iso} title={formatTime(iso)}>
            {ago(iso)}
          </time>
        );
      },
    },
    { accessorKey: 'userEnabled', header: 'Account', size: 95, cell: (c) => (c.getValue() ? 'Enabled' : 'Disabled') },
  ];
  if (canWrite(session)) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      size: 260,
      enableSorting: false,
      cell: (c) => manageable(c.row.original) && <ConfirmButton label="Remove" confirm="Access ends at once." pending={actions.pending} onConfirm={() => actions.remove(c.row.original.id)} />,
    });
  }
  return columns;
}

function InviteForm({ session }: { session: Session }) {
  const invite = useInvite();
  const [notice, setNotice] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const email = String(f.get('email') ?? '').trim();
    const role = String(f.get('role')) as Role;
    setNotice('');
    invite.mutate(
      { email, role },
      {
        onSuccess: (sent) => {
          setNotice(`Invited ${sent.sentToEmail} as ${ROLE_LABELS[role].toLowerCase()}. They join when they accept the invite.`);
          form.reset();
        },
      },
    );
  };
  return (
    <form className="panel webhook-form" onSubmit={submit} aria-labelledby="invite-title">
      <h3 id="invite-title">Invite someone</h3>
      <label>
        Email
        <input name="email" type="email" required autoComplete="off" placeholder="name@example.com" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="reader">
          {grantable(session).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <ErrorList error={invite.error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Send invite'}
        </button>
      </div>
    </form>
  );
}

function InviteRow({ invite, session }: { invite: PendingInvite; session: Session }) {
  const revoke = useRevokeInvite();
  return (
    <tr>
      <td>{invite.email}</td>
      <td>{ROLE_LABELS[invite.role as Role] ?? invite.role}</td>
      <td>
        <time dateTime={invite.createdAt}>{formatTime(invite.createdAt)}</time>
      </td>
      {canWrite(session) && (
        <td>
          {mayManage(session, invite.role) && <ConfirmButton label="Revoke" confirm="The invite can no longer be accepted." pending={revoke.isPending} onConfirm={() => revoke.mutate(invite.id)} />}
          <ErrorList error={revoke.error} />
        </td>
      )}
    </tr>
  );
}

function Invites({ session }: { session: Session }) {
  const invites = useInvites();
  if (invites.isPending) return <p role="status">Loading invites…</p>;
  if (!invites.data) return <ErrorList error={invites.error} />;
  if (invites.data.length === 0) return <p className="muted">No pending invites.</p>;
  return (
    <table className="data plain">
      <caption className="sr-only">Pending invites</caption>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Invited</th>
          {canWrite(session) && <ActionsHeader />}
        </tr>
      </thead>
      <tbody>
        {invites.data.map((i) => (
          <InviteRow key={i.id} invite={i} session={session} />
        ))}
      </tbody>
    </table>
  );
}

export function SettingsMembersPage() {
  const { data: session } = useSession();
  const members = useMembers();
  const change = useChangeRole();
  const remove = useRemoveMember();
  const { mutate: changeRole } = change;
  const { mutate: removeMember } = remove;
  const pending = change.isPending || remove.isPending;
  const columns = useMemo(
    () => (session ? memberColumns(session, { changeRole: (id, role) => changeRole({ id, role }), remove: (id) => removeMember(id), pending }) : []),
    [session, changeRole, removeMember, pending],
  );
  if (!session) return null;
  const writer = canWrite(session);
  return (
    <div>
      <h2>Members</h2>
      <p className="muted">
        {writer
          ? session.role === 'owner'
            ? 'Owners manage everything, users change data but not owners, readers only read.'
            : 'You can invite and manage users and readers; only owners manage owners.'
          : 'Your role reads only: an owner or a user can invite people and change roles.'}
      </p>
      <ErrorList error={members.error ?? change.error ?? remove.error} />
      {members.isPending ? (
        <p role="status">Loading members…</p>
      ) : members.data && members.data.length > 0 ? (
        <DataTable data={members.data} columns={columns} rowId={(m) => m.id} label="Members" initialSorting={[{ id: 'who', desc: false }]} />
      ) : (
        members.data && <EmptyState title="No members">Invite someone below.</EmptyState>
      )}
      <h2>Pending invites</h2>
      <Invites session={session} />
      {writer && <InviteForm session={session} />}
    </div>
  );
}
