/**
 * Creates or edits a vulnerability suppression: the criteria (every one given must hold; at least one),
 * a reason, and an optional expiry in local time. The API's refusals show in the form.
 */
import type { FormEvent } from 'react';
import { useSaveVulnSuppression } from '../../api/vuln-suppressions.js';
import type { VulnSuppression, VulnSuppressionBody } from '../../api/types.js';
import { ErrorList } from '../../components/error-list.js';
import { isoToLocal, localToIso } from '../../components/time-input.js';

/** What a text input gives the API: trimmed, and an empty one is no criterion. */
const field = (f: FormData, name: string) => String(f.get(name) ?? '').trim() || null;

export interface SuppressionFormProps {
  /** absent: a new suppression; the fields start from `preset` */
  editing?: VulnSuppression;
  preset?: { cve?: string; agentId?: string };
  onDone: () => void;
}

export function SuppressionForm({ editing, preset, onDone }: SuppressionFormProps) {
  const save = useSaveVulnSuppression();
  const start = editing ?? { cve: preset?.cve ?? null, package: null, agentId: preset?.agentId ?? null, tag: null, reason: '', expiresAt: null };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const expires = localToIso(String(f.get('expiresAt') ?? ''));
    const body: VulnSuppressionBody = {
      cve: field(f, 'cve'),
      package: field(f, 'package'),
      agentId: field(f, 'agentId'),
      tag: field(f, 'tag'),
      reason: String(f.get('reason') ?? ''),
      expiresAt: expires || null,
    };
    save.mutate({ ...(editing ? { id: editing.id } : {}), body }, { onSuccess: onDone });
  };
  const title = editing ? `Edit suppression ${editing.id}` : 'Suppress vulnerabilities';
  return (
    <form className="panel webhook-form" onSubmit={submit} aria-label={title}>
      <h3>{title}</h3>
      <p className="muted">Every criterion given must hold for a finding to be hidden; give at least one.</p>
      <label>
        CVE
        <input name="cve" defaultValue={start.cve ?? ''} placeholder="CVE-2024-6387" maxLength={64} />
      </label>
      <label>
        Package
        <input name="package" defaultValue={start.package ?? ''} placeholder="installed or source package" maxLength={256} />
      </label>
      <label>
        Agent id
        <input name="agentId" defaultValue={start.agentId ?? ''} placeholder="any host" maxLength={128} />
      </label>
      <label>
        Agent tag
        <input name="tag" defaultValue={start.tag ? `${start.tag.key}=${start.tag.value}` : ''} placeholder="key=value" maxLength={513} />
      </label>
      <label>
        Reason
        <input name="reason" required defaultValue={start.reason} placeholder="why this risk is accepted" maxLength={1000} />
      </label>
      <label>
        Expires (local time; empty: never)
        <input name="expiresAt" type="datetime-local" defaultValue={isoToLocal(start.expiresAt)} />
      </label>
      <ErrorList error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save suppression' : 'Add suppression'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
