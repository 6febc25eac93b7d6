/**
 * A minimal agent for tests: registers with a deploy key and posts Hawk-signed event batches.
 */
import { clientHeader } from '@vigil/hawk';

export interface AgentCreds {
  agentId: string;
  secret: string;
}

/**
 * Registers an agent over HTTP.
 * ```ts
 * const agent = await registerAgent(server.url, deployKey, { hostname: 'web-1' });
 * ```
 */
export async function registerAgent(base: string, deployKey: string, body: Record<string, unknown> = {}): Promise<AgentCreds> {
  const res = await fetch(`${base}/agent/v1/register`, {
    method: 'POST',
    headers: { authorization: `Bearer ${deployKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hostname: 'web-1.internal', ...body }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`register → ${res.status} ${text}`);
  const json = JSON.parse(text) as { agentId: string; secret: string };
  return { agentId: json.agentId, secret: json.secret };
}

/**
 * Posts one batch as JSON; resolves to the status and parsed answer (rejects on network errors).
 * ```ts
 * const { status, json } = await postBatch(server.url, agent, 'b-1', [{ event_type: 'audit', timestamp: Date.now() }]);
 * ```
 */
export async function postBatch(
  base: string,
  agent: AgentCreds,
  batchId: string,
  events: unknown[],
  signal?: AbortSignal,
): Promise<{ status: number; json: any; text: string }> {
  return agentPost(base, '/agent/v1/events', agent, JSON.stringify(events), { headers: { 'vigil-batch-id': batchId }, signal });
}

/**
 * Posts a Hawk-signed body as the agent, as is (any content type); resolves to the status and parsed answer.
 * ```ts
 * await agentPost(server.url, '/agent/v1/heartbeat', agent, '{"version":"3.3.0"}');
 * ```
 */
export async function agentPost(
  base: string,
  path: string,
  agent: AgentCreds,
  body: string,
  options: { contentType?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<{ status: number; json: any; text: string }> {
  const url = base + path;
  const contentType = options.contentType ?? 'application/json';
  const { header } = clientHeader(url, 'POST', {
    credentials: { id: agent.agentId, key: agent.secret, algorithm: 'sha256' },
    payload: body,
    contentType,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...options.headers, authorization: header, 'content-type': contentType },
    body,
    signal: options.signal,
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
