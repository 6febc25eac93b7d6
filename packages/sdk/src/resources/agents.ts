/**
 * `client.agents`: `GET /v2/agents`, `GET /v2/agents/{id}` and the agent's package inventory.
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { CloudMetadata } from '../agent/agent-types.js';
import type { Agent, AgentPackage, AgentPackageChange, CallOptions, DateInput } from '../types.js';
import { ApiResource, splitSignal } from './api-resource.js';

/** Filters for {@link AgentsResource.list}; `from`/`until` bound `createdAt`. */
export interface AgentListParams extends CallOptions {
  status: 'online' | 'offline';
  type?: 'monitor' | 'investigate';
  hostname?: string;
  instanceId?: string;
  from?: DateInput;
  until?: DateInput;
}

/**
 * The organization's host agents, newest first, 100 per page.
 *
 * ```ts
 * for await (const agent of client.agents.list({ status: 'online' })) console.log(agent.hostname);
 * ```
 */
export class AgentsResource extends ApiResource {
  /**
   * Lists agents with a status (required by the API).
   *
   * ```ts
   * const page = await client.agents.list({ status: 'offline', from: new Date(Date.now() - 86_400_000) });
   * console.log(page.items.length, page.token);
   * ```
   */
  list(params: AgentListParams): ListPromise<Agent> {
    const [query, signal] = splitSignal(params);
    return this.paged<Agent>('/v2/agents', 'agents', { ...query }, signal);
  }

  /**
   * One agent by id; a NotFoundError when it is not in this organization.
   *
   * ```ts
   * const agent = await client.agents.retrieve('d9c1f5…');
   * ```
   */
  retrieve(agentId: string, options: CallOptions = {}): Promise<Agent> {
    return this.get<Agent>(`/v2/agents/${this.id(agentId, 'agentId')}`, undefined, options.signal);
  }

  /**
   * What the cloud's instance metadata service told the agent (instance id, region, account, type, tags); a
   * NotFoundError when the agent reported none or is not in this organization.
   *
   * ```ts
   * const { instanceId, region, accountId } = await client.agents.cloud(agentId);
   * ```
   */
  cloud(agentId: string, options: CallOptions = {}): Promise<CloudMetadata> {
    return this.get<CloudMetadata>(`/v2/agents/${this.id(agentId, 'agentId')}/cloud`, undefined, options.signal);
  }

  /**
   * The packages installed on the agent's host, by name, 100 per page; a NotFoundError for an agent not in this organization.
   *
   * ```ts
   * for await (const p of client.agents.packages(agentId)) console.log(p.name, p.version, p.sourceName);
   * ```
   */
  packages(agentId: string, options: CallOptions = {}): ListPromise<AgentPackage> {
    return this.paged<AgentPackage>(`/v2/agents/${this.id(agentId, 'agentId')}/packages`, 'packages', {}, options.signal);
  }

  /**
   * What was added, removed or changed version in the agent's inventory, newest first.
   *
   * ```ts
   * const { items } = await client.agents.packageChanges(agentId);
   * ```
   */
  packageChanges(agentId: string, options: CallOptions = {}): ListPromise<AgentPackageChange> {
    return this.paged<AgentPackageChange>(`/v2/agents/${this.id(agentId, 'agentId')}/packages/changes`, 'changes', {}, options.signal);
  }
}
