/**
 * The console's URLs. The server answers index.html for exactly these (packages/server/src/ops/console.ts,
 * CONSOLE_ROUTES): add a route in both places.
 */
import { createBrowserRouter, Navigate } from 'react-router';
import { Shell } from './app/shell.js';
import { RequireSession } from './app/require-session.js';
import { SignInPage } from './pages/sign-in.js';
import { DashboardPage } from './pages/dashboard.js';
import { AlertsPage } from './pages/alerts.js';
import { AlertDetailPage } from './pages/alert-detail.js';
import { AgentsPage } from './pages/agents.js';
import { AgentDetailPage } from './pages/agent-detail.js';
import { RulesPage } from './pages/rules.js';
import { NotFoundPage } from './pages/not-found.js';
import { RuleEditPage } from './pages/rule-edit.js';
import { VulnerabilitiesPage } from './pages/vulnerabilities.js';
import { SettingsLayout } from './pages/settings-layout.js';
import { SettingsIntegrationsPage } from './pages/settings-integrations.js';
import { SettingsWebhookPage } from './pages/settings-webhook.js';
import { SettingsKeysPage } from './pages/settings-keys.js';
import { intelRoutes } from './pages/intel/routes.js';

export const router = createBrowserRouter([
  { path: '/login', element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'alerts/:alertId', element: <AlertDetailPage /> },
      { path: 'agents', element: <AgentsPage /> },
      { path: 'agents/:agentId', element: <AgentDetailPage /> },
      { path: 'vulnerabilities', element: <VulnerabilitiesPage /> },
      { path: 'rules', element: <RulesPage /> },
      { path: 'rules/:rulesetId/:ruleId', element: <RuleEditPage /> },
      intelRoutes,
      { path: 'invites/:inviteId', lazy: async () => ({ Component: (await import('./pages/invite-accept.js')).InviteAcceptPage }) },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="/settings/integrations" replace /> },
          { path: 'integrations', element: <SettingsIntegrationsPage /> },
          { path: 'integrations/:webhookId', element: <SettingsWebhookPage /> },
          { path: 'keys', element: <SettingsKeysPage /> },
          // Loaded when first opened: most visits never reach them.
          { path: 'members', lazy: async () => ({ Component: (await import('./pages/settings-members.js')).SettingsMembersPage }) },
          { path: 'oauth', lazy: async () => ({ Component: (await import('./pages/settings-oauth.js')).SettingsOAuthPage }) },
          { path: 'audit-log', lazy: async () => ({ Component: (await import('./pages/settings-audit.js')).SettingsAuditPage }) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
