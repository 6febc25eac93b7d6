/**
 * The one request core under every client: a failure to get an answer reads the same whichever
 * authentication the client uses (Hawk for REST v2 and agents, bearer for the threat library).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentClient, ConnectionError, ThreatLibraryClient, VigilClient } from '../src/index.js';

/** A fetch that fails like undici does for a TLS or URL problem: no socket code, the reason in the cause. */
const failingFetch = (async () => {
  throw new TypeError('fetch failed', { cause: new Error('unable to verify the first certificate') });
}) as typeof fetch;

const common = { baseUrl: 'https://vigil.invalid', fetch: failingFetch, maxRetries: 0 };

describe('request core', () => {
  it('names the underlying cause of a connection failure the same way for Hawk, bearer and agent clients', async () => {
    const calls: Array<[string, Promise<unknown>]> = [
      ['GET /v2/agents', new VigilClient({ ...common, userId: 'u', apiKey: 'k'.repeat(20), organizationId: 'o' }).request({ method: 'GET', path: '/v2/agents' })],
      ['POST /api/token', new ThreatLibraryClient({ ...common, clientId: 'c', clientSecret: 's'.repeat(20) }).request({ method: 'GET', path: '/api/indicators' })],
      ['POST /agent/v1/heartbeat', new AgentClient({ ...common, agentId: 'a', secret: 'x'.repeat(20) }).heartbeat()],
    ];
    for (const [line, call] of calls) {
      await assert.rejects(call, (err: unknown) => {
        assert.ok(err instanceof ConnectionError, line);
        assert.equal(err.message, `${line}: connection failed (unable to verify the first certificate)`);
        return true;
      });
    }
  });
});
