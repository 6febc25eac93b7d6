/**
 * The threat library (ThreatQ's): its sections as tabs (indicators, events, adversaries, attachments,
 * import for writers) above the chosen one.
 */
import { NavLink, Outlet } from 'react-router';
import { canWrite, useSession } from '../../api/session.js';

export function IntelLayout() {
  const { data: session } = useSession();
  const sections = [
    { to: '/intel/indicators', label: 'Indicators' },
    { to: '/intel/events', label: 'Events' },
    { to: '/intel/adversaries', label: 'Adversaries' },
    { to: '/intel/attachments', label: 'Attachments' },
    ...(canWrite(session) ? [{ to: '/intel/import', label: 'Import' }] : []),
  ];
  return (
    <section aria-labelledby="intel-title">
      <div className="page-head">
        <h1 id="intel-title">Threat library</h1>
      </div>
      <nav aria-label="Threat library" className="subnav">
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </section>
  );
}
