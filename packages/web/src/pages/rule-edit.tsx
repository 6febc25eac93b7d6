/**
 * /rules/<rulesetId>/<ruleId>: edit a rule's name, alert title, severity, filter and whether it is on.
 * The filter is checked as you type by the server's own parser (POST /console/api/rules/check-filter): what
 * is wrong, where (line and column) and its suggestions show under the box. Saving sends the whole rule
 * back (PUT); a refusal is shown there too, with the caret placed where the problem is. Below, a dry run of
 * the rule as edited against the last hours of stored events (Host, File and ThreatIntel rules).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, must } from '../api/client.js';
import { canWrite, useSession } from '../api/session.js';
import type { paths } from '../api/schema.gen.js';
import type { Rule } from '../api/types.js';
import { ErrorList } from '../components/error-list.js';
import { RuleDryRun } from './rule/dry-run.js';

type Draft = Pick<Rule, 'name' | 'title' | 'filter' | 'severityOfAlerts' | 'enabled'>;
type FilterCheck = paths['/console/api/rules/check-filter']['post']['responses'][200]['content']['application/json'];

/** `Invalid filter at position 25: …`: where in the filter the server found the problem. */
function errorPosition(error: unknown): number | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const m = /\bat (?:position )?(\d+)\b/.exec(error.errors.join(' '));
  return m ? Number(m[1]) : undefined;
}

export function RuleEditPage() {
  const { rulesetId = '', ruleId = '' } = useParams();
  const { data: session } = useSession();
  const client = useQueryClient();
  const filterBox = useRef<HTMLTextAreaElement>(null);
  const rule = useQuery({
    queryKey: ['rules', rulesetId, ruleId],
    queryFn: async ({ signal }) => must(await api.GET('/v2/rulesets/{rulesetId}/rules/{ruleId}', { params: { path: { rulesetId, ruleId } }, signal })),
  });
  const [draft, setDraft] = useState<Draft | undefined>();
  const [check, setCheck] = useState<FilterCheck | undefined>();
  const filterText = draft?.filter;
  const ruleType = rule.data?.type;
  useEffect(() => {
    if (filterText === undefined || ruleType === undefined) return;
    const abort = new AbortController();
    // A pause in typing, then one check; a newer keystroke cancels the pending one.
    const timer = setTimeout(async () => {
      try {
        setCheck(must(await api.POST('/console/api/rules/check-filter', { body: { filter: filterText, type: ruleType }, signal: abort.signal })));
      } catch {
        setCheck(undefined);
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [filterText, ruleType]);
  useEffect(() => {
    if (rule.data && !draft) setDraft({ name: rule.data.name, title: rule.data.title, filter: rule.data.filter, severityOfAlerts: rule.data.severityOfAlerts, enabled: rule.data.enabled });
  }, [rule.data, draft]);
  const save = useMutation({
    mutationFn: async (d: Draft) => {
      const { id: _id, rulesetId: _rs, createdAt: _c, updatedAt: _u, disabledReason: _d, ...rest } = rule.data!;
      return must(await api.PUT('/v2/rulesets/{rulesetId}/rules/{ruleId}', { params: { path: { rulesetId, ruleId } }, body: { ...rest, ...d } }));
    },
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['rules'] }), client.invalidateQueries({ queryKey: ['rulesets'] })]),
    onError: (err) => {
      const at = errorPosition(err);
      if (at !== undefined && filterBox.current) {
        filterBox.current.focus();
        filterBox.current.setSelectionRange(at, at + 1);
      }
    },
  });
  if (rule.isPending) return <p role="status">Loading the rule…</p>;
  if (rule.error || !rule.data || !draft) {
    return (
      <section>
        <ErrorList error={rule.error} />
        <Link to="/rules">Back to the rules</Link>
      </section>
    );
  }
  const writer = canWrite(session);
  const set = (changes: Partial<Draft>) => {
    save.reset();
    setDraft({ ...draft, ...changes });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const filterError = save.error && errorPosition(save.error) !== undefined ? save.error : undefined;
  return (
    <section aria-labelledby="rule-title">
      <p className="crumbs">
        <Link to={`/rules?ruleset=${encodeURIComponent(rulesetId)}`}>Rules</Link> › {rule.data.name}
      </p>
      <h1 id="rule-title">{writer ? 'Edit rule' : rule.data.name}</h1>
      <form className="panel rule-form" onSubmit={submit}>
        <fieldset disabled={!writer || save.isPending}>
          <label>
            Name
            <input value={draft.name} required onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label>
            Alert title <span className="muted">(a template: {'{{hostname}}'}, {'{{user}}'}, …)</span>
            <input value={draft.title} required onChange={(e) => set({ title: e.target.value })} />
          </label>
          <label>
            Severity
            <select value={draft.severityOfAlerts} onChange={(e) => set({ severityOfAlerts: Number(e.target.value) })}>
              <option value={1}>High</option>
              <option value={2}>Medium</option>
              <option value={3}>Low</option>
            </select>
          </label>
          <label>
            Filter
            <textarea
              ref={filterBox}
              className="filter-box"
              rows={5}
              spellCheck={false}
              value={draft.filter}
              aria-invalid={filterError || (check && !check.ok) ? true : undefined}
              aria-describedby="filter-check"
              onChange={(e) => set({ filter: e.target.value })}
            />
          </label>
          <div id="filter-check" aria-live="polite">
            {check && !check.ok && (
              <div className="errors">
                {check.errors.map((e, i) => (
                  <p key={i}>
                    {e.message} (line {e.line}, column {e.column})
                    {e.suggestions.length > 0 && <> — did you mean {e.suggestions.map((s) => `"${s}"`).join(' or ')}?</>}
                  </p>
                ))}
              </div>
            )}
            {check?.ok && <p className="muted">The filter is valid.</p>}
          </div>
          <ErrorList error={filterError} id="filter-error" />
          <label className="inline">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
          </label>
        </fieldset>
        {!filterError && <ErrorList error={save.error} />}
        {save.isSuccess && (
          <p className="notice" role="status">
            Saved. The detection engine uses the new version from the next batch of events.
          </p>
        )}
        {writer && (
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            <Link className="button" to={`/rules?ruleset=${encodeURIComponent(rulesetId)}`}>
              Back
            </Link>
          </div>
        )}
      </form>
      {rule.data.type !== 'Vulnerability' && <RuleDryRun rule={rule.data} filter={draft.filter} />}
    </section>
  );
}
