/**
 * The agent side of the protocol, as `vigil simulate` needs it: register with a deploy key, then
 * Hawk-signed heartbeats and event batches, retried with backoff on 429, 503 and network errors.
 * @module
 */
import { clientHeader } from '@vigil/hawk';

export interface AgentIdentity {
  agentId: string;
  secret: string;
  organizationId: string;
}

export interface RetryOptions {
  /** attempts in all, first included (default 6) */
  attempts?: number;
  /** first backoff in ms, doubled per attempt (default 250) */
  baseDelayMs?: number;
  /** stops retrying (and waiting) once aborted */
  signal?: AbortSignal;
}

export class AgentRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Sends `attempt()` until it answers something other than 429/503 or a network error, with backoff. */
async function withRetry(attempt: () => Promise<Response>, options: RetryOptions): Promise<{ res: Response; retries: number }> {
  const attempts = options.attempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 250;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(baseDelay * 2 ** (i - 1), options.signal);
    try {
      const res = await attempt();
      if (res.status !== 429 && res.status !== 503) return { res, retries: i };
      // Honour Retry-After (seconds) when the server names one, within the backoff schedule's scale.
      const after = Number(res.headers.get('retry-after'));
      await res.body?.cancel();
      lastError = new AgentRequestError(`server answered ${res.status}`, res.status);
      if (after > 0) await sleep(Math.min(after * 1000, 10_000), options.signal);
    } catch (err) {
      lastError = err;
    }
    if (options.signal?.aborted) break;
  }
  throw lastError instanceof Error ? lastError : new AgentRequestError(String(lastError));
}

async function expectJson(res: Response, what: string): Promise<any> {
  const text = await res.text();
  if (!res.ok) throw new AgentRequestError(`${what} failed: ${res.status} ${text.slice(0, 200)}`, res.status);
  return text ? JSON.parse(text) : {};
}

/**
 * Registers an agent with the organization's deploy key.
 * ```ts
 * const agent = await registerAgent('http://127.0.0.1:8080', deployKey, { hostname: 'web-1' });
 * ```
 */
export async function registerAgent(baseUrl: string, deployKey: string, body: object, retry: RetryOptions = {}): Promise<AgentIdentity> {
  const url = new URL('/agent/v1/register', baseUrl);
  const { res } = await withRetry(
    () => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${deployKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    retry,
  );
  const json = await expectJson(res, 'register');
  return { agentId: json.agentId, secret: json.secret, organizationId: json.organizationId };
}

/** POSTs a Hawk-signed JSON body as the agent; each attempt is signed afresh (new nonce and timestamp). */
function signedPost(baseUrl: string, path: string, agent: AgentIdentity, payload: string, headers: Record<string, string> = {}) {
  const url = new URL(path, baseUrl);
  return () => {
    const { header } = clientHeader(url.href, 'POST', {
      credentials: { id: agent.agentId, key: agent.secret, algorithm: 'sha256' },
      payload,
      contentType: 'application/json',
    });
    return fetch(url, { method: 'POST', headers: { ...headers, authorization: header, 'content-type': 'application/json' }, body: payload });
  };
}

/**
 * Sends a heartbeat (optionally with a fresh host report).
 * ```ts
 * await heartbeat(baseUrl, agent, { agentModuleHealth: { isHealthy: true } });
 * ```
 */
export async function heartbeat(baseUrl: string, agent: AgentIdentity, report: object = {}, retry: RetryOptions = {}): Promise<void> {
  const { res } = await withRetry(signedPost(baseUrl, '/agent/v1/heartbeat', agent, JSON.stringify(report)), retry);
  await expectJson(res, 'heartbeat');
}

export interface BatchResult {
  accepted: number;
  duplicate: boolean;
  /** attempts beyond the first */
  retries: number;
}

/**
 * Sends one batch of events; retries re-send the same `batchId`, so the server stores it once.
 * ```ts
 * const r = await sendBatch(baseUrl, agent, 'sim-1', events);
 * ```
 */
export async function sendBatch(baseUrl: string, agent: AgentIdentity, batchId: string, events: object[], retry: RetryOptions = {}): Promise<BatchResult> {
  const { res, retries } = await withRetry(signedPost(baseUrl, '/agent/v1/events', agent, JSON.stringify(events), { 'vigil-batch-id': batchId }), retry);
  const json = await expectJson(res, `batch ${batchId}`);
  return { accepted: Number(json.accepted ?? 0), duplicate: json.duplicate === true, retries };
}
