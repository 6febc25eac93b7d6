/**
 * The reliability promise of webhooks: a server killed with SIGKILL while deliveries are in flight and
 * pending, restarted on the same database, delivers every alert — at least once, and with the same
 * `webhook-id` whenever one is sent again.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';
import { hawkRequest, type Creds } from './helpers/test-server.js';
import { startControlledReceiver } from './helpers/webhook-receiver.js';

const ALERTS = 400;
/** answered before the receiver starts holding every request */
const ANSWER_FIRST = 120;
/** requests held (in flight at the server) when it is killed */
const HELD_AT_KILL = 20;


async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

for (const dialect of DIALECTS) {
  describe(`webhooks survive SIGKILL (${dialect})`, () => {
    it('delivers every alert after a kill mid-delivery, with the same webhook-id on repeats', { timeout: 240_000 }, async () => {
      const db = await createTestDatabase(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-webhook-crash-'));
      const receiver = await startControlledReceiver();
      const secret = randomBytes(24).toString('hex');
      const creds: Creds = {
        orgId: `org${randomBytes(4).toString('hex')}`,
        userId: `user${randomBytes(4).toString('hex')}`,
        apiKey: randomBytes(32).toString('base64url'),
      };
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        VIGIL_DATABASE_URL: db.url,
        VIGIL_DATA_DIR: dataDir,
        VIGIL_SECRET: secret,
        VIGIL_HOST: '127.0.0.1',
        VIGIL_LOG_LEVEL: 'warn',
        VIGIL_BOOTSTRAP_ORG_ID: creds.orgId,
        VIGIL_BOOTSTRAP_USER_ID: creds.userId,
        VIGIL_BOOTSTRAP_API_KEY: creds.apiKey,
        VIGIL_BOOTSTRAP_BASE_RULE_SET: '0',
        VIGIL_WEBHOOK_ALLOW_PRIVATE: '1',
        VIGIL_WEBHOOK_CA_FILE: receiver.caFile,
        VIGIL_WEBHOOK_POLL_MS: '100',
        // Held sends would time out after 4 s: the kill comes within milliseconds, so they die in flight.
        VIGIL_WEBHOOK_TIMEOUT: '4s',
        // What the restarted worker waits for before taking over the dead one's leased deliveries.
        VIGIL_WEBHOOK_LEASE: '5s',
        VIGIL_WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms,200ms,200ms',
        // The alerts come from this process's store, not from detection: no detection thread to start (from the
        // sources it loads tsx and the store again, about 3 s of CPU per start).
        VIGIL_DETECTION_THREAD: '0',
      };
      let child: ServerProcess | undefined;
      const store = await openStore({ url: db.url, secret });
      try {
        child = await startServerProcess(env);
        const created = await hawkRequest(child.url, 'POST', '/v2/integrations/webhooks', creds, { body: { url: `${receiver.url}/hook` } });
        assert.equal(created.status, 201, created.text);
        const endpointId = created.json.id as string;

        receiver.set({ answer: 200 }, { hangAfter: ANSWER_FIRST });
        // Alerts committed by another process (as detection in a second server would): the child finds them by polling.
        const alerts = await store.alerts.createMany(
          Array.from({ length: ALERTS }, (_, i) => ({
            alert: { orgId: creds.orgId, title: `crash ${i}`, dataSource: 'agent' as const, createdAt: Date.now(), severity: 1 as const, agentId: null, ruleId: null, rulesetId: null, aggregates: [] },
          })),
        );
        await until('deliveries held in flight', () => receiver.requests.length >= ANSWER_FIRST + HELD_AT_KILL);
        child.process.kill('SIGKILL');
        await child.exited;
        child = undefined;

        const beforeRestart = await store.webhooks.listDeliveries(creds.orgId, endpointId, 10_000);
        assert.equal(beforeRestart.length, ALERTS, 'one delivery per alert, all durable');
        const unfinished = beforeRestart.filter((d) => d.status !== 'succeeded');
        assert.ok(unfinished.length >= HELD_AT_KILL, `killed with deliveries unfinished (${unfinished.length})`);
        assert.ok(receiver.deliveredAlerts().size >= 1 && receiver.deliveredAlerts().size < ALERTS, 'killed mid-delivery');

        receiver.set({ answer: 200 });
        child = await startServerProcess(env);
        await until('every alert delivered', () => receiver.deliveredAlerts().size === ALERTS || undefined, 120_000);
        const finished = await until('every delivery recorded as succeeded', async () => {
          const ds = await store.webhooks.listDeliveries(creds.orgId, endpointId, 10_000);
          return ds.every((d) => d.status === 'succeeded') ? ds : undefined;
        });

        assert.deepEqual(receiver.deliveredAlerts(), new Set(alerts.map((a) => a.id)), 'none lost');
        // Every request for one alert carried that alert's delivery id.
        const idOf = new Map(finished.map((d) => [d.alertId, d.id]));
        for (const r of receiver.requests) assert.equal(r.webhookId, idOf.get(r.alertId), `alert ${r.alertId}`);
        const repeated = receiver.requests.length - ALERTS;
        assert.ok(repeated >= HELD_AT_KILL, `the in-flight ones were sent again (${repeated} repeats)`);
      } finally {
        child?.process.kill('SIGKILL');
        if (child) await child.exited;
        await store.close();
        await receiver.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
