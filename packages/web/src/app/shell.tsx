/**
 * The frame around every signed-in page: navigation, organization switcher, theme, sign-out, the
 * server-down banner and keyboard shortcuts (g then d/a/h/v/r/i/s to go to a page, / to the page's filter).
 */
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession, useSignOut, useSwitchOrganization } from '../api/session.js';
import { ErrorList } from '../components/error-list.js';
import { ServerBanner } from './server-banner.js';
import { currentTheme, setTheme, type Theme } from './theme.js';

const NAV = [
  { to: '/', label: 'Dashboard', key: 'd' },
  { to: '/alerts', label: 'Alerts', key: 'a' },
  { to: '/agents', label: 'Agents', key: 'h' },
  { to: '/vulnerabilities', label: 'Vulnerabilities', key: 'v' },
  { to: '/rules', label: 'Rules', key: 'r' },
  { to: '/intel', label: 'Threat library', key: 'i' },
  { to: '/settings', label: 'Settings', key: 's' },
] as const;

function useShortcuts() {
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
      if (e.key === '/') {
        const filter = document.querySelector<HTMLElement>('[data-filter]');
        if (filter) {
          e.preventDefault();
          filter.focus();
        }
        return;
      }
      if (pendingG) {
        pendingG = false;
        const item = NAV.find((n) => n.key === e.key);
        if (item) navigate(item.to);
        return;
      }
      if (e.key === 'g') pendingG = true;
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [navigate]);
}

export function Shell() {
  const { data: session } = useSession();
  const signOut = useSignOut();
  const switchOrg = useSwitchOrganization();
  const navigate = useNavigate();
  const [theme, setThemeState] = useState<Theme>(currentTheme);
  useShortcuts();
  if (!session) return null;
  const org = session.organizations.find((o) => o.id === session.organizationId);
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    setTheme(next);
    setThemeState(next);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Vigil home">
          <img src="/favicon.svg" alt="" width="22" height="22" /> Vigil
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'} title={`g then ${item.key}`}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          {session.organizations.length > 1 ? (
            <label className="org">
              <span className="sr-only">Organization</span>
              <select
                value={session.organizationId}
                disabled={switchOrg.isPending}
                onChange={(e) => switchOrg.mutate(e.target.value, { onSuccess: () => navigate('/') })}
              >
                {session.organizations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="org">{org?.name ?? session.organizationId}</span>
          )}
          <span className="who" title={session.user.email}>
            {session.user.displayName || session.user.email} <span className="role">{session.role}</span>
          </span>
          <button type="button" className="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button type="button" className="ghost" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/login') })}>
            Sign out
          </button>
        </div>
      </header>
      <ServerBanner />
      <ErrorList error={switchOrg.error} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
