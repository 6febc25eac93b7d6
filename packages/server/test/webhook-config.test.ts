/**
 * Webhook delivery settings: the retry schedule, the auto-disable window, the send timeout and the lease
 * are read from the environment with the documented defaults, bad values stop the start with an error
 * naming the variable, and the worker honours them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DIALECTS } from '@vigil/store/testing';
import { loadConfig } from '../src/config.js';
import { deliverOptionsFrom } from '../src/webhooks/deliver.js';
import { formatDuration, parseDuration } from '../src/webhooks/durations.js';
import { RETRY_DELAYS_MS } from '../src/workers/webhook-delivery.js';
import { startTestServer } from './helpers/test-server.js';

const CLI = fileURLToPath(import.meta.resolve('@vigil/cli/run'));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhook settings', () => {
  it('defaults to the documented schedule, 3 days, a 10 s timeout and a 30 s lease', () => {
    const { webhooks } = loadConfig({});
    assert.equal(webhooks.retryDelaysMs, undefined, 'the worker then uses RETRY_DELAYS_MS');
    assert.deepEqual(RETRY_DELAYS_MS, [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    // Retries span at least 24 hours even when the jitter shortens every delay by 10 %.
    assert.ok(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) * 0.9 >= 24 * 3_600_000);
    assert.equal(webhooks.disableAfterMs, 3 * 86_400_000);
    assert.equal(webhooks.timeoutMs, 10_000);
    assert.equal(webhooks.leaseMs, 30_000);
  });

  it('reads VIGIL_WEBHOOK_RETRY_SCHEDULE, _DISABLE_AFTER, _TIMEOUT and _LEASE', () => {
    const { webhooks } = loadConfig({
      VIGIL_WEBHOOK_RETRY_SCHEDULE: '5s, 5m,30m,2h,1d,250ms,1.5s,40',
      VIGIL_WEBHOOK_DISABLE_AFTER: '12h',
      VIGIL_WEBHOOK_TIMEOUT: '500ms',
      VIGIL_WEBHOOK_LEASE: '2s',
    });
    assert.deepEqual(webhooks.retryDelaysMs, [5_000, 300_000, 1_800_000, 7_200_000, 86_400_000, 250, 1_500, 40]);
    assert.equal(webhooks.disableAfterMs, 43_200_000);
    assert.equal(webhooks.timeoutMs, 500);
    assert.equal(webhooks.leaseMs, 2_000);
  });

  it('refuses bad values with an error naming the variable', () => {
    const bad: Array<[string, string]> = [
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', '5s,,5m'],
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', '5s,soon'],
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', '5 minutes'],
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', '0s'],
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', '-5s'],
      ['VIGIL_WEBHOOK_RETRY_SCHEDULE', Array.from({ length: 101 }, () => '1s').join(',')],
      ['VIGIL_WEBHOOK_DISABLE_AFTER', 'three days'],
      ['VIGIL_WEBHOOK_DISABLE_AFTER', '0'],
      ['VIGIL_WEBHOOK_TIMEOUT', '10x'],
      ['VIGIL_WEBHOOK_LEASE', '1e3'],
    ];
    for (const [name, value] of bad) {
      assert.throws(() => loadConfig({ [name]: value }), (err: Error) => err.message.includes(name), `${name}=${value}`);
    }
    assert.throws(
      () => deliverOptionsFrom({ allowHttp: false, allowPrivate: false, timeoutMs: 10_000, leaseMs: 5_000 }),
      /VIGIL_WEBHOOK_LEASE.*longer than VIGIL_WEBHOOK_TIMEOUT/,
    );
  });

  it('parses and prints durations', () => {
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('750'), 750);
    assert.equal(parseDuration('h'), undefined);
    assert.equal(formatDuration(3 * 86_400_000), '3 days');
    assert.equal(formatDuration(60_000), '1 minute');
    assert.equal(formatDuration(1_500), '1500 ms');
  });

  it('stops `vigil serve` with the reason when a value is bad', () => {
    for (const [name, value] of [['VIGIL_WEBHOOK_RETRY_SCHEDULE', '5s,soon'], ['VIGIL_WEBHOOK_LEASE', '1s']]) {
      const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve', '--port', '0'], {
        env: { ...process.env, VIGIL_DATABASE_URL: 'sqlite::memory:', VIGIL_SECRET: 'x'.repeat(40), [name]: value },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.notEqual(run.status, 0, `${name}=${value} must not start`);
      assert.match(run.stderr, new RegExp(name), run.stderr);
      assert.doesNotMatch(run.stdout, /listening on/);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`webhook disable window (${dialect})`, () => {
    it('disables an endpoint that failed for the configured window, and tells the owners', async () => {
      const server = await startTestServer(dialect, {
        config: {
          webhooks: { allowHttp: false, allowPrivate: true, pollMs: 20, retryDelaysMs: Array(40).fill(30), disableAfterMs: 400 },
        },
      });
      try {
        const { orgId } = server.creds;
        // Port 9 (discard) is closed here: every send is refused.
        const ep = await server.store.webhooks.createEndpoint({ orgId, url: 'https://127.0.0.1:9/hook', secret: 'whsec_dGVzdA==' });
        await server.store.alerts.create({ orgId, title: 'x', dataSource: 'agent', createdAt: Date.now(), severity: 1, agentId: null, ruleId: null, rulesetId: null, aggregates: [] });
        const got = await until('disabled', async () => {
          const e = await server.store.webhooks.getEndpoint(orgId, ep.id);
          return e?.enabled === false ? e : undefined;
        });
        assert.equal(got.disabledReason, 'every delivery failed for 400 ms');
        const [d] = await server.store.webhooks.listDeliveries(orgId, ep.id, 10);
        const attempts = await server.store.webhooks.listAttempts(orgId, d!.id);
        assert.ok(attempts.length >= 2, 'retried on the short schedule before the window ended');
        assert.ok(attempts.every((a) => a.statusCode === null && /ECONNREFUSED/.test(a.error ?? '')), JSON.stringify(attempts));
        assert.ok(attempts.at(-1)!.attemptedAt - attempts[0]!.attemptedAt >= 400);
        const audit = await server.request('GET', '/v2/auditlogs');
        assert.ok(audit.json.recs.some((r: any) => r.action === 'disable_webhook' && /400 ms/.test(r.description)));
      } finally {
        await server.close();
      }
    });
  });
}
