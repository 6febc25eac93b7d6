import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { StoreNotFoundError, StoreValidationError, batchEventId, type IngestEvent } from '../src/index.js';
import { DIALECTS } from '../src/testing.js';
import { T0, agentInput, newOrg, rawQuery, useStore } from './support.js';

/** The part of a storeBatch result that does not vary between runs. */
const pick = (r: { duplicate: boolean; stored: number }) => ({ duplicate: r.duplicate, stored: r.stored });

const events = (n: number, over: Partial<IngestEvent> = {}): IngestEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    eventType: i % 2 ? 'audit' : 'file',
    timestamp: T0 + i,
    data: { event_type: i % 2 ? 'audit' : 'file', timestamp: T0 + i, seq: i, exe: '/usr/bin/curl' },
    ...over,
  }));

for (const dialect of DIALECTS) {
  describe(`${dialect}: deploy keys`, () => {
    const s = useStore(dialect);

    it('issues a key once, finds its organization by it, and rotation revokes the previous key', async () => {
      const org = await newOrg(s.store);
      const first = await s.store.deployKeys.issue(org);
      assert.match(first.key, /^vdk_[A-Za-z0-9_-]{43}$/);
      assert.equal(first.info.prefix, first.key.slice(0, 8));
      assert.equal(await s.store.deployKeys.findOrg(first.key), org);

      const second = await s.store.deployKeys.issue(org);
      assert.notEqual(second.key, first.key);
      assert.equal(await s.store.deployKeys.findOrg(first.key), undefined, 'the rotated-out key is revoked');
      assert.equal(await s.store.deployKeys.findOrg(second.key), org);
      const list = await s.store.deployKeys.list(org);
      assert.deepEqual(
        list.map((k) => [k.id, k.revokedAt === null]),
        [
          [second.info.id, true],
          [first.info.id, false],
        ],
      );
      assert.equal(await s.store.deployKeys.revoke(org), true);
      assert.equal(await s.store.deployKeys.revoke(org), false);
      assert.equal(await s.store.deployKeys.findOrg(second.key), undefined);
    });

    it('stores keys encrypted with a sha256 lookup digest, and refuses junk without a query error', async () => {
      const org = await newOrg(s.store);
      const given = 'vdk_given-deploy-key-0123456789abcdefghij';
      await s.store.deployKeys.issue(org, given);
      const rows = await rawQuery(s.url, `select key_ciphertext, key_hash from deploy_keys where org_id = '${org}'`);
      assert.equal(rows.length, 1);
      assert.ok(!String(rows[0]!.key_ciphertext).includes(given));
      assert.equal(rows[0]!.key_hash, createHash('sha256').update(given).digest('hex'));
      for (const junk of ['', 'short', 'x'.repeat(5000), given + 'x', 'vdk_\0'.padEnd(40, 'a')]) {
        assert.equal(await s.store.deployKeys.findOrg(junk), undefined);
      }
      await assert.rejects(s.store.deployKeys.issue(org, 'too-short'), StoreValidationError);
      await assert.rejects(s.store.deployKeys.issue('no-such-org'), StoreNotFoundError);
      // two organizations cannot end up with the same key
      await assert.rejects(s.store.deployKeys.issue(await newOrg(s.store), given), /already exists/);
    });
  });

  describe(`${dialect}: agent ingest`, () => {
    const s = useStore(dialect);

    it('registers an agent with a secret in one go; credentials come back decrypted, never stored in clear', async () => {
      const org = await newOrg(s.store);
      const { agent, secret } = await s.store.ingest.registerAgent({
        orgId: org,
        hostname: 'web-1.internal',
        instanceId: 'i-0abc',
        version: '3.2.1',
        tags: [{ source: 'ec2', key: 'env', value: 'prod' }],
        at: T0,
      });
      assert.equal(agent.status, 'online');
      assert.equal(agent.lastReportedAt, T0);
      assert.equal(agent.createdAt, T0);
      assert.equal(agent.name, 'web-1.internal');
      assert.equal(agent.agentType, 'investigate');
      assert.ok(secret.length >= 43);
      assert.deepEqual(await s.store.agents.get(org, agent.id), agent);

      const creds = await s.store.ingest.agentCredentials(agent.id);
      assert.equal(creds?.orgId, org);
      assert.equal(creds?.secret, secret);
      assert.deepEqual(creds?.agent, agent);
      const rows = await rawQuery(s.url, `select secret_ciphertext from agent_secrets where agent_id = '${agent.id}'`);
      assert.ok(!String(rows[0]!.secret_ciphertext).includes(secret));

      assert.equal(await s.store.ingest.agentCredentials('no-such-agent'), undefined);
      assert.equal(await s.store.ingest.agentCredentials('bad\0id'), undefined);
      // an agent created another way (demo, import) has no secret and cannot authenticate
      const imported = await s.store.agents.create(agentInput(org));
      assert.equal(await s.store.ingest.agentCredentials(imported.id), undefined);

      await assert.rejects(s.store.ingest.registerAgent({ orgId: org, hostname: '' }), StoreValidationError);
      await assert.rejects(s.store.ingest.registerAgent({ orgId: 'no-such-org', hostname: 'h' }), StoreNotFoundError);
    });

    it('heartbeats set lastReportedAt, status and reported fields, only within the organization', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h1', at: T0 });
      await s.store.ingest.markOffline(T0 + 1);
      assert.equal((await s.store.agents.get(org, agent.id))?.status, 'offline');

      assert.equal(await s.store.ingest.heartbeat(org, agent.id, T0 + 5000, { version: '3.3.0', kernel: '6.1' }), true);
      const after = await s.store.agents.get(org, agent.id);
      assert.equal(after?.status, 'online');
      assert.equal(after?.lastReportedAt, T0 + 5000);
      assert.equal(after?.version, '3.3.0');
      assert.equal(after?.kernel, '6.1');
      assert.equal(after?.hostname, 'h1');
      assert.equal(await s.store.ingest.heartbeat(other, agent.id, T0 + 9000), false);
      assert.equal((await s.store.agents.get(org, agent.id))?.lastReportedAt, T0 + 5000);
    });

    it('stores a batch once: a retried batch id stores nothing and says duplicate', async () => {
      const org = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h', at: T0 });
      const first = await s.store.ingest.storeBatch(org, agent.id, 'batch-1', events(3), T0 + 10);
      assert.deepEqual(pick(first), { duplicate: false, stored: 3 });
      assert.ok(!first.duplicate && first.receivedAt === T0 + 10 && /^[0-9a-f]{28}$/.test(first.eventIdPrefix));
      const ids = (await s.store.ingest.listEvents(org, agent.id, 10)).map((e) => e.id).sort();
      assert.deepEqual(ids, [0, 1, 2].map((i) => (first.duplicate ? '' : batchEventId(first.eventIdPrefix, i))), 'ids derive from the prefix');
      const again = await s.store.ingest.storeBatch(org, agent.id, 'batch-1', events(3), T0 + 20);
      assert.deepEqual(again, { duplicate: true, stored: 0 });
      assert.equal(await s.store.ingest.countEvents(org, agent.id), 3);
      // the id is per agent: another agent may use the same one
      const { agent: b } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h2', at: T0 });
      assert.deepEqual(pick(await s.store.ingest.storeBatch(org, b.id, 'batch-1', events(2))), { duplicate: false, stored: 2 });
      assert.equal(await s.store.ingest.countEvents(org), 5);

      const listed = await s.store.ingest.listEvents(org, agent.id, 10);
      assert.deepEqual(
        listed.map((e) => e.timestamp),
        [T0 + 2, T0 + 1, T0],
      );
      assert.equal(listed[0]!.eventType, 'file');
      assert.equal(listed[0]!.receivedAt, T0 + 10);
      assert.deepEqual(listed[0]!.data, { event_type: 'file', timestamp: T0 + 2, seq: 2, exe: '/usr/bin/curl' });
      assert.equal((await s.store.agents.get(org, agent.id))?.lastReportedAt, T0 + 10, 'a batch is a sign of life');
    });

    it('stores batches of any size whole, read back in batch order with distinct ordered ids', async () => {
      const org = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h', at: T0 });
      const sizes = [1, 2, 3, 255, 257, 500, 1001, 1234];
      const allIds: string[] = [];
      for (const [i, n] of sizes.entries()) {
        const r = await s.store.ingest.storeBatch(org, agent.id, `b${i}`, events(n), T0 + i);
        assert.deepEqual(pick(r), { duplicate: false, stored: n });
        const back = await s.store.detection.batchEvents({ orgId: org, agentId: agent.id, batchId: `b${i}`, receivedAt: T0 + i });
        assert.deepEqual(back.map((e) => e.data.seq), Array.from({ length: n }, (_, k) => k), 'batch order');
        const ids = back.map((e) => e.id);
        assert.deepEqual([...ids].sort(), ids, 'ids sort in batch order');
        allIds.push(...ids);
      }
      const total = sizes.reduce((a, b) => a + b, 0);
      assert.equal(await s.store.ingest.countEvents(org, agent.id), total);
      assert.equal(new Set(allIds).size, total);
      // another organization cannot read the batch by naming it
      const other = await newOrg(s.store);
      assert.deepEqual(await s.store.detection.batchEvents({ orgId: other, agentId: agent.id, batchId: 'b0', receivedAt: T0 }), []);
    });

    it('still reads events stored one row each before migration 0009', async () => {
      const org = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h', at: T0 });
      const prefix = '0000000000aa0123456789abcdef';
      await rawQuery(
        s.url,
        `insert into event_batches (org_id, agent_id, batch_id, event_count, received_at, event_id_prefix, detected_at) values ('${org}', '${agent.id}', 'legacy', 2, ${T0}, '${prefix}', null) returning batch_id`,
      );
      for (const i of [0, 1]) {
        await rawQuery(
          s.url,
          `insert into events (id, org_id, agent_id, event_type, timestamp, received_at, data) values ('${prefix}000${i}', '${org}', '${agent.id}', 'audit', ${T0 + i}, ${T0}, '{"seq":${i}}') returning id`,
        );
      }
      await s.store.ingest.storeBatch(org, agent.id, 'new', events(3), T0 + 1);
      assert.equal(await s.store.ingest.countEvents(org, agent.id), 5);
      const back = await s.store.detection.batchEvents({ orgId: org, agentId: agent.id, batchId: 'legacy', receivedAt: T0 });
      assert.deepEqual(back.map((e) => [e.id, e.data.seq]), [[`${prefix}0000`, 0], [`${prefix}0001`, 1]]);
      assert.equal((await s.store.ingest.listEvents(org, agent.id, 10)).length, 5);
      // (retention spans every organization of this shared test database, so only a lower bound here)
      assert.ok((await s.store.retention.deleteEventsBefore(T0 + 1)) >= 2, 'legacy rows expire too');
      assert.equal(await s.store.ingest.countEvents(org, agent.id), 3);
    });

    it('refuses bad batches whole, and a batch for an agent of another organization', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h', at: T0 });
      for (const bad of ['', 'has space', 'x'.repeat(129), 'ü']) {
        await assert.rejects(s.store.ingest.storeBatch(org, agent.id, bad, events(1)), StoreValidationError);
      }
      const mixed = [...events(5), { eventType: 'audit', timestamp: 1.5, data: {} }];
      await assert.rejects(s.store.ingest.storeBatch(org, agent.id, 'b', mixed), /event 5 timestamp/);
      await assert.rejects(s.store.ingest.storeBatch(org, agent.id, 'b', events(1, { eventType: '' })), StoreValidationError);
      await assert.rejects(s.store.ingest.storeBatch(other, agent.id, 'b', events(2)), StoreNotFoundError);
      assert.equal(await s.store.ingest.countEvents(org), 0);
      assert.equal(await s.store.ingest.countEvents(other), 0);
      // nothing of the refused attempts was recorded, so the id is still free
      assert.deepEqual(pick(await s.store.ingest.storeBatch(org, agent.id, 'b', events(2))), { duplicate: false, stored: 2 });
    });

    it('racing retries of one batch store it exactly once', async () => {
      const org = await newOrg(s.store);
      const { agent } = await s.store.ingest.registerAgent({ orgId: org, hostname: 'h', at: T0 });
      const results = await Promise.all(
        Array.from({ length: 6 }, () => s.store.ingest.storeBatch(org, agent.id, 'same', events(300))),
      );
      assert.equal(results.filter((r) => !r.duplicate).length, 1);
      assert.equal(await s.store.ingest.countEvents(org, agent.id), 300);
    });

    it('marks silent protocol agents offline and leaves imported agents alone', async () => {
      const org = await newOrg(s.store);
      const now = Date.now();
      const silent = (await s.store.ingest.registerAgent({ orgId: org, hostname: 'silent', at: now - 600_000 })).agent;
      const fresh = (await s.store.ingest.registerAgent({ orgId: org, hostname: 'fresh', at: now })).agent;
      const imported = await s.store.agents.create(agentInput(org, { lastReportedAt: now - 3_600_000 }));
      const changed = await s.store.ingest.markOffline(now - 300_000);
      assert.ok(changed >= 1);
      assert.equal((await s.store.agents.get(org, silent.id))?.status, 'offline');
      assert.equal((await s.store.agents.get(org, fresh.id))?.status, 'online');
      assert.equal((await s.store.agents.get(org, imported.id))?.status, 'online');
      assert.equal(await s.store.ingest.markOffline(now - 300_000), 0, 'idempotent');
    });
  });
}
