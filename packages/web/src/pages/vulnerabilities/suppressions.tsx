/**
 * The suppressions list of the vulnerabilities page: criteria, reason, expiry and state; writers add, edit
 * and delete (a delete asked twice), readers only read.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { canWrite, useSession } from '../../api/session.js';
import type { VulnSuppression } from '../../api/types.js';
import { useDeleteVulnSuppression, useVulnSuppressions } from '../../api/vuln-suppressions.js';
import { ActionsHeader } from '../../components/actions-header.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorList } from '../../components/error-list.js';
import { formatTime } from '../../components/format.js';
import { SuppressionForm } from './suppression-form.js';

function criteriaOf(s: VulnSuppression) {
  return (
    <>
      {s.cve && <code>{s.cve}</code>}
      {s.package && <span> package {s.package}</span>}
      {s.agentId && (
        <span>
          {' '}
          host <Link to={`/agents/${encodeURIComponent(s.agentId)}`}>{s.agentId}</Link>
        </span>
      )}
      {s.tag && (
        <span>
          {' '}
          tag {s.tag.key}={s.tag.value}
        </span>
      )}
    </>
  );
}

function SuppressionRow({ s, writer, onEdit }: { s: VulnSuppression; writer: boolean; onEdit: () => void }) {
  const remove = useDeleteVulnSuppression();
  return (
    <tr>
      <td>{criteriaOf(s)}</td>
      <td>{s.reason}</td>
      <td>{s.expiresAt ? formatTime(s.expiresAt) : 'Never'}</td>
      <td>{s.isActive ? 'In force' : 'Expired'}</td>
      {writer && (
        <td>
          <button type="button" onClick={onEdit}>
            Edit
          </button>{' '}
          <ConfirmButton label="Delete" confirm="The findings it hides become active again." pending={remove.isPending} onConfirm={() => remove.mutate(s.id)} />
          <ErrorList error={remove.error} />
        </td>
      )}
    </tr>
  );
}

export function Suppressions({ preset }: { preset?: { cve?: string; agentId?: string } }) {
  const { data: session } = useSession();
  const writer = canWrite(session);
  const list = useVulnSuppressions();
  // undefined: no form; null: a new suppression; else the one edited
  const [editing, setEditing] = useState<VulnSuppression | null | undefined>();
  return (
    <section aria-labelledby="suppressions-title">
      <div className="page-head">
        <h2 id="suppressions-title">Suppressions</h2>
        {writer && editing === undefined && (
          <button type="button" className="primary" onClick={() => setEditing(null)}>
            Add suppression
          </button>
        )}
      </div>
      {editing !== undefined && <SuppressionForm key={editing?.id ?? 'new'} editing={editing ?? undefined} preset={preset} onDone={() => setEditing(undefined)} />}
      <ErrorList error={list.error} />
      {list.isPending && <p role="status">Loading suppressions…</p>}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No suppressions">
          <p>{writer ? 'Suppress a finding you accept (not reachable, fixed otherwise) with a reason and, best, an expiry.' : 'Nobody has accepted a vulnerability risk here yet.'}</p>
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <table className="data plain">
          <caption className="sr-only">Vulnerability suppressions</caption>
          <thead>
            <tr>
              <th scope="col">Suppresses</th>
              <th scope="col">Reason</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              {writer && <ActionsHeader />}
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <SuppressionRow key={s.id} s={s} writer={writer} onEdit={() => setEditing(s)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
