/**
 * An agent's vulnerability findings (GET /v2/vulnerabilities?agentId=…): the first page here, worst first,
 * and a link to the vulnerabilities page filtered to this host for the rest, its filters and suppressions.
 */
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import { ErrorList } from '../../components/error-list.js';

const ORDER = ['critical', 'high', 'medium', 'low', 'unknown'];
const SHOWN = 25;

export function AgentFindings({ agentId }: { agentId: string }) {
  const findings = useQuery({
    queryKey: ['vulnerabilities', { agentId }],
    queryFn: async ({ signal }) => must(await api.GET('/v2/vulnerabilities', { params: { query: { agentId } }, signal })),
  });
  const rows = useMemo(
    () => [...(findings.data?.cves ?? [])].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || a.cveNumber.localeCompare(b.cveNumber)),
    [findings.data],
  );
  const all = `/vulnerabilities?agentId=${encodeURIComponent(agentId)}`;
  const count = `${rows.length}${findings.data?.token ? '+' : ''}`;
  return (
    <section aria-labelledby="findings-title">
      <div className="page-head">
        <h2 id="findings-title">Vulnerability findings</h2>
        {rows.length > 0 && <Link to={all}>All {count} findings on this host</Link>}
      </div>
      <ErrorList error={findings.error} />
      {findings.isPending && <p role="status">Loading findings…</p>}
      {findings.data && rows.length === 0 && (
        <p className="muted">
          No active finding: its packages match no loaded advisory (or every finding is suppressed — <Link to={`${all}&status=suppressed`}>see suppressed</Link>).
        </p>
      )}
      {rows.length > 0 && (
        <table className="data" aria-label="Vulnerability findings">
          <thead>
            <tr>
              <th scope="col">CVE</th>
              <th scope="col">Severity</th>
              <th scope="col">Installed package</th>
              <th scope="col">Fixed by</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((v) => (
              <tr key={`${v.cveNumber} ${v.systemPackage}`}>
                <td>
                  <Link to={`/vulnerabilities?cve=${encodeURIComponent(v.cveNumber)}`}>
                    <code>{v.cveNumber}</code>
                  </Link>
                </td>
                <td className={`vuln-${v.severity}`}>{v.severity}</td>
                <td>{v.systemPackage}</td>
                <td>{v.securityNotices.join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > SHOWN && <p className="muted">{rows.length - SHOWN} more on the <Link to={all}>vulnerabilities page</Link>.</p>}
    </section>
  );
}
