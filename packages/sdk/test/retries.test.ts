import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConnectionError,
  InternalServerError,
  RateLimitError,
  TimeoutError,
  VigilClient,
  type ClientOptions,
} from '../src/index.js';
import { FAKE_CREDS, startFakeApi, type FakeApi, type FakeReply } from './helpers/fake-api.js';

const OK: FakeReply = { status: 200, body: { agents: [], token: null } };

describe('retries, timeouts and aborts (fake server)', () => {
  let fake: FakeApi | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function clientFor(script: (n: number) => FakeReply, options: Partial<ClientOptions> = {}) {
    fake = await startFakeApi(script);
    return new VigilClient({
      userId: FAKE_CREDS.userId,
      apiKey: FAKE_CREDS.apiKey,
      organizationId: FAKE_CREDS.orgId,
      baseUrl: fake.url,
      backoff: { baseMs: 5, maxMs: 20 },
      ...options,
    });
  }

  it('waits out a 429 with Retry-After, then succeeds, signing each attempt afresh', async () => {
    const client = await clientFor((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { errors: ['slow down'] } } : OK));
    const page = await client.agents.list({ status: 'online' });
    assert.deepEqual(page.items, []);
    assert.equal(fake!.requests.length, 2);
    assert.ok(fake!.requests.every((r) => r.authenticated), 'fresh nonce and valid MAC on the retry');
  });

  it('honours x-rate-limit-reset (ms) when there is no Retry-After', async () => {
    const client = await clientFor((n) => (n === 0 ? { status: 429, headers: { 'x-rate-limit-reset': '30' } } : OK));
    await client.agents.list({ status: 'online' });
    assert.equal(fake!.requests.length, 2);
  });

  it('retries a 500 with its own backoff, not the x-rate-limit-reset every response carries', async () => {
    // The server stamps x-rate-limit-reset on every answer; on a 500 it is not a request to wait.
    let backoffWaits = 0;
    const random = () => (backoffWaits++, 0.5);
    const client = await clientFor(() => ({ status: 500, headers: { 'x-rate-limit-reset': '50000000' }, body: { errors: ['boom'] } }), {
      backoff: { baseMs: 5, maxMs: 20, random },
    });
    await assert.rejects(client.agents.list({ status: 'online' }), (err: unknown) => {
      assert.ok(err instanceof InternalServerError);
      assert.equal(err.retryAfterMs, undefined, 'a 500 carries no wait');
      return true;
    });
    assert.equal(fake!.requests.length, 4, 'first attempt and maxRetries (3) retries');
    assert.equal(backoffWaits, 3, 'each wait came from the backoff');
  });

  it('a 503 with only x-rate-limit-reset backs off; a 429 still honours x-rate-limit-reset', async () => {
    let backoffWaits = 0;
    const random = () => (backoffWaits++, 0.5);
    const unavailable = await clientFor((n) => (n === 0 ? { status: 503, headers: { 'x-rate-limit-reset': '50000000' } } : OK), {
      backoff: { baseMs: 5, maxMs: 20, random },
    });
    await unavailable.agents.list({ status: 'online' });
    assert.equal(fake!.requests.length, 2);
    assert.equal(backoffWaits, 1);
    await fake!.close();

    const limited = await clientFor(() => ({ status: 429, headers: { 'x-rate-limit-reset': '60000' }, body: { errors: ['Rate limit hit'] } }), {
      deadlineMs: 2_000,
      backoff: { baseMs: 5, maxMs: 20, random },
    });
    await assert.rejects(limited.agents.list({ status: 'online' }), (err: unknown) => {
      assert.ok(err instanceof RateLimitError);
      assert.equal(err.retryAfterMs, 60_000);
      return true;
    });
    assert.equal(fake!.requests.length, 1, 'the 60 s reset is past the deadline: given up at once');
    assert.equal(backoffWaits, 1, 'no backoff for a 429 that said how long');
  });

  it('retries a GET through two 500s', async () => {
    const client = await clientFor((n) => (n < 2 ? { status: 500, body: { errors: ['An internal error has occurred'] } } : OK));
    await client.agents.list({ status: 'online' });
    assert.equal(fake!.requests.length, 3);
  });

  it('stops after maxRetries with the last error', async () => {
    const client = await clientFor(() => ({ status: 502, body: { errors: ['bad gateway'] } }), { maxRetries: 2 });
    await assert.rejects(client.agents.retrieve('a1'), (err: unknown) => {
      assert.ok(err instanceof InternalServerError);
      assert.equal(err.status, 502);
      assert.equal(err.message, 'GET /v2/agents/a1: 502 Bad Gateway: bad gateway');
      return true;
    });
    assert.equal(fake!.requests.length, 3);
  });

  it('gives up at once when the server asks for a wait past the deadline', async () => {
    const client = await clientFor(() => ({ status: 429, headers: { 'retry-after': '30' }, body: { errors: ['Rate limit hit'] } }), {
      deadlineMs: 2_000,
    });
    await assert.rejects(client.agents.list({ status: 'online' }), (err: unknown) => {
      assert.ok(err instanceof RateLimitError);
      assert.equal(err.retryAfterMs, 30_000);
      return true;
    });
    assert.equal(fake!.requests.length, 1, 'no sleep past the deadline, no second attempt');
  });

  it('times out a hanging attempt, retries a GET, and stops at the deadline', async () => {
    const client = await clientFor(() => 'hang', { timeoutMs: 100, deadlineMs: 1_000, maxRetries: 30 });
    await assert.rejects(client.agents.list({ status: 'online' }), TimeoutError);
    const attempts = fake!.requests.length;
    assert.ok(attempts >= 2, `a timed-out GET is retried (saw ${attempts} attempt)`);
    // Each attempt hangs for its whole 100 ms timeout, so the 1 s deadline leaves room for 10 at the most;
    // without the deadline all 31 (maxRetries + 1) would be made.
    assert.ok(attempts <= 10, `no attempt started after the deadline (saw ${attempts})`);
  });

  it('does not retry a POST on 500, a reset connection or a timeout', async () => {
    let client = await clientFor(() => ({ status: 500, body: { errors: ['boom'] } }));
    await assert.rejects(client.rulesets.create({ name: 'x' }), InternalServerError);
    assert.equal(fake!.requests.length, 1);
    await fake!.close();

    client = await clientFor(() => 'destroy');
    await assert.rejects(client.rulesets.create({ name: 'x' }), (err: unknown) => err instanceof ConnectionError && !(err instanceof TimeoutError));
    assert.equal(fake!.requests.length, 1);
    await fake!.close();

    client = await clientFor(() => 'hang', { timeoutMs: 100, deadlineMs: 5_000 });
    await assert.rejects(client.rulesets.create({ name: 'x' }), TimeoutError);
    // On a busy machine the attempt can time out before the fake server has read it: wait for it to arrive,
    // then give a retry (had there been one, it was sent before the rejection) as long to arrive too.
    const seen = () => fake!.requests.length;
    for (let waited = 0; seen() === 0 && waited < 5_000; waited += 20) await sleep(20);
    await sleep(200);
    assert.equal(fake!.requests.length, 1);
  });

  it('retries a POST on 429 and 503, and a GET on a reset connection', async () => {
    let client = await clientFor((n) => (n === 0 ? { status: 503, headers: { 'retry-after': '0' } } : n === 1 ? { status: 429 } : { status: 200, body: { id: 'rs1' } }));
    assert.deepEqual(await client.rulesets.create({ name: 'x' }), { id: 'rs1' });
    assert.equal(fake!.requests.length, 3);
    assert.ok(fake!.requests.every((r) => r.body === '{"name":"x"}'), 'the same body each time');
    await fake!.close();

    client = await clientFor((n) => (n === 0 ? 'destroy' : OK));
    await client.agents.list({ status: 'online' });
    assert.equal(fake!.requests.length, 2);
  });

  it('retries a POST when the connection was refused (nothing was sent)', async () => {
    let calls = 0;
    const refusingOnce: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      return fetch(input, init);
    };
    const client = await clientFor(() => ({ status: 200, body: { id: 'rs1' } }), { fetch: refusingOnce });
    assert.deepEqual(await client.rulesets.create({ name: 'x' }), { id: 'rs1' });
    assert.equal(calls, 2);
    assert.equal(fake!.requests.length, 1);
  });

  it('a refused connection that never recovers is a ConnectionError with its code', async () => {
    const closed = await startFakeApi(() => OK);
    const url = closed.url;
    await closed.close();
    const client = new VigilClient({ userId: 'u', apiKey: 'k-123456', organizationId: 'o', baseUrl: url, maxRetries: 1, backoff: { baseMs: 1, maxMs: 2 } });
    await assert.rejects(client.agents.list({ status: 'online' }), (err: unknown) => {
      assert.ok(err instanceof ConnectionError);
      assert.equal(err.code, 'ECONNREFUSED');
      assert.match(err.message, /^GET \/v2\/agents: connection failed \(ECONNREFUSED\)$/);
      return true;
    });
  });

  it('an abort stops a hanging attempt at once and is not retried', async () => {
    const controller = new AbortController();
    const client = await clientFor((n) => {
      if (n === 0) setImmediate(() => controller.abort(new Error('user pressed ^C')));
      return 'hang';
    });
    await assert.rejects(client.agents.list({ status: 'online', signal: controller.signal }), /user pressed \^C/);
    assert.equal(fake!.requests.length, 1);
  });

  it('an abort stops the wait between retries', async () => {
    const controller = new AbortController();
    const client = await clientFor((n) => {
      if (n === 0) setTimeout(() => controller.abort(), 50);
      return { status: 429, headers: { 'retry-after': '60' } };
    });
    await assert.rejects(client.agents.retrieve('a1', { signal: controller.signal }), (err: unknown) => (err as Error).name === 'AbortError');
    assert.equal(fake!.requests.length, 1);
  });

  it('an already aborted signal sends nothing', async () => {
    const client = await clientFor(() => OK);
    await assert.rejects(client.alerts.severityCounts({ signal: AbortSignal.abort() }), (err: unknown) => (err as Error).name === 'AbortError');
    assert.equal(fake!.requests.length, 0);
  });

  it('re-signs once with the server clock after an authenticated stale-timestamp 401', async () => {
    fake = await startFakeApi(() => OK, { clockOffsetMs: 10 * 60_000 });
    const client = new VigilClient({ userId: FAKE_CREDS.userId, apiKey: FAKE_CREDS.apiKey, organizationId: FAKE_CREDS.orgId, baseUrl: fake.url });
    await client.agents.list({ status: 'online' });
    assert.deepEqual(fake.requests.map((r) => r.authenticated), [false, true]);
    // the offset is kept: the next call needs no correction
    await client.agents.list({ status: 'online' });
    assert.equal(fake.requests.length, 3);
  });
});
