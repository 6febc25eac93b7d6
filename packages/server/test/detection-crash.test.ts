/**
 * The reliability promise of ingest plus detection: a server killed with SIGKILL while agents post loses
 * no acknowledged batch, stores a re-sent batch once, and neither loses nor doubles an alert.
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
import { postBatch, registerAgent } from './helpers/agent-client.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';
import { hawkRequest, type Creds } from './helpers/test-server.js';

const BATCHES = 40;
const EVENTS_PER_BATCH = 25;
const KILL_AFTER_ACKS = 8;
const IN_FLIGHT = 4;


for (const dialect of DIALECTS) {
  describe(`detection survives SIGKILL (${dialect})`, () => {
    it('keeps every acknowledged batch, stores re-sent batches once, and raises each alert exactly once', { timeout: 180_000 }, async () => {
      const db = await createTestDatabase(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
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
        VIGIL_RATE_LIMIT_ORG: '100000',
        VIGIL_RATE_LIMIT_IP: '100000',
      };
      let child: ServerProcess | undefined;
      const store = { current: undefined as Awaited<ReturnType<typeof openStore>> | undefined };
      try {
        child = await startServerProcess(env);
        const api = (method: string, path: string, body?: unknown) => hawkRequest(child!.url, method, path, creds, body === undefined ? {} : { body });
        const rs = await api('POST', '/v2/rulesets', { name: 'Crash test', description: '', ruleIds: [] });
        assert.equal(rs.status, 200, rs.text);
        // One group per event (aggregated by a unique user, threshold 1): exactly one alert per event.
        const rule = await api('POST', `/v2/rulesets/${rs.json.id}/rules`, {
          name: 'Crash rule', type: 'Host', title: 'crash {{user}}', severityOfAlerts: 2, alertDescription: 'crash test',
          aggregateFields: ['user'], filter: 'event_type = "audit" and command = "crash-test"', window: 60, threshold: 1,
          suppressions: [], enabled: true,
        });
        assert.equal(rule.status, 200, rule.text);
        store.current = await openStore({ url: db.url, secret });
        const deployKey = (await store.current.deployKeys.issue(creds.orgId)).key;
        const agent = await registerAgent(child.url, deployKey);

        const now = Date.now();
        const batchEvents = (b: number) =>
          Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
            event_type: 'audit', timestamp: now + b * EVENTS_PER_BATCH + i, command: 'crash-test', user: `u-${b}-${i}`,
          }));
        const acked = new Set<number>();
        let next = 0;
        let killed = false;
        // Posters keep sending until the server is killed under them.
        const poster = async () => {
          while (!killed && next < BATCHES) {
            const b = next++;
            try {
              const res = await postBatch(child!.url, agent, `crash-${b}`, batchEvents(b));
              if (res.status === 200) acked.add(b);
            } catch {
              // connection reset by the kill: this batch is unacknowledged
            }
            if (acked.size >= KILL_AFTER_ACKS && !killed) {
              killed = true;
              child!.process.kill('SIGKILL');
            }
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, poster));
        await child.exited;
        assert.ok(acked.size >= KILL_AFTER_ACKS && acked.size < BATCHES, `killed mid-ingest (${acked.size} acknowledged)`);

        // Every acknowledged batch is durable.
        const afterKill = await store.current.ingest.listEvents(creds.orgId, agent.agentId, 100_000);
        const users = new Set(afterKill.map((e) => String(e.data.user)));
        for (const b of acked) for (let i = 0; i < EVENTS_PER_BATCH; i++) assert.ok(users.has(`u-${b}-${i}`), `batch ${b} event ${i} survived`);

        child = await startServerProcess(env);
        // Re-send everything not acknowledged (some were stored before the kill: those answer duplicate).
        for (let b = 0; b < BATCHES; b++) {
          if (acked.has(b)) continue;
          const res = await postBatch(child.url, agent, `crash-${b}`, batchEvents(b));
          assert.equal(res.status, 200, res.text);
          acked.add(b);
        }
        // And a re-send of an acknowledged batch stores nothing.
        const again = await postBatch(child.url, agent, 'crash-0', batchEvents(0));
        assert.equal(again.json?.duplicate, true);

        const total = BATCHES * EVENTS_PER_BATCH;
        const events = await store.current.ingest.listEvents(creds.orgId, agent.agentId, 100_000);
        assert.equal(events.length, total, 'every batch stored exactly once');
        assert.equal(new Set(events.map((e) => String(e.data.user))).size, total);

        const alertsOfRule = async () =>
          (await store.current!.alerts.list(creds.orgId, { isDismissed: false, ruleId: rule.json.id }, { limit: 100_000 })).items;
        // Detection writes a batch's alerts in the transaction that marks the batch processed, and never
        // processes a batch twice: once none is pending, every alert there will ever be is written, so a
        // lost or doubled one shows now.
        const deadline = Date.now() + 30_000;
        while ((await store.current.detection.pendingBatches(1)).length > 0) {
          assert.ok(Date.now() < deadline, 'detection took every batch within 30 s');
          await sleep(100);
        }
        const alerts = await alertsOfRule();
        assert.equal(alerts.length, total, 'one alert per event: none lost, none doubled');
        const groups = new Set(alerts.map((a) => String(a.aggregates[0]?.fieldValue)));
        assert.equal(groups.size, total);
        const sample = await store.current.alerts.events(creds.orgId, alerts[0]!.id);
        assert.equal(sample?.length, 1);
      } finally {
        child?.process.kill('SIGKILL');
        if (child) await child.exited;
        await store.current?.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
