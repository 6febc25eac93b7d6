/**
 * Hawk authentication for the agent protocol: id = the agent id, key = the secret issued at registration,
 * ext unused. The header is checked before the body is read (an unauthenticated client cannot make the
 * server buffer an 8 MiB batch) and the body hash when it has arrived. User API keys are not agent
 * credentials and agent secrets are not user credentials: each lookup only knows its own kind.
 * @module
 */
import type { AgentCredentials, AgentTag, Store } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { installHawk } from './hawk-auth.js';
import type { NonceStore } from './nonce-store.js';

/** The authenticated agent of a request. */
export interface AgentAuth {
  agentId: string;
  orgId: string;
  /** the hostname the agent registered (or last reported) with; events are stamped with it */
  hostname: string;
  /** the agent's tags as stored when it authenticated; which rules apply to it (`ruleAppliesTo`) */
  tags: readonly AgentTag[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set once agent Hawk authentication succeeded */
    agent?: AgentAuth;
  }
}

export interface AgentAuthOptions {
  store: Store;
  nonces: NonceStore;
  skewSec: number;
  /** `VIGIL_PUBLIC_URL`: sign against this host/port instead of the Host header */
  publicUrl?: string;
}

/**
 * Adds agent Hawk authentication and response signing to every route of `app`'s context.
 * ```ts
 * app.register(async (signed) => { installAgentAuth(signed, { store, nonces, skewSec: 60 }); signed.post(...); });
 * ```
 */
export function installAgentAuth(app: FastifyInstance, options: AgentAuthOptions): void {
  const { store } = options;
  installHawk<AgentCredentials>(app, {
    nonces: options.nonces,
    skewSec: options.skewSec,
    publicUrl: options.publicUrl,
    stage: 'onRequest',
    // Agent and user ids share the nonce store; the prefix keeps an id that happens to exist in both
    // namespaces from refusing the other's nonces as replays.
    noncePrefix: 'agent:',
    async lookup(id) {
      const found = await store.ingest.agentCredentials(id);
      return found && { key: found.secret, principal: found };
    },
    onAuthenticated(request: FastifyRequest, found) {
      request.agent = { agentId: found.agent.id, orgId: found.orgId, hostname: found.agent.hostname, tags: found.agent.tags };
    },
  });
}
