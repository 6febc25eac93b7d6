/**
 * The agent protocol, mounted at `/agent/v1`: registration with the organization deploy key, then
 * heartbeats, event batches and configuration reads Hawk-signed with the agent's own id and secret. A surface of its own: user
 * API keys do not work here and agent secrets do not work on `/v2`.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { installAgentAuth } from '../../auth/agent-auth.js';
import type { NonceStore } from '../../auth/nonce-store.js';
import type { RateLimiters } from '../../limits/rate-limiters.js';
import { configRoute } from './config.js';
import { eventsRoute } from './events.js';
import { heartbeatRoute } from './heartbeat.js';
import { inventoryRoute } from './inventory.js';
import { registerRoute } from './register.js';

export interface AgentProtocolOptions {
  nonces: NonceStore;
  limiters: RateLimiters;
}

/**
 * Registers every agent route on an encapsulated context.
 * ```ts
 * await app.register(agentProtocolRoutes, { prefix: '/agent/v1', nonces, limiters });
 * ```
 */
export async function agentProtocolRoutes(app: FastifyInstance, options: AgentProtocolOptions): Promise<void> {
  const { store, config } = app.vigil;
  await app.register(registerRoute, { limiters: options.limiters });
  await app.register(async (signed) => {
    installAgentAuth(signed, { store, nonces: options.nonces, skewSec: config.hawkSkewSec, publicUrl: config.publicUrl });
    await signed.register(heartbeatRoute);
    await signed.register(eventsRoute);
    await signed.register(inventoryRoute);
    await signed.register(configRoute, { agents: config.agents });
  });
}
