/**
 * The rule editor's dry run (POST /console/api/rules/dry-run): the rule as being edited — its filter
 * draft, suppressions, and a File rule's watched paths, ignores and actions — evaluated by the server
 * as detection would against the last hours of stored events, raising nothing. Any role may run it.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import type { Rule } from '../../api/types.js';
import { ErrorList } from '../../components/error-list.js';
import { formatTime } from '../../components/format.js';

const HOURS = [1, 6, 24, 72, 168];

export function RuleDryRun({ rule, filter }: { rule: Rule; filter: string }) {
  const [hours, setHours] = useState(24);
  const run = useMutation({
    mutationFn: async () =>
      must(
        await api.POST('/console/api/rules/dry-run', {
          body: {
            hours,
            rule: {
              type: rule.type,
              filter,
              suppressions: rule.suppressions,
              ...(rule.type === 'File' ? { fileIntegrityPaths: rule.fileIntegrityPaths, ignoreFiles: rule.ignoreFiles, eventsToMonitor: rule.eventsToMonitor } : {}),
            },
          },
        }),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  const r = run.data;
  return (
    <section className="panel" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Dry run</h2>
      <p className="muted">
        What this rule (with the filter above{rule.type === 'File' ? ', its watched paths, ignores and actions' : rule.type === 'ThreatIntel' ? ", matched against your organization's indicators" : ''}) would
        have matched in stored events; nothing is raised.
      </p>
      <form className="filters" onSubmit={submit} aria-label="Dry run">
        <label>
          Look back
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {h < 24 ? `${h} hour${h > 1 ? 's' : ''}` : `${h / 24} day${h > 24 ? 's' : ''}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={run.isPending}>
          {run.isPending ? 'Running…' : 'Run dry run'}
        </button>
      </form>
      <ErrorList error={run.error} />
      {r && (
        <div aria-live="polite">
          <p role="status">
            {r.count.toLocaleString()} matching event{r.count === 1 ? '' : 's'} of {r.scanned.toLocaleString()} scanned
            {r.suppressed > 0 && `, ${r.suppressed.toLocaleString()} more excluded by suppressions`} ({formatTime(r.from)} – {formatTime(r.until)})
            {r.truncated && '; stopped early at the scan limit, so there may be more'}.
          </p>
          {r.sample.length > 0 && (
            <table className="data plain">
              <caption className="sr-only">Matching events</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Host</th>
                  <th scope="col">Type</th>
                  <th scope="col">Event</th>
                </tr>
              </thead>
              <tbody>
                {r.sample.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTime(e.timestamp)}</td>
                    <td>
                      <Link to={`/agents/${encodeURIComponent(e.agentId)}`}>{e.agentId.slice(0, 8)}</Link>
                    </td>
                    <td>{e.eventType}</td>
                    <td>
                      <code>{JSON.stringify(e.data)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
