/**
 * Vulnerability matching through the store (issue #19): the fleet and advisories of vulns-matching.ts
 * written into a fresh SQLite or PostgreSQL database (inventories as agents send them, advisories as an
 * import upserts them), then the server's matching worker (`tick()`, the pass its timer runs) timed for
 * the full match, one new advisory and one host's new inventory (the pass after the write, not the write), findings written with
 * `findings.replaceForAgent` / `replaceForAdvisory`. Part of `BENCH_ONLY=vulns npm run bench`;
 * BENCH_VULNS_STORE=sqlite,postgres picks the databases (PostgreSQL from VIGIL_TEST_PG_URL, default
 * 127.0.0.1), BENCH_VULNS_STORE=none leaves this part out.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { startVulnerabilityMatchingWorker } from '@vigil/server';
import type { Advisory } from '@vigil/vulns';
import type { Host, Source } from './vulns-matching.js';

export interface StoreFigures {
  dialect: string;
  loadInventoriesMs: number;
  loadAdvisoriesMs: number;
  fullMatchMs: number;
  findingRows: number;
  newAdvisoryMs: number[];
  hostInventoryMs: number[];
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Loads the fleet and the advisories into a fresh database of `dialect` and times the worker's passes.
 *
 * ```ts
 * const figures = await storeMatchingBench('sqlite', hosts, advisories, sources);
 * ```
 */
export async function storeMatchingBench(dialect: 'sqlite' | 'postgres', hosts: Host[], advisories: Advisory[], sources: Source[]): Promise<StoreFigures> {
  const db = await createTestDatabase(dialect);
  const store: Store = await openStore({ url: db.url, secret: randomBytes(24).toString('hex') });
  try {
    const org = await store.organizations.create({ id: 'benchorg', name: 'Bench' });
    const agents = await store.agents.createMany(
      hosts.map((h) => ({
        orgId: org.id,
        instanceId: null,
        status: 'online' as const,
        lastReportedAt: Date.now(),
        version: '1.0.0',
        name: h.id,
        description: '',
        hostname: `${h.id}.example.com`,
        ipAddresses: { private: [], link_local: [], public: [] },
        tags: [],
        agentType: 'monitor' as const,
        osVersion: 'Debian 12',
        kernel: '6.1.0',
        agentModuleHealth: {},
      })),
    );
    let t = process.hrtime.bigint();
    for (let i = 0; i < hosts.length; i++) {
      await store.inventory.replace(org.id, agents[i]!.id, { ecosystem: 'Debian:12', manager: 'dpkg', packages: hosts[i]!.packages });
    }
    const loadInventoriesMs = ms(t);
    t = process.hrtime.bigint();
    for (let i = 0; i < advisories.length; i += 1000) await store.advisories.upsert(advisories.slice(i, i + 1000));
    const loadAdvisoriesMs = ms(t);

    const worker = startVulnerabilityMatchingWorker({ store, intervalMs: 3_600_000 });
    try {
      t = process.hrtime.bigint();
      await worker.tick();
      const fullMatchMs = ms(t);
      const findingRows = await store.findings.count();

      const newAdvisoryMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const source = sources[i * 7]!;
        const advisory: Advisory = {
          ...advisories[0]!,
          id: `NEW-${dialect}-${i}`,
          cves: [`CVE-2099-${1000 + i}`],
          withdrawn: null,
          affected: [{ ecosystem: 'Debian:12', name: source.name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: source.versions[3]! }] }], versions: [] }],
        };
        await store.advisories.upsert([advisory]);
        t = process.hrtime.bigint();
        await worker.tick();
        newAdvisoryMs.push(ms(t));
      }

      const hostInventoryMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const host = hosts[i]!;
        const packages = host.packages.map((p, j) => (j % 15 === i % 15 ? { ...p, version: `${p.version}+u${i}`, sourceVersion: `${p.sourceVersion}+u${i}` } : p));
        await store.inventory.replace(org.id, agents[i]!.id, { ecosystem: 'Debian:12', manager: 'dpkg', packages });
        t = process.hrtime.bigint();
        await worker.tick();
        hostInventoryMs.push(ms(t));
      }
      return { dialect, loadInventoriesMs, loadAdvisoriesMs, fullMatchMs, findingRows, newAdvisoryMs, hostInventoryMs };
    } finally {
      await worker.stop();
    }
  } finally {
    await store.close();
    await db.drop();
  }
}
