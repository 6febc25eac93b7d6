/**
 * Every agent, online and offline, fetched once and kept for a minute: the dashboard counts them, and the
 * pages that only have an alert's `agentId` (the alert list, top hosts) name the host with it.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, must } from './client.js';
import type { Agent } from './types.js';

/** Pages per status (100 agents each); past them the dashboard says "2,000+". */
export const MAX_AGENT_PAGES = 20;

async function allAgents(status: 'online' | 'offline', signal: AbortSignal): Promise<{ agents: Agent[]; more: boolean }> {
  const agents: Agent[] = [];
  let token: string | undefined;
  for (let i = 0; i < MAX_AGENT_PAGES; i++) {
    const page = must(await api.GET('/v2/agents', { params: { query: { status, ...(token ? { token } : {}) } }, signal }));
    agents.push(...page.agents);
    if (!page.token) return { agents, more: false };
    token = page.token;
  }
  return { agents, more: true };
}

/**
 * ```tsx
 * const { data } = useAllAgents();
 * data?.online.agents.length
 * ```
 */
export function useAllAgents() {
  return useQuery({
    queryKey: ['agents-all'],
    staleTime: 60_000,
    refetchInterval: 60_000,
    queryFn: async ({ signal }) => {
      const [online, offline] = await Promise.all([allAgents('online', signal), allAgents('offline', signal)]);
      return { online, offline };
    },
  });
}

/**
 * ```tsx
 * const names = useAgentNames();
 * names.get(alert.agentId) ?? alert.agentId
 * ```
 */
export function useAgentNames(): ReadonlyMap<string, string> {
  const { data } = useAllAgents();
  return useMemo(() => new Map([...(data?.online.agents ?? []), ...(data?.offline.agents ?? [])].map((a) => [a.id, a.hostname || a.name])), [data]);
}
