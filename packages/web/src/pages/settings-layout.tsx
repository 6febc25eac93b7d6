/**
 * Settings: a side list of its sections (/settings/integrations, /settings/keys) around the chosen one.
 */
import { NavLink, Outlet } from 'react-router';

export function SettingsLayout() {
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      <div className="split">
        <nav aria-label="Settings" className="sidelist">
          <ul>
            <li>
              <NavLink to="/settings/integrations">Integrations</NavLink>
            </li>
            <li>
              <NavLink to="/settings/keys">Application Keys</NavLink>
            </li>
          </ul>
        </nav>
        <div>
          <Outlet />
        </div>
      </div>
    </section>
  );
}
