/**
 * REST v2, Threat Stack-compatible, mounted at `/v2`.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { agentRoutes } from './agents.js';
import { alertRoutes } from './alerts.js';
import { alertDashboardRoutes } from './alerts-dashboard.js';
import { auditLogRoutes } from './audit-logs.js';
import { memberRoutes } from './members.js';
import { myInviteRoutes } from './my-invites.js';
import { rulesetRoutes } from './rulesets.js';
import { vulnerabilityRoutes } from './vulnerabilities.js';
import { serverRoutes } from './servers.js';
import { webhookRoutes } from './webhooks.js';

/** Registers every v2 route group on a Hawk-protected context. */
export async function v2Routes(app: FastifyInstance): Promise<void> {
  await app.register(agentRoutes);
  await app.register(alertRoutes);
  await app.register(alertDashboardRoutes);
  await app.register(memberRoutes);
  await app.register(myInviteRoutes);
  await app.register(auditLogRoutes);
  await app.register(rulesetRoutes);
  await app.register(vulnerabilityRoutes);
  await app.register(serverRoutes);
  await app.register(webhookRoutes);
}
