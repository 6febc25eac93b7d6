/**
 * The agent side of the protocol for server tests, on the SDK's `AgentClient`: registration, event batches
 * and any signed body as is (deliberately malformed ones included). Each call is sent once (no retries),
 * and an error answer resolves to its status and body instead of throwing, so tests see what the server said.
 */
import { AgentClient, ApiError, type ApiResponse } from '@vigil/sdk';

export interface AgentCreds {
  agentId: string;
  secret: string;
}

/** What a test reads back: the status and the body, parsed (`json`) and as text. */
export interface AgentAnswer {
  status: number;
  json: any;
  text: string;
}

const ONCE = { maxRetries: 0 };

/**
 * Registers an agent over HTTP (hostname `web-1.internal` unless given).
 * ```ts
 * const agent = await registerAgent(server.url, deployKey, { hostname: 'web-1' });
 * ```
 */
export async function registerAgent(base: string, deployKey: string, body: Record<string, unknown> = {}): Promise<AgentCreds> {
  const { agentId, secret } = await AgentClient.register({ baseUrl: base, deployKey, host: { hostname: 'web-1.internal', ...body }, ...ONCE });
  return { agentId, secret };
}

/**
 * Posts one batch as JSON; resolves to the status and parsed answer (rejects when no answer came).
 * ```ts
 * const { status, json } = await postBatch(server.url, agent, 'b-1', [{ event_type: 'audit', timestamp: Date.now() }]);
 * ```
 */
export function postBatch(base: string, agent: AgentCreds, batchId: string, events: unknown[], signal?: AbortSignal): Promise<AgentAnswer> {
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
): Promise<AgentAnswer> {
  return agentSend(base, 'POST', path, agent, Buffer.from(body, 'utf8'), options);
}

/**
 * Sends Hawk-signed bytes as the agent with any method; resolves to the status and parsed answer.
 * ```ts
 * await agentSend(server.url, 'PUT', '/agent/v1/inventory', agent, gzipSync(json), { headers: { 'content-encoding': 'gzip' } });
 * ```
 */
export async function agentSend(
  base: string,
  method: string,
  path: string,
  agent: AgentCreds,
  bytes: Buffer,
  options: { contentType?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<AgentAnswer> {
  const client = new AgentClient({ baseUrl: base, ...agent, ...ONCE });
  const payload = { bytes, contentType: options.contentType ?? 'application/json' };
  return answerOf(client.request({ method, path, payload, headers: options.headers, signal: options.signal }));
}

async function answerOf(call: Promise<ApiResponse>): Promise<AgentAnswer> {
  try {
    const { status, body } = await call;
    return { status, json: body ?? undefined, text: body == null ? '' : typeof body === 'string' ? body : JSON.stringify(body) };
  } catch (err) {
    // The server's error answers are `{"errors":[…]}`, which the SDK keeps on the error.
    if (!(err instanceof ApiError)) throw err;
    const json = { errors: err.errors };
    return { status: err.status, json, text: JSON.stringify(json) };
  }
}
