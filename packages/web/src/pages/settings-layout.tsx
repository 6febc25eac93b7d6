/**
 * Settings: a side list of its sections (integrations, keys, members, OAuth clients, audit log) around the
 * chosen one.
 */
import { NavLink, Outlet } from 'react-router';

const SECTIONS = [
  ['integrations', 'Integrations'],
  ['keys', 'Application Keys'],
  ['members', 'Members'],
  ['oauth', 'OAuth Management'],
  ['audit-log', 'Audit log'],
] as const;

export function SettingsLayout() {
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      <div className="split">
        <nav aria-label="Settings" className="sidelist">
          <ul>
            {SECTIONS.map(([to, label]) => (
              <li key={to}>
                <NavLink to={`/settings/${to}`}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <Outlet />
        </div>
      </div>
    </section>
  );
}
