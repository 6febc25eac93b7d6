/**
 * REST v1, Threat Stack-compatible, mounted at `/api/v1` (the Python client's v1 BASE_URL is
 * `…/api/v1/`): read-only, authenticated with the bare API key, answering JSON arrays for lists.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { agentRoutesV1 } from './agents.js';
import { alertRoutesV1 } from './alerts.js';
import { logRoutesV1 } from './logs.js';
import { organizationRoutesV1 } from './organizations.js';
import { policyRoutesV1 } from './policies.js';

/** Registers every v1 route group on an API-key-protected context. */
export async function v1Routes(app: FastifyInstance): Promise<void> {
  await app.register(agentRoutesV1);
  await app.register(alertRoutesV1);
  await app.register(policyRoutesV1);
  await app.register(organizationRoutesV1);
  await app.register(logRoutesV1);
}
